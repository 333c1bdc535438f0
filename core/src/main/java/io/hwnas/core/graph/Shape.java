package io.hwnas.core.graph;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A tensor shape. A dimension of {@link #BATCH} is the symbolic batch size, exported to ONNX as {@code N}; every
 * other dimension is a positive constant. Costs are counted per sample, so the batch dimension counts as 1.
 */
public record Shape(List<Integer> dims) {

    /** The symbolic batch dimension. */
    public static final int BATCH = -1;

    public Shape {
        dims = List.copyOf(dims);
        for (int i = 0; i < dims.size(); i++) {
            int d = dims.get(i);
            if (d <= 0 && d != BATCH) {
                throw new IllegalArgumentException("shape dimension " + i + " must be > 0 or BATCH, but was " + d);
            }
        }
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int i) {
        return dims.get(i);
    }

    public boolean isBatch(int i) {
        return dims.get(i) == BATCH;
    }

    /** Number of elements, with the batch dimension counted as 1. */
    public long elements() {
        long n = 1;
        for (int d : dims) {
            n *= d == BATCH ? 1 : d;
        }
        return n;
    }

    /** Resolves the symbolic batch dimension to a concrete size. */
    public int[] concrete(int batch) {
        return dims.stream().mapToInt(d -> d == BATCH ? batch : d).toArray();
    }

    /** Normalises a possibly negative axis against this rank, naming {@code what} in the error. */
    public int axis(int axis, String what) {
        int a = axis < 0 ? axis + rank() : axis;
        if (a < 0 || a >= rank()) {
            throw new IllegalArgumentException(what + " axis " + axis + " out of range for rank " + rank());
        }
        return a;
    }

    public Shape with(int index, int value) {
        Integer[] d = dims.toArray(Integer[]::new);
        d[index] = value;
        return new Shape(List.of(d));
    }

    @Override
    public String toString() {
        return dims.stream().map(d -> d == BATCH ? "N" : Integer.toString(d)).collect(Collectors.joining("x", "[", "]"));
    }
}
