package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import java.util.Map;

/**
 * Where one device's latency comes from: a published table, real measurements, a predictor, or a predictor kept
 * honest by measurements taken during the search ({@link #kind()} says which).
 *
 * <p>The search asks {@link #estimate} for every candidate. An oracle that can also measure when asked is a
 * {@link MeasuringOracle}; one that learns from other devices' measurements a {@link FollowingOracle}.
 */
public interface LatencyOracle {

    /** The device (or table column) this oracle speaks for; budgets name it. */
    String device();

    /** How it knows latency: a table, measurements, a predictor, a predictor in the loop, a spec sheet. */
    LatencyKind kind();

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

    /** Something to record in the manifest about the predictor now in use; empty when there is none. */
    default Map<String, Object> describe() {
        return Map.of();
    }
}
