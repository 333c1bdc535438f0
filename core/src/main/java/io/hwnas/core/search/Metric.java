package io.hwnas.core.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hwnas.core.graph.GraphCost;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the search can optimise or bound. Names are what users type in {@code --objective} and {@code --budget} and
 * what output files use as column names.
 */
public enum Metric {
    /** Accuracy in %, from the accuracy oracle. Maximised. */
    ACCURACY("accuracy", true),
    /**
     * Latency in ms on one device, from a latency oracle. Minimised. For a network with early exits, the expected
     * latency: per exit, the share of inputs that leave there times the latency up to and including it.
     */
    LATENCY_MS("latency_ms", false),
    /** Trainable parameters (what NAS papers publish). */
    PARAMS("params", false),
    /** FLOPs of one sample (2 per multiply-accumulate, see {@code CostModel}). */
    FLOPS("flops", false),
    /** Peak live activation memory of one sample, in MB (10^6 bytes). */
    PEAK_MEMORY_MB("peak_memory_mb", false),
    /** Bytes of all parameters in float32, in MB (10^6 bytes): the size of the exported file, give or take. */
    MODEL_SIZE_MB("model_size_mb", false),
    /**
     * What running one sample needs in memory, in MB: the parameters plus the peak live activations (a language
     * model's decode graph holds its KV cache among them).
     */
    MEMORY_MB("memory_mb", false),
    /**
     * Latency in ms on one device of the longest path an input can take: for a network with early exits the whole
     * network with every exit's head (an input that leaves nowhere early), for any other its latency. A budget on
     * one device or every device, like latency.
     */
    WORST_LATENCY_MS("worst_latency_ms", false);

    private final String key;
    private final boolean maximised;

    Metric(String key, boolean maximised) {
        this.key = key;
        this.maximised = maximised;
    }

    @JsonValue
    public String key() {
        return key;
    }

    public boolean maximised() {
        return maximised;
    }

    /** Whether the value comes from the network's graph alone (no oracle). */
    public boolean fromGraph() {
        return this != ACCURACY && !perDevice();
    }

    /** Whether the value is a device's ({@link #LATENCY_MS}, {@link #WORST_LATENCY_MS}), so a budget may name one. */
    public boolean perDevice() {
        return this == LATENCY_MS || this == WORST_LATENCY_MS;
    }

    /** This metric's value from a graph's cost; only for {@link #fromGraph()} metrics. */
    public double of(GraphCost cost) {
        return switch (this) {
            case PARAMS -> cost.trainableParams();
            case FLOPS -> cost.flops();
            case PEAK_MEMORY_MB -> cost.peakActivationBytes() / 1e6;
            case MODEL_SIZE_MB -> cost.parameterBytes() / 1e6;
            case MEMORY_MB -> (cost.parameterBytes() + cost.peakActivationBytes()) / 1e6;
            default -> throw new IllegalStateException(key + " does not come from the graph");
        };
    }

    /** The metric named {@code name}; an unknown name fails listing the known ones. */
    @JsonCreator
    public static Metric parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.key.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + keys());
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Metric::key).toList();
    }
}
