package io.hwnas.core.search;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished search found.
 *
 * @param front          the constrained Pareto front over every evaluated candidate, latencies measured where the
 *                       oracle can measure (feasible members only, unless no candidate is feasible: then the least
 *                       violating ones, and {@code feasible} is false)
 * @param feasible       whether any evaluated candidate meets every budget
 * @param violations     candidates predicted to meet the budgets and measured not to
 * @param violationRate  violations over the measured candidates predicted feasible; NaN when none was
 * @param history        one entry per generation
 * @param failed         architectures an oracle failed to evaluate (a training that failed), with the reason
 * @param heldOut        accuracy in % on held-out data (a test split) of the front's members, by architecture,
 *                       when the accuracy oracle has such data
 * @param lowFidelity    for candidates promoted to the oracle's higher fidelity, their first (cheap) accuracy
 */
public record SearchResult(SearchSetup setup, Path dir, List<Candidate> front, boolean feasible,
        List<Candidate> violations, double violationRate, int predictedFeasibleMeasured, List<Candidate> candidates,
        List<GenerationStats> history, double[] ideal, double[] nadir, boolean resumed, Map<String, String> failed,
        Map<String, Double> heldOut, Map<String, Double> lowFidelity) {

    public SearchResult {
        failed = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failed));
        heldOut = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(heldOut));
        lowFidelity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lowFidelity));
    }

    public GenerationStats last() {
        return history.get(history.size() - 1);
    }
}
