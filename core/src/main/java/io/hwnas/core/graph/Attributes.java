package io.hwnas.core.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable node attributes with ONNX's attribute kinds: INT ({@link Long}), FLOAT ({@link Float}), INTS
 * ({@code List<Long>}), FLOATS ({@code List<Float>}) and STRING.
 */
public final class Attributes {

    public static final Attributes NONE = new Attributes(Map.of());

    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    // The typed getters check the kind: an imported file may give any attribute any kind (issue 18's fuzzing).

    public long getInt(String name, long defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Long l)) {
            throw wrongKind(name, "INT", v);
        }
        return l;
    }

    public float getFloat(String name, float defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Float f)) {
            throw wrongKind(name, "FLOAT", v);
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    public List<Long> getInts(String name, List<Long> defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof List<?> l) || !l.stream().allMatch(Long.class::isInstance)) {
            throw wrongKind(name, "INTS", v);
        }
        return (List<Long>) v;
    }

    /** INTS attribute as an int array, or the default when absent; a value beyond an int is refused. */
    public int[] ints(String name, int... defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue.clone();
        }
        List<Long> longs = getInts(name, List.of());
        int[] out = new int[longs.size()];
        for (int i = 0; i < out.length; i++) {
            long x = longs.get(i);
            if (x != (int) x) {
                throw new IllegalArgumentException("attribute '" + name + "' holds " + x + ", beyond an int");
            }
            out[i] = (int) x;
        }
        return out;
    }

    private static IllegalArgumentException wrongKind(String name, String kind, Object v) {
        return new IllegalArgumentException("attribute '" + name + "' must be " + kind + ", but was " + v);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && a.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects attributes; keeps insertion order so exported files are stable. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder set(String name, long value) {
            values.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder set(String name, float value) {
            values.put(Objects.requireNonNull(name), value);
            return this;
        }

        public Builder set(String name, String value) {
            values.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder setInts(String name, int... ints) {
            values.put(Objects.requireNonNull(name), java.util.Arrays.stream(ints).mapToObj(i -> (long) i).toList());
            return this;
        }

        public Builder setInts(String name, List<Long> ints) {
            values.put(Objects.requireNonNull(name), List.copyOf(ints));
            return this;
        }

        public Builder setFloats(String name, List<Float> floats) {
            values.put(Objects.requireNonNull(name), List.copyOf(floats));
            return this;
        }

        public Attributes build() {
            return values.isEmpty() ? NONE : new Attributes(new LinkedHashMap<>(values));
        }
    }
}
