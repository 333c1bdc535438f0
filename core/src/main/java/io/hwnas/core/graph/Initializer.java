package io.hwnas.core.graph;

import java.util.Objects;

/**
 * A tensor that is part of the model rather than computed: a learned parameter (its values come from a seeded
 * initialiser or from training) or a constant with fixed data (a Reshape target shape, Clip bounds).
 * Only parameters count toward {@link GraphCost#params()}; constants are exported as ONNX {@code Constant} nodes so
 * that a file's initializers are exactly its parameters.
 */
public record Initializer(String name, TensorType type, Role role, TensorData data) {

    /** What a tensor is for; decides how random weights are drawn and whether it counts as a parameter. */
    public enum Role {
        /** Conv/Gemm/MatMul weight, scaled by fan-in. */
        WEIGHT,
        BIAS,
        /** Normalisation scale (gamma), near 1. */
        NORM_SCALE,
        /** Normalisation shift (beta). */
        NORM_BIAS,
        /** BatchNormalization running mean. */
        NORM_MEAN,
        /** BatchNormalization running variance, positive. */
        NORM_VAR,
        EMBEDDING,
        /** Fixed data, not a parameter. */
        CONSTANT;

        public boolean isParameter() {
            return this != CONSTANT;
        }
    }

    public Initializer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(role, "role");
        if (role == Role.CONSTANT && data == null) {
            throw new IllegalArgumentException("constant '" + name + "' needs data");
        }
        if (data != null) {
            if (data.type() != type.type()) {
                throw new IllegalArgumentException("initializer '" + name + "': data is " + data.type()
                        + " but type is " + type.type());
            }
            if (type.shape().dims().contains(Shape.BATCH)) {
                throw new IllegalArgumentException("initializer '" + name + "' cannot have a batch dimension");
            }
            if (data.size() != type.elements()) {
                throw new IllegalArgumentException("initializer '" + name + "': " + data.size()
                        + " values for shape " + type.shape() + " (" + type.elements() + " elements)");
            }
        }
    }

    public boolean isParameter() {
        return role.isParameter();
    }
}
