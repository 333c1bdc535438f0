package io.hwnas.core.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Successive halving in two rungs, when the accuracy oracle has a higher fidelity: every member of the front is
 * evaluated again at it (a longer training) and the front is found again, until every member is at the higher
 * fidelity. A candidate promoted away from the front keeps its better-known accuracy; one whose promotion fails
 * keeps its first accuracy and is reported.
 */
final class Promotion {

    private final SearchSetup setup;
    private final SearchProblem problem;
    private final CandidatePool pool;
    private final SearchListener listener;
    /** Candidates promoted: their first and their promoted accuracy (NaN when the promotion failed). */
    private final Map<String, double[]> promoted = new LinkedHashMap<>();

    Promotion(SearchSetup setup, SearchProblem problem, CandidatePool pool, SearchListener listener) {
        this.setup = setup;
        this.problem = problem;
        this.pool = pool;
        this.listener = listener;
    }

    void front() {
        HigherFidelity higher = setup.accuracy().higherFidelity().orElse(null);
        if (higher == null) {
            return;
        }
        while (true) {
            List<String> todo = Fronts.front(problem, pool.all()).stream().map(Candidate::arch)
                    .filter(a -> !promoted.containsKey(a)).toList();
            if (todo.isEmpty()) {
                break;
            }
            // The promotions' trainings as one batch on the executor; then one by one, as before.
            higher.prefetch(todo.stream().map(setup.space()::decode).toList(), setup.executor());
            todo.forEach(a -> promote(higher, a));
        }
        listener.message(promoted.size() + " candidates promoted to " + setup.accuracy().name()
                + "'s higher fidelity for the final front");
    }

    private void promote(HigherFidelity higher, String arch) {
        double before = pool.get(arch).accuracy();
        try {
            double after = higher.accuracy(setup.space().decode(arch));
            pool.recordAccuracy(arch, after);
            promoted.put(arch, new double[] {before, after});
        } catch (CandidateFailedException e) {
            promoted.put(arch, new double[] {before, Double.NaN});
            listener.message("promoting " + arch + " failed, so it keeps its first accuracy: " + e.getMessage());
        }
    }

    /** The first (cheap) accuracy of each promoted candidate. */
    Map<String, Double> firstAccuracies() {
        Map<String, Double> m = new LinkedHashMap<>();
        promoted.forEach((a, v) -> m.put(a, v[0]));
        return m;
    }
}
