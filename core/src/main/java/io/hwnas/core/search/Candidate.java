package io.hwnas.core.search;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluated architecture: what the oracles said of it, and when it was first reached. Immutable; a measurement
 * taken later makes a new candidate through {@link #withLatency}.
 *
 * @param index        the order in which the search reached it (0 = first evaluation)
 * @param generation   the generation that reached it (1 = the initial population)
 * @param arch         canonical architecture string
 * @param accuracy     accuracy in % from the accuracy oracle
 * @param latency      per device (in the search's device order): measured and/or predicted latency
 * @param graphMetrics metrics computed from the network's graph (parameters, FLOPs, memory), when asked for
 * @param extras       what the oracles told besides ({@link AccuracyOracle#extras}, {@link LatencyOracle#extras}):
 *                     for a network with early exits, the share of inputs that leave at each exit, each exit's
 *                     latency and the worst case ({@link #worstKey}); empty for others (and in checkpoints written
 *                     before extras existed)
 */
public record Candidate(int index, int generation, String arch, double accuracy, Map<String, LatencyEstimate> latency,
        Map<Metric, Double> graphMetrics, Map<String, Double> extras) implements Serializable {

    public Candidate {
        Objects.requireNonNull(arch, "arch");
        latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
        graphMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(graphMetrics));
        extras = extras == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    public Candidate(int index, int generation, String arch, double accuracy, Map<String, LatencyEstimate> latency,
            Map<Metric, Double> graphMetrics) {
        this(index, generation, arch, accuracy, latency, graphMetrics, Map.of());
    }

    /** The extra of the worst-case latency on {@code device}: {@code worst_latency_ms[cpu-1t]}. */
    public static String worstKey(String device) {
        return Metric.WORST_LATENCY_MS.key() + "[" + device + "]";
    }

    /** The latency of the longest path on {@code device}: the worst case when an oracle told it, else the latency. */
    public double worstLatency(String device) {
        Double w = extras.get(worstKey(device));
        return w != null ? w : latency(device).bestMs();
    }

    public LatencyEstimate latency(String device) {
        LatencyEstimate e = latency.get(device);
        if (e == null) {
            throw new IllegalArgumentException("no latency on '" + device + "' for " + arch + "; devices: "
                    + latency.keySet());
        }
        return e;
    }

    public double graphMetric(Metric m) {
        Double v = graphMetrics.get(m);
        if (v == null) {
            throw new IllegalStateException(m.key() + " was not computed for " + arch);
        }
        return v;
    }

    /** The value of {@code metric} (for latency: on {@code device}, best known). */
    public double value(Metric metric, String device) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case LATENCY_MS -> latency(device).bestMs();
            case WORST_LATENCY_MS -> worstLatency(device);
            default -> graphMetric(metric);
        };
    }

    public Candidate withLatency(String device, LatencyEstimate e) {
        Map<String, LatencyEstimate> m = new LinkedHashMap<>(latency);
        m.put(device, e);
        return new Candidate(index, generation, arch, accuracy, m, graphMetrics, extras);
    }

    /** The same candidate with the accuracy of a higher-fidelity evaluation. */
    public Candidate withAccuracy(double a) {
        return new Candidate(index, generation, arch, a, latency, graphMetrics, extras);
    }

    public Candidate withGraphMetrics(Map<Metric, Double> more) {
        Map<Metric, Double> m = new LinkedHashMap<>(graphMetrics);
        m.putAll(more);
        return new Candidate(index, generation, arch, accuracy, latency, m, extras);
    }
}
