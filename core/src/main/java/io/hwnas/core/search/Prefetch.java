package io.hwnas.core.search;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a generation's expensive work as one batch on the executor, while the search stays sequential. MOEA
 * Framework's algorithms make a whole generation through {@link SpaceOperators} before they evaluate any of it
 * (NSGA-II and NSGA-III breed all offspring, then {@code evaluateAll}; random search samples its batch, then
 * evaluates it; every algorithm samples its initial population, then evaluates it). So when the search first
 * evaluates an architecture it has not seen, every architecture bred since the generation began is handed to the
 * accuracy oracle's {@link AccuracyOracle#prefetch} at once; the trainings run in parallel, and the evaluation that
 * follows, one candidate after the other, finds them done and numbers the candidates in the same order as ever.
 *
 * <p>Regularised evolution breeds one child from a tournament over the population as the last child left it, so
 * its batches after the first generation hold one architecture: correct, the same answers, but one training at a
 * time. An architecture evaluated that the operators did not breed (none today) is a batch of its own.
 */
final class Prefetch {

    private final SearchSpace space;
    private final AccuracyOracle accuracy;
    private final EvaluationExecutor executor;
    private final CandidatePool pool;
    private final Supplier<List<String>> bred;
    /** Every architecture handed to the oracle: never handed twice. */
    private final Set<String> handed = new HashSet<>();
    private int batches;
    private int largest;

    Prefetch(SearchSpace space, AccuracyOracle accuracy, EvaluationExecutor executor, CandidatePool pool,
            Supplier<List<String>> bred) {
        this.space = space;
        this.accuracy = accuracy;
        this.executor = executor;
        this.pool = pool;
        this.bred = bred;
    }

    /** Called before {@code a}, not in the pool, is evaluated. */
    void before(Architecture a) {
        if (handed.contains(a.canonical())) {
            return;
        }
        List<Architecture> batch = new ArrayList<>();
        for (String s : bred.get()) {
            if (!pool.contains(s) && handed.add(s)) {
                batch.add(s.equals(a.canonical()) ? a : space.decode(s));
            }
        }
        if (handed.add(a.canonical())) {
            batch.add(a);
        }
        batches++;
        largest = Math.max(largest, batch.size());
        accuracy.prefetch(batch, executor);
    }

    int batches() {
        return batches;
    }

    int largestBatch() {
        return largest;
    }
}
