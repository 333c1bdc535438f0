package io.hwnas.predictors.kernel;

import io.hwnas.core.measure.trace.TracePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel predictor's options, parsed from {@code --predictor kernel:key=value,...}.
 *
 * <pre>{@code
 * KernelOptions o = KernelOptions.parse("device=cpu-1t,runs=20");
 * }</pre>
 *
 * @param device     the device to trace on; null to take the training data's device
 * @param warmup     untimed runs per trace
 * @param runs       kept runs per trace (each kernel's median is over these)
 * @param neighbours nearest measured kernels that correct a kernel's prediction (0: the regression alone)
 * @param ridge      ridge penalty of the per-type regressions, > 0
 */
public record KernelOptions(String device, int warmup, int runs, int neighbours, double ridge) {

    public static final List<String> KEYS = List.of("device", "warmup", "runs", "neighbours", "ridge");

    public static final KernelOptions DEFAULTS = new KernelOptions(null, TracePlan.DEFAULT_WARMUP_RUNS,
            TracePlan.DEFAULT_RUNS, 5, 1.0);

    public KernelOptions {
        if (device != null && device.isBlank()) {
            throw new IllegalArgumentException("kernel option device must be a device id, but was '" + device + "'");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("kernel option warmup must be >= 0, but was " + warmup);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("kernel option runs must be >= 1, but was " + runs);
        }
        if (neighbours < 0) {
            throw new IllegalArgumentException("kernel option neighbours must be >= 0, but was " + neighbours);
        }
        if (!(ridge > 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("kernel option ridge must be > 0, but was " + ridge);
        }
    }

    public TracePlan plan() {
        return new TracePlan(warmup, runs);
    }

    /**
     * Parses {@code key=value} pairs separated by commas; the empty string gives {@link #DEFAULTS}.
     *
     * @throws IllegalArgumentException naming an unknown key (with the known ones), a repeated key, or a bad value
     */
    public static KernelOptions parse(String text) {
        Map<String, String> given = new LinkedHashMap<>();
        String t = text == null ? "" : text.strip();
        if (!t.isEmpty()) {
            for (String part : t.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("kernel option '" + part.strip() + "' must be key=value; keys: "
                            + KEYS);
                }
                String key = part.substring(0, eq).strip();
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown kernel option '" + key + "'; known: " + KEYS);
                }
                if (given.put(key, part.substring(eq + 1).strip()) != null) {
                    throw new IllegalArgumentException("kernel option '" + key + "' is given twice");
                }
            }
        }
        KernelOptions d = DEFAULTS;
        return new KernelOptions(given.getOrDefault("device", d.device()),
                integer(given, "warmup", d.warmup()), integer(given, "runs", d.runs()),
                integer(given, "neighbours", d.neighbours()), number(given, "ridge", d.ridge()));
    }

    private static int integer(Map<String, String> given, String key, int otherwise) {
        String v = given.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel option " + key + " must be an integer, but was '" + v + "'");
        }
    }

    private static double number(Map<String, String> given, String key, double otherwise) {
        String v = given.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kernel option " + key + " must be a number, but was '" + v + "'");
        }
    }

    /** The options as {@link #parse} takes them, defaults left out. */
    public String spec() {
        StringBuilder b = new StringBuilder();
        if (device != null) {
            b.append("device=").append(device).append(',');
        }
        if (warmup != DEFAULTS.warmup()) {
            b.append("warmup=").append(warmup).append(',');
        }
        if (runs != DEFAULTS.runs()) {
            b.append("runs=").append(runs).append(',');
        }
        if (neighbours != DEFAULTS.neighbours()) {
            b.append("neighbours=").append(neighbours).append(',');
        }
        if (ridge != DEFAULTS.ridge()) {
            b.append("ridge=").append(ridge).append(',');
        }
        return b.length() == 0 ? "" : b.substring(0, b.length() - 1);
    }
}
