package io.hwnas.predictors.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code key=value,key=value} options of the built-in plugins ({@code roofline:peak=100,bw=20,calibrate})
 * so that each can turn them into its own typed options record. A bare key is {@code key=true}. An unknown or
 * repeated key, or a value of the wrong kind, fails naming the plugin, the key and the value.
 */
public final class PluginOptions {

    private final String plugin;
    private final Map<String, String> values;

    private PluginOptions(String plugin, Map<String, String> values) {
        this.plugin = plugin;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param plugin the plugin's name, for messages
     * @param text   the options, may be empty
     * @param known  the keys the plugin accepts
     */
    public static PluginOptions parse(String plugin, String text, Set<String> known) {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(known, "known");
        Map<String, String> m = new LinkedHashMap<>();
        String t = text == null ? "" : text.strip();
        if (!t.isEmpty()) {
            for (String part : t.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    throw new IllegalArgumentException(plugin + " options '" + t + "': empty option; expected "
                            + "key=value[,key=value...]");
                }
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).strip();
                String value = eq < 0 ? "true" : p.substring(eq + 1).strip();
                if (!known.contains(key)) {
                    throw new IllegalArgumentException(plugin + " option '" + key + "' is unknown; known: "
                            + new TreeSet<>(known));
                }
                if (m.putIfAbsent(key, value) != null) {
                    throw new IllegalArgumentException(plugin + " option '" + key + "' is given twice in '" + t + "'");
                }
            }
        }
        return new PluginOptions(plugin, m);
    }

    public Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A number {@code > 0}, if given. */
    public Optional<Double> positive(String key) {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number > 0");
        }
        if (!(Double.isFinite(d) && d > 0)) {
            throw bad(key, v, "a number > 0");
        }
        return Optional.of(d);
    }

    /** A number {@code >= 0}, or {@code fallback} when not given. */
    public double nonNegative(String key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, v, "a number >= 0");
    }

    /** {@code true} for a bare key or {@code key=true}, {@code false} for {@code key=false} or when absent. */
    public boolean flag(String key) {
        String v = values.get(key);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw bad(key, v, "true or false");
    }

    /** One of {@code choices}, or {@code fallback} when not given. */
    public String choice(String key, Set<String> choices, String fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!choices.contains(v)) {
            throw bad(key, v, "one of " + new TreeSet<>(choices));
        }
        return v;
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException(plugin + " option " + key + " must be " + expected + ", but was '" + value
                + "'");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
