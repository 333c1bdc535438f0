package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;

/**
 * Where the inputs of a network with early exits leave: per exit that is on, in stage order, the share of inputs
 * that leave there, and last the share that the final classifier takes. The shares sum to 1. From a trained
 * network's validation data (the policy of its thresholds) or from a configured distribution
 * ({@link ConfiguredExitShares}).
 */
public interface ExitShares {

    /** The shares of {@code architecture}'s exits that are on, then of its final classifier; they sum to 1. */
    double[] shares(Architecture architecture);

    /** Where the shares come from, for the manifest. */
    String source();
}
