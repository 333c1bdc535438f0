package io.hwnas.core.exec;

import java.io.Serializable;

/**
 * The expensive part of evaluating one candidate (its training), packed so that it can run on another machine: it
 * is serialisable, carries everything that fixes its answer (the space and architecture by name, the data set, the
 * training configuration, the seed, the thread count) and rebuilds the rest where it runs. Its answer must depend on
 * those fields only, never on where or when it ran, which is what lets a seeded search give the same front on every
 * {@link EvaluationExecutor}.
 *
 * <pre>{@code
 * record Square(String key, int x) implements EvaluationTask<Integer> {
 *     public Integer run() { return x * x; }
 * }
 * List<TaskOutcome<Integer>> out = executor.run(List.of(new Square("a", 3), new Square("b", 4)));
 * }</pre>
 *
 * @param <R> what it computes; serialisable, as it travels back to the search
 */
public interface EvaluationTask<R extends Serializable> extends Serializable {

    /** What the task evaluates (the candidate's canonical architecture): for outcomes and messages. */
    String key();

    /**
     * Does the work, where it runs. An exception (or a native library that will not load) is a failure of this
     * attempt: an executor that retries runs it again, and after the last attempt the outcome carries the reason.
     */
    R run() throws Exception;
}
