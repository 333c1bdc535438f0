package io.hwnas.core.graph;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The operators of the IR. Each is the ONNX operator of the same name with ONNX's semantics (inputs in ONNX's order,
 * attributes with ONNX's names and defaults), so that export is a direct mapping and an imported ONNX graph needs no
 * translation. {@code minInputs}/{@code maxInputs} give the arity; {@code attributes} lists what a node may carry.
 */
public enum Op {
    CONV("Conv", 2, 3, "kernel_shape", "strides", "pads", "dilations", "group"),
    BATCH_NORMALIZATION("BatchNormalization", 5, 5, "epsilon", "momentum"),
    RELU("Relu", 1, 1),
    CLIP("Clip", 1, 3),
    HARD_SWISH("HardSwish", 1, 1),
    HARD_SIGMOID("HardSigmoid", 1, 1, "alpha", "beta"),
    SIGMOID("Sigmoid", 1, 1),
    GELU("Gelu", 1, 1, "approximate"),
    ADD("Add", 2, 2),
    MUL("Mul", 2, 2),
    AVERAGE_POOL("AveragePool", 1, 1, "kernel_shape", "strides", "pads", "count_include_pad", "ceil_mode"),
    MAX_POOL("MaxPool", 1, 1, "kernel_shape", "strides", "pads", "ceil_mode", "dilations"),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool", 1, 1),
    FLATTEN("Flatten", 1, 1, "axis"),
    GEMM("Gemm", 2, 3, "alpha", "beta", "transA", "transB"),
    MAT_MUL("MatMul", 2, 2),
    CONCAT("Concat", 1, Integer.MAX_VALUE, "axis"),
    RESHAPE("Reshape", 2, 2, "allowzero"),
    TRANSPOSE("Transpose", 1, 1, "perm"),
    SOFTMAX("Softmax", 1, 1, "axis"),
    LAYER_NORMALIZATION("LayerNormalization", 2, 3, "axis", "epsilon"),
    GATHER("Gather", 2, 2, "axis");

    private final String onnxName;
    private final int minInputs;
    private final int maxInputs;
    private final Set<String> attributes;

    Op(String onnxName, int minInputs, int maxInputs, String... attributes) {
        this.onnxName = onnxName;
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
        this.attributes = Set.of(attributes);
    }

    public String onnxName() {
        return onnxName;
    }

    public int minInputs() {
        return minInputs;
    }

    public int maxInputs() {
        return maxInputs;
    }

    public Set<String> attributes() {
        return attributes;
    }

    public static Optional<Op> fromOnnx(String opType) {
        return Arrays.stream(values()).filter(o -> o.onnxName.equals(opType)).findFirst();
    }

    @Override
    public String toString() {
        return onnxName;
    }

    /** Lower-case ONNX name, used in generated node names. */
    public String shortName() {
        return onnxName.toLowerCase(Locale.ROOT);
    }
}
