package io.hwnas.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EvaluationExecutor} must do. An implementation's test extends this and gives an executor that
 * runs at least two tasks at once and tries a failing task at least twice. The tasks keep their cross-attempt state
 * in statics, so the executor must run them in this JVM (Spark's {@code local[N]} does, after serialising them).
 */
public abstract class EvaluationExecutorContract {

    /** An executor with {@link EvaluationExecutor#parallelism()} >= 2 and at least two attempts per task. */
    protected abstract EvaluationExecutor executor();

    /** x squared. */
    public record Square(String key, int x) implements EvaluationTask<Integer> {
        @Override
        public Integer run() {
            return x * x;
        }
    }

    /** Always throws. */
    public record Fails(String key, String message) implements EvaluationTask<Integer> {
        @Override
        public Integer run() {
            throw new IllegalStateException(message);
        }
    }

    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** Throws on its first attempt, answers its attempt number on the next. */
    public record FailsOnce(String key, String token) implements EvaluationTask<Integer> {
        @Override
        public Integer run() {
            int n = ATTEMPTS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("first attempt of " + key + " fails (simulated lost worker)");
            }
            return n;
        }
    }

    static final Map<String, CyclicBarrier> BARRIERS = new ConcurrentHashMap<>();

    /** Waits until {@code parties} tasks of its token are running at once: only a parallel executor passes. */
    public record AwaitsOthers(String key, String token, int parties) implements EvaluationTask<Integer> {
        @Override
        public Integer run() throws Exception {
            CyclicBarrier b = BARRIERS.computeIfAbsent(token, t -> new CyclicBarrier(parties));
            return b.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void answersEveryTaskInTaskOrderAsIfRunHere() throws Exception {
        List<Square> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            tasks.add(new Square("t" + i, i - 3));
        }
        List<TaskOutcome<Integer>> out = executor().run(tasks);
        assertEquals(tasks.size(), out.size());
        for (int i = 0; i < tasks.size(); i++) {
            TaskOutcome<Integer> o = out.get(i);
            assertEquals(tasks.get(i).key(), o.key());
            assertTrue(o.succeeded(), o.toString());
            assertEquals(tasks.get(i).run(), o.result());
            assertFalse(o.ranOn().isBlank(), "where it ran is told: " + o);
            assertTrue(o.seconds() >= 0);
        }
        assertTrue(executor().run(List.<Square>of()).isEmpty());
    }

    @Test
    void aTaskThatFailsForGoodComesBackWithItsReasonAndTheOthersAreKept() {
        List<EvaluationTask<Integer>> tasks = List.of(new Square("a", 2), new Fails("b", "no PyTorch here"),
                new Square("c", 3));
        List<TaskOutcome<Integer>> out = executor().run(tasks);
        assertEquals(4, out.get(0).result());
        assertEquals(9, out.get(2).result());
        TaskOutcome<Integer> failed = out.get(1);
        assertFalse(failed.succeeded());
        assertNull(failed.result());
        assertEquals("b", failed.key());
        assertTrue(failed.failure().contains("IllegalStateException: no PyTorch here"), failed.failure());
        assertTrue(failed.attempts() >= 2, "retried before giving up: " + failed);
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndSucceeds() {
        String token = UUID.randomUUID().toString();
        List<TaskOutcome<Integer>> out = executor().run(List.of(new FailsOnce("x", token), new Square("y", 5)));
        assertTrue(out.get(0).succeeded(), out.get(0).toString());
        assertEquals(2, out.get(0).result());
        assertEquals(2, out.get(0).attempts());
        assertEquals(1, out.get(1).attempts());
    }

    @Test
    void runsTasksAtTheSameTime() {
        int parties = executor().parallelism();
        assertTrue(parties >= 2, "the contract's executor runs two tasks at once or more: " + parties);
        String token = UUID.randomUUID().toString();
        List<AwaitsOthers> tasks = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            tasks.add(new AwaitsOthers("w" + i, token, parties));
        }
        // each task waits at a barrier until all are running: a sequential executor would time out
        for (TaskOutcome<Integer> o : executor().run(tasks)) {
            assertTrue(o.succeeded(), o.toString());
        }
    }
}
