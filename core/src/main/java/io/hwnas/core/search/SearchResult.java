package io.hwnas.core.search;

import java.nio.file.Path;
import java.util.List;

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
 */
public record SearchResult(SearchSetup setup, Path dir, List<Candidate> front, boolean feasible,
        List<Candidate> violations, double violationRate, int predictedFeasibleMeasured, List<Candidate> candidates,
        List<GenerationStats> history, double[] ideal, double[] nadir, boolean resumed) {

    public GenerationStats last() {
        return history.get(history.size() - 1);
    }
}
