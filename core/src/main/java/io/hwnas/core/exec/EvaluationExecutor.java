package io.hwnas.core.exec;

import java.io.Serializable;
import java.util.List;

/**
 * Runs candidates' expensive work ({@link EvaluationTask}s) for the search: {@code local}, a bounded pool on this
 * machine ({@link LocalExecutor}), or one found with {@link java.util.ServiceLoader} through an
 * {@link ExecutorProvider} ({@code spark}, in the {@code hwnas-cluster} module). The search, its database and its
 * report stay where the search runs; only the tasks travel, and their results come back.
 *
 * <p>An executor changes where and when a task runs, never its answer: a task's result depends only on its own
 * fields. A task that throws may be retried (Spark retries it); one that fails for good comes back as a failed
 * {@link TaskOutcome} with the reason, and the others' results are kept.
 *
 * <pre>{@code
 * try (EvaluationExecutor e = EvaluationExecutors.discover(loader).open("local", ExecutorSettings.local(2))) {
 *     List<TaskOutcome<TrainedCandidate>> out = e.run(tasks);   // one outcome per task, in task order
 * }
 * }</pre>
 */
public interface EvaluationExecutor extends AutoCloseable {

    /** How the user names it: {@code local}, {@code spark}. */
    String name();

    /** For the manifest and messages: {@code local pool of 2 workers}, {@code Spark 4.1.3 on local[2,4]}. */
    String description();

    /** Tasks it runs at once (about: a cluster's size can change); for messages and thread counts. */
    int parallelism();

    /**
     * Runs every task and waits for all of them.
     *
     * @return one outcome per task, in the order of {@code tasks}
     */
    <R extends Serializable> List<TaskOutcome<R>> run(List<? extends EvaluationTask<R>> tasks);

    /** Releases what it holds (a Spark context); an executor that holds nothing does nothing. */
    @Override
    void close();
}
