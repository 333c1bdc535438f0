package io.hwnas.core.graph;

import java.util.Objects;

/** Element type and shape of one value in the graph. */
public record TensorType(DataType type, Shape shape) {

    public TensorType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
    }

    public static TensorType floats(int... dims) {
        return new TensorType(DataType.FLOAT, Shape.of(dims));
    }

    public static TensorType longs(int... dims) {
        return new TensorType(DataType.INT64, Shape.of(dims));
    }

    public long elements() {
        return shape.elements();
    }

    public long bytes() {
        return shape.elements() * type.bytes();
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + shape;
    }
}
