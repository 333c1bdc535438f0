package io.hwnas.core.search;

import java.util.Set;

/**
 * A latency oracle whose predictor learns from other devices' measurements in the same search: a spec-sheet device
 * whose latency is transferred from a measured reference. After such a device measures (and after a resume
 * restores its measurements) the search {@link #refit() refits} this oracle too and re-predicts its candidates.
 */
public interface FollowingOracle extends LatencyOracle {

    /** The devices whose measurements this oracle's predictor learns from. */
    Set<String> learnsFrom();

    /** Retrains the predictor with what those devices have measured so far. */
    void refit();
}
