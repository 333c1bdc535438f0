package io.hwnas.predictors.transfer;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A target device's latency as a non-negative mixture of reference devices: {@code intercept + Σ_j w_j · ref_j(a)},
 * where {@code ref_j} is reference device j's {@link AdditiveLatencyModel} fitted on its whole table column. Since
 * every {@code ref_j} is additive in the space's decisions, so is the mixture: this predictor holds that one
 * {@link #model() additive model} and needs neither the table nor the reference measurements to predict. It predicts
 * <em>any</em> architecture of its space, in the table or not. Made by {@link FewShotTransfer}. Immutable and
 * thread-safe.
 */
public final class TransferPredictor implements LatencyPredictor {

    /** Predictions are never below this: a latency is positive, and a mixture with a negative intercept could not be. */
    public static final double FLOOR_MS = 1e-3;

    private final PredictorInfo info;
    private final AdditiveLatencyModel model;
    private final Map<String, Double> weights;
    private final double intercept;
    private final double scaleMs;

    TransferPredictor(PredictorInfo info, AdditiveLatencyModel model, Map<String, Double> weights, double intercept,
            double scaleMs) {
        this.info = Objects.requireNonNull(info, "info");
        this.model = Objects.requireNonNull(model, "model");
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.intercept = intercept;
        this.scaleMs = scaleMs;
    }

    @Override
    public PredictorInfo info() {
        return info;
    }

    /**
     * @throws IllegalArgumentException for an architecture of another space, naming both
     */
    @Override
    public Prediction predict(Architecture architecture) {
        return Prediction.of(Math.max(FLOOR_MS, model.predict(architecture)));
    }

    /** The target as one additive per-decision model (the mixture folded in). */
    public AdditiveLatencyModel model() {
        return model;
    }

    /** The non-negative weight of each reference column, in the order given; 0 for a reference left out. */
    public Map<String, Double> referenceWeights() {
        return weights;
    }

    /** The free constant of the mixture, in ms. */
    public double intercept() {
        return intercept;
    }

    /** The robust residual scale on the target samples, in ms: a rough size of the fit's error. */
    public double scaleMs() {
        return scaleMs;
    }

    @Override
    public String toString() {
        return "TransferPredictor" + weights + " + " + intercept + " ms for " + info.device();
    }
}
