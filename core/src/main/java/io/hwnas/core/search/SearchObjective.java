package io.hwnas.core.search;

import java.io.Serializable;
import java.util.Objects;

/**
 * One objective of a search: a metric, and for latency the device it is measured on. Accuracy is maximised, the
 * rest minimised.
 *
 * @param device the device for {@link Metric#LATENCY_MS}; {@code null} otherwise
 */
public record SearchObjective(Metric metric, String device) implements Serializable {

    public SearchObjective {
        Objects.requireNonNull(metric, "metric");
        if ((metric == Metric.LATENCY_MS) != (device != null)) {
            throw new IllegalArgumentException("a latency objective names its device, and only it: " + metric + "/"
                    + device);
        }
    }

    public static SearchObjective of(Metric metric) {
        return new SearchObjective(metric, null);
    }

    public static SearchObjective latency(String device) {
        return new SearchObjective(Metric.LATENCY_MS, device);
    }

    /** Column name in output files: {@code accuracy}, {@code params}, {@code latency_ms[cpu-1t]}. */
    public String key() {
        return device == null ? metric.key() : metric.key() + "[" + device + "]";
    }

    /** The value of this objective for {@code c}, latency measured when known, else predicted. */
    public double valueOf(Candidate c) {
        return switch (metric) {
            case ACCURACY -> c.accuracy();
            case LATENCY_MS -> c.latency(device).bestMs();
            default -> c.graphMetric(metric);
        };
    }

    @Override
    public String toString() {
        return key();
    }
}
