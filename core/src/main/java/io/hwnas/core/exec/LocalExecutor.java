package io.hwnas.core.exec;

import io.hwnas.core.provenance.Provenance;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default executor: tasks on this machine, {@code workers} at a time (one: in the caller's thread, as a search
 * without an executor would). Tasks run as they are, not serialised; each runs up to {@code maxFailures} times
 * while it throws (once by default: a local failure is seldom passing).
 *
 * <pre>{@code
 * EvaluationExecutor pool = new LocalExecutor(ExecutorSettings.local(2));   // two trainings at once
 * }</pre>
 */
public final class LocalExecutor implements EvaluationExecutor {

    public static final String NAME = "local";

    private final int workers;
    private final int maxFailures;
    private final String host = Provenance.current().host();

    public LocalExecutor(ExecutorSettings settings) {
        this.workers = settings.workers();
        this.maxFailures = settings.maxFailures();
    }

    /** One task at a time in the caller's thread. */
    public static LocalExecutor sequential() {
        return new LocalExecutor(ExecutorSettings.local(1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return workers == 1 ? "local, one task at a time" : "local pool of " + workers + " workers";
    }

    @Override
    public int parallelism() {
        return workers;
    }

    @Override
    public <R extends Serializable> List<TaskOutcome<R>> run(List<? extends EvaluationTask<R>> tasks) {
        List<TaskOutcome<R>> out = new ArrayList<>(tasks.size());
        if (workers == 1 || tasks.size() <= 1) {
            for (EvaluationTask<R> t : tasks) {
                out.add(attempt(t, workers == 1 ? "local on " + host : "local worker 1 of " + workers + " on "
                        + host));
            }
            return out;
        }
        AtomicInteger numbers = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, tasks.size()), r -> {
            Thread t = new Thread(r, "hwnas-worker-" + numbers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TaskOutcome<R>>> futures = new ArrayList<>(tasks.size());
            for (EvaluationTask<R> t : tasks) {
                futures.add(pool.submit(() -> attempt(t, "local worker " + Thread.currentThread().getName()
                        .substring("hwnas-worker-".length()) + " of " + workers + " on " + host)));
            }
            for (Future<TaskOutcome<R>> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + tasks.size() + " tasks ran", e);
        } catch (ExecutionException e) {
            // attempt() catches what a task throws; this is a bug of ours
            throw new IllegalStateException("a local worker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private <R extends Serializable> TaskOutcome<R> attempt(EvaluationTask<R> task, String where) {
        for (int attempt = 1; ; attempt++) {
            try {
                return TaskOutcome.attempt(task, where, attempt, attempt >= maxFailures);
            } catch (Exception e) {
                // not the last attempt: try again
            }
        }
    }

    @Override
    public void close() {
        // nothing held between runs
    }
}
