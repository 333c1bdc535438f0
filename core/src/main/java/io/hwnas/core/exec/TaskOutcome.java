package io.hwnas.core.exec;

import java.io.Serializable;
import java.util.Objects;

/**
 * What became of one {@link EvaluationTask}: its result, or why it failed for good, and where and how it ran (its
 * provenance beside the result).
 *
 * @param key      the task's {@link EvaluationTask#key()}
 * @param result   the result, or null when the task failed
 * @param failure  why the last attempt failed, or empty when it succeeded
 * @param ranOn    where the last attempt ran, for people: {@code local worker 2 of 2 on lab-3},
 *                 {@code spark executor 3 on node-7 (stage 4, task 12)}
 * @param attempts attempts made (1 unless a failed attempt was retried)
 * @param seconds  wall time of the last attempt where it ran
 * @param <R>      the task's result type
 */
public record TaskOutcome<R extends Serializable>(String key, R result, String failure, String ranOn, int attempts,
        double seconds) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TaskOutcome {
        Objects.requireNonNull(key, "key");
        failure = Objects.requireNonNullElse(failure, "");
        ranOn = Objects.requireNonNullElse(ranOn, "");
        if ((result == null) == failure.isEmpty()) {
            throw new IllegalArgumentException("an outcome has a result or a failure, exactly one; task " + key
                    + " had " + (result == null ? "neither" : "both"));
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, but was " + attempts);
        }
    }

    public static <R extends Serializable> TaskOutcome<R> ok(String key, R result, String ranOn, int attempts,
            double seconds) {
        return new TaskOutcome<>(key, Objects.requireNonNull(result, "result"), "", ranOn, attempts, seconds);
    }

    public static <R extends Serializable> TaskOutcome<R> failed(String key, String reason, String ranOn,
            int attempts, double seconds) {
        return new TaskOutcome<>(key, null, reason == null || reason.isBlank() ? "unknown failure" : reason, ranOn,
                attempts, seconds);
    }

    /**
     * Runs attempt number {@code attempt} of {@code task} at {@code ranOn}, timed: its result, or, when this is the
     * {@code last} attempt, why it failed. Before the last attempt a failure is thrown instead (an error wrapped in an
     * {@link IllegalStateException}), for the executor to try again.
     */
    public static <R extends Serializable> TaskOutcome<R> attempt(EvaluationTask<R> task, String ranOn, int attempt,
            boolean last) throws Exception {
        long t0 = System.nanoTime();
        try {
            R r = task.run();
            if (r == null) {
                return failed(task.key(), "the task returned no result", ranOn, attempt, seconds(t0));
            }
            return ok(task.key(), r, ranOn, attempt, seconds(t0));
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (!last) {
                throw e instanceof Exception ex ? ex : new IllegalStateException(reason(e), e);
            }
            return failed(task.key(), reason(e), ranOn, attempt, seconds(t0));
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** One line for a failure: the exception's class and message, its cause's too when it says more. */
    public static String reason(Throwable t) {
        StringBuilder b = new StringBuilder(line(t));
        Throwable c = t.getCause();
        if (c != null && c != t && (t.getMessage() == null || !t.getMessage().contains(String.valueOf(
                c.getMessage())))) {
            b.append(" (caused by ").append(line(c)).append(')');
        }
        return b.toString();
    }

    private static String line(Throwable t) {
        String m = t.getMessage();
        String first = m == null ? "" : m.strip().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }
}
