package io.hwnas.predictors.spi;

/**
 * A predicted latency, with its standard deviation where the predictor can tell one (Gaussian processes, a lookup
 * table's variance, a forest's spread), else {@code NaN}.
 */
public record Prediction(double latencyMs, double stdMs) {

    public Prediction {
        if (!Double.isFinite(latencyMs)) {
            throw new IllegalArgumentException("latencyMs must be finite, but was " + latencyMs);
        }
        if (!(Double.isNaN(stdMs) || stdMs >= 0)) {
            throw new IllegalArgumentException("stdMs must be >= 0 or NaN, but was " + stdMs);
        }
    }

    public static Prediction of(double latencyMs) {
        return new Prediction(latencyMs, Double.NaN);
    }

    public boolean hasUncertainty() {
        return !Double.isNaN(stdMs);
    }
}
