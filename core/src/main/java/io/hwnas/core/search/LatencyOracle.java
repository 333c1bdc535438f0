package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one device's latency comes from: a published table, real measurements, a predictor, or a predictor kept
 * honest by measurements taken during the search ({@link #kind()} says which).
 *
 * <p>The search asks {@link #estimate} for every candidate. Between generations it asks an oracle that
 * {@link #canMeasure() can measure} to {@link #measure} the candidates it chose (on or near the front, near a budget)
 * and then to {@link #refit()} its predictor with what it measured.
 */
public interface LatencyOracle {

    /** The device (or table column) this oracle speaks for; budgets name it. */
    String device();

    /** {@code table}, {@code measured}, {@code predicted} or {@code loop} (predicted, with measurements in the loop). */
    String kind();

    /** Where its numbers come from, for the manifest. */
    String source();

    /**
     * What is known of {@code architecture}'s latency now: a measurement when there is one, else a prediction.
     *
     * @throws MissingArchitectureException when a table oracle does not know it
     */
    LatencyEstimate estimate(Architecture architecture);

    /**
     * The measuring queue this oracle's device belongs to: one measurement at a time per queue, queues in parallel
     * (a device farm). Devices that share hardware must share a queue, or they would disturb each other's timings;
     * by default each device is its own queue.
     */
    default String queue() {
        return device();
    }

    /**
     * What else the oracle knows of {@code architecture} after {@link #estimate}, by column name, for the run's
     * files and for budgets: for a network with early exits each exit's share and latency and the worst case,
     * {@link Candidate#worstKey}. Empty by default.
     */
    default Map<String, Double> extras(Architecture architecture) {
        return Map.of();
    }

    /** Whether {@link #measure} takes real measurements (a predictor in the loop). */
    default boolean canMeasure() {
        return false;
    }

    /**
     * Measures these architectures for real, stores the measurements and returns the medians in ms by canonical
     * string; one that failed is left out (and reported by the oracle).
     */
    default Map<String, Double> measure(List<Architecture> architectures) {
        throw new UnsupportedOperationException(kind() + " latency oracle for " + device() + " does not measure");
    }

    /**
     * Tells the oracle of a measurement it took in an earlier process (a resumed search), so that its next
     * {@link #refit()} trains on the same rows as an uninterrupted run would.
     */
    default void learn(Architecture architecture, double measuredMs) {}

    /** Retrains the predictor with every measurement taken so far; a no-op for oracles without one. */
    default void refit() {}

    /**
     * Devices of the same search whose measurements this oracle's predictor learns from, besides its own: a
     * spec-sheet device whose latency is transferred from a measured reference. After such a device measures (and
     * after a resume restores its measurements) the search {@link #refit() refits} this oracle too and re-predicts
     * its candidates. None by default.
     */
    default Set<String> learnsFrom() {
        return Set.of();
    }

    /** Something to record in the manifest about the predictor now in use; empty when there is none. */
    default Map<String, Object> describe() {
        return Map.of();
    }
}
