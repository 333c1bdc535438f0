package io.hwnas.core.train;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What training one candidate gave. Accuracies are fractions in [0, 1]. A training that failed (a native error, out
 * of memory, a loss that became NaN) is a result too, with {@link #failed()} true and the reason, so that it is
 * recorded and not tried again.
 *
 * @param validationAccuracy accuracy on the validation split of the best evaluation (the one whose weights are kept):
 *                           what the search uses
 * @param testAccuracy       accuracy on the test split, or NaN when it has not been computed (it is computed only for
 *                           a search's final front, and by {@code train --test})
 * @param epochs             epochs completed (fractional for a step budget or an early stop inside an epoch)
 * @param steps              optimiser steps taken
 * @param bestEpoch          the epoch of the best evaluation
 * @param stoppedEarly       whether the early-stopping rule ended the run
 * @param trainSeconds       wall time of the training loop (evaluations included, data loading not)
 * @param imagesPerSecond    training samples (images, or a language model's sequences) per second, forward and
 *                           backward, over the whole loop
 * @param validationLoss     mean cross-entropy in nats on the validation split (per token for a language model) of
 *                           the kept weights, or NaN when not computed
 * @param parameters         trainable parameters of the network
 * @param history            every evaluation, in order
 * @param failure            why it failed, or empty
 * @param provenance         engine, its version, threads, host, tool version, time
 */
public record TrainingResult(double validationAccuracy, double testAccuracy, double epochs, int steps,
        double bestEpoch, boolean stoppedEarly, double trainSeconds, double imagesPerSecond, double validationLoss,
        long parameters, List<EpochStats> history, String failure, Map<String, String> provenance)
        implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public TrainingResult {
        history = List.copyOf(history);
        failure = Objects.requireNonNullElse(failure, "");
        provenance = Map.copyOf(provenance);
        if (failure.isEmpty() && !(validationAccuracy >= 0 && validationAccuracy <= 1)) {
            throw new IllegalArgumentException("validationAccuracy must be in [0, 1], but was " + validationAccuracy);
        }
    }

    /** A training that could not finish: recorded with its reason so that it is not tried again. */
    public static TrainingResult failed(String reason, double seconds, long parameters,
            Map<String, String> provenance) {
        return new TrainingResult(Double.NaN, Double.NaN, 0, 0, 0, false, seconds, 0, Double.NaN, parameters,
                List.of(), reason == null || reason.isBlank() ? "unknown failure" : reason, provenance);
    }

    public boolean failed() {
        return !failure.isEmpty();
    }

    public boolean hasTestAccuracy() {
        return !Double.isNaN(testAccuracy);
    }

    /** This result with {@code more} added to its provenance (where a task ran, say); a key given again is replaced. */
    public TrainingResult withProvenance(Map<String, String> more) {
        Map<String, String> p = new java.util.LinkedHashMap<>(provenance);
        p.putAll(more);
        return new TrainingResult(validationAccuracy, testAccuracy, epochs, steps, bestEpoch, stoppedEarly,
                trainSeconds, imagesPerSecond, validationLoss, parameters, history, failure, p);
    }

    public TrainingResult withTestAccuracy(double test) {
        return new TrainingResult(validationAccuracy, test, epochs, steps, bestEpoch, stoppedEarly, trainSeconds,
                imagesPerSecond, validationLoss, parameters, history, failure, provenance);
    }
}
