package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import java.util.List;
import java.util.Map;

/**
 * A latency oracle that takes real measurements when the search asks (a predictor in the loop): between generations
 * the search {@link #measure}s the candidates it chose (on or near the front, near a budget) and then
 * {@link #refit}s it with what it measured.
 */
public interface MeasuringOracle extends LatencyOracle {

    /**
     * Measures these architectures for real, stores the measurements and returns the medians in ms by canonical
     * string; one that failed is left out (and reported by the oracle).
     */
    Map<String, Double> measure(List<Architecture> architectures);

    /**
     * Tells the oracle of a measurement it took in an earlier process (a resumed search), so that its next
     * {@link #refit()} trains on the same rows as an uninterrupted run would.
     */
    void learn(Architecture architecture, double measuredMs);

    /** Retrains the predictor with every measurement taken so far. */
    void refit();
}
