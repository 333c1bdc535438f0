package io.hwnas.core.graph;

import java.util.Arrays;

/** Immutable tensor values, flat in row-major order: floats or 64-bit integers. */
public final class TensorData {

    private final DataType type;
    private final float[] floats;
    private final long[] longs;

    private TensorData(DataType type, float[] floats, long[] longs) {
        this.type = type;
        this.floats = floats;
        this.longs = longs;
    }

    public static TensorData ofFloats(float... values) {
        return new TensorData(DataType.FLOAT, values.clone(), null);
    }

    public static TensorData ofLongs(long... values) {
        return new TensorData(DataType.INT64, null, values.clone());
    }

    public DataType type() {
        return type;
    }

    public int size() {
        return type == DataType.FLOAT ? floats.length : longs.length;
    }

    /** A copy of the values; fails for INT64 data. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("tensor data is " + type + ", not FLOAT");
        }
        return floats.clone();
    }

    /** A copy of the values; fails for FLOAT data. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("tensor data is " + type + ", not INT64");
        }
        return longs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData t && t.type == type && Arrays.equals(t.floats, floats)
                && Arrays.equals(t.longs, longs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(floats) + Arrays.hashCode(longs);
    }

    @Override
    public String toString() {
        return type + "[" + size() + "]";
    }
}
