package io.hwnas.core.graph.reference;

import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import java.util.Objects;

/** A tensor with a concrete shape (no symbolic batch dimension) and its values in row-major order. */
public record Tensor(Shape shape, TensorData data) {

    public Tensor {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (shape.dims().contains(Shape.BATCH)) {
            throw new IllegalArgumentException("tensor shape must be concrete, but was " + shape);
        }
        if (data.size() != shape.elements()) {
            throw new IllegalArgumentException(data.size() + " values for shape " + shape + " (" + shape.elements()
                    + " elements)");
        }
    }

    public static Tensor ofFloats(Shape shape, float... values) {
        return new Tensor(shape, TensorData.ofFloats(values));
    }

    public static Tensor ofLongs(Shape shape, long... values) {
        return new Tensor(shape, TensorData.ofLongs(values));
    }

    public DataType type() {
        return data.type();
    }

    /** The dimensions as an array (ONNX Runtime wants {@code long[]}). */
    public long[] dims() {
        return shape.dims().stream().mapToLong(Integer::longValue).toArray();
    }

    /** A copy of the values; fails for INT64 data. */
    public float[] floats() {
        return data.floats();
    }

    /** A copy of the values; fails for FLOAT data. */
    public long[] longs() {
        return data.longs();
    }

    @Override
    public String toString() {
        return data.type().name().toLowerCase(java.util.Locale.ROOT) + shape;
    }
}
