package io.hwnas.predictors.data;

import io.hwnas.core.space.Architecture;
import java.util.Objects;

/** One architecture and its measured latency. */
public record LatencyRecord(Architecture architecture, double latencyMs) {

    public LatencyRecord {
        Objects.requireNonNull(architecture, "architecture");
        if (!(Double.isFinite(latencyMs) && latencyMs > 0)) {
            throw new IllegalArgumentException("latencyMs must be finite and > 0, but was " + latencyMs + " for "
                    + architecture);
        }
    }
}
