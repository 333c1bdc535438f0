package io.hwnas.core.search;

import java.io.Serializable;

/**
 * A candidate's latency on one device as known at one moment: measured (from the profiler or a published table),
 * predicted, or both. The search uses the measured value when there is one.
 *
 * @param measuredMs  median latency measured, or NaN
 * @param predictedMs latency predicted, or NaN
 */
public record LatencyEstimate(double measuredMs, double predictedMs) implements Serializable {

    public LatencyEstimate {
        if (Double.isNaN(measuredMs) && Double.isNaN(predictedMs)) {
            throw new IllegalArgumentException("a latency estimate needs a measured or a predicted value");
        }
    }

    public static LatencyEstimate measured(double ms) {
        return new LatencyEstimate(ms, Double.NaN);
    }

    public static LatencyEstimate predicted(double ms) {
        return new LatencyEstimate(Double.NaN, ms);
    }

    public boolean isMeasured() {
        return !Double.isNaN(measuredMs);
    }

    public boolean isPredicted() {
        return !Double.isNaN(predictedMs);
    }

    /** The value the search uses: measured when known, else predicted. */
    public double bestMs() {
        return isMeasured() ? measuredMs : predictedMs;
    }

    public LatencyEstimate withMeasured(double ms) {
        return new LatencyEstimate(ms, predictedMs);
    }

    public LatencyEstimate withPredicted(double ms) {
        return new LatencyEstimate(measuredMs, ms);
    }
}
