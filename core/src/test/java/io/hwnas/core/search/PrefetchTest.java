package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationExecutorContract;
import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The search hands each generation's new architectures to the executor as one batch before it evaluates them, and
 * the answers are those of a search without an executor. The oracle here does its table look-ups as tasks.
 */
class PrefetchTest {

    @TempDir
    Path tmp;

    /** The CIFAR-10 table, looked up through the executor in batches; cells failing a predicate fail their task. */
    static final class Batched implements AccuracyOracle {
        final AccuracyOracle table = SearchFixtures.cifar10();
        final List<Integer> batches = new ArrayList<>();
        final Map<String, Double> done = new HashMap<>();
        final Map<String, String> failed = new HashMap<>();
        final Set<String> asked = new java.util.HashSet<>();
        final String failPrefix;

        Batched(String failPrefix) {
            this.failPrefix = failPrefix;
        }

        @Override
        public String name() {
            return "nb201:cifar10";
        }

        @Override
        public String source() {
            return "the CIFAR-10 table, looked up as tasks";
        }

        @Override
        public void prefetch(List<Architecture> batch, EvaluationExecutor executor) {
            batches.add(batch.size());
            List<EvaluationTask<Double>> typed = new ArrayList<>();
            for (Architecture a : batch) {
                assertTrue(asked.add(a.canonical()), "handed over once: " + a.canonical());
                typed.add(failPrefix != null && a.canonical().startsWith(failPrefix)
                        ? new FailsDouble(a.canonical()) : new TableLookupTask("nb201:cifar10", a.canonical()));
            }
            List<TaskOutcome<Double>> out = executor.run(typed);
            for (TaskOutcome<Double> o : out) {
                if (o.succeeded()) {
                    done.put(o.key(), o.result());
                } else {
                    failed.put(o.key(), "task failed on " + o.ranOn() + ": " + o.failure());
                }
            }
        }

        @Override
        public double accuracy(Architecture a) {
            String why = failed.get(a.canonical());
            if (why != null) {
                throw new CandidateFailedException(a.canonical(), why, null);
            }
            Double v = done.get(a.canonical());
            assertTrue(v != null, "every architecture evaluated was handed over first: " + a.canonical());
            return v;
        }
    }

    record FailsDouble(String key) implements EvaluationTask<Double> {
        @Override
        public Double run() {
            throw new IllegalStateException("simulated: the worker lost its native library");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "nsga3", "random", "regevo"})
    void everyAlgorithmHandsOverItsGenerationsAndGetsTheAnswersOfASearchWithoutAnExecutor(String algorithm)
            throws IOException {
        Batched oracle = new Batched(null);
        SearchResult plain = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("plain")).algorithm(algorithm)
                .evaluations(120).build(), SearchListener.NONE);
        SearchResult pooled;
        try (EvaluationExecutor pool = new LocalExecutor(ExecutorSettings.local(3))) {
            pooled = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("pooled")).algorithm(algorithm)
                    .evaluations(120).accuracy(oracle).executor(pool).build(), SearchListener.NONE);
        }
        assertEquals(plain.candidates(), pooled.candidates(), "same candidates, same order, same values");
        assertEquals(plain.front(), pooled.front());
        assertEquals(20, oracle.batches.get(0), "the initial population is one batch");
        int handed = oracle.batches.stream().mapToInt(Integer::intValue).sum();
        assertEquals(pooled.candidates().size(), handed, "no architecture trained that the search did not use");
        if (algorithm.equals("regevo")) {
            // each child comes from the population the last child left: one at a time after the first generation
            assertTrue(oracle.batches.subList(1, oracle.batches.size()).stream().allMatch(b -> b == 1),
                    oracle.batches.toString());
        } else {
            // whole generations (a duplicate child the pool already knows is not handed over)
            double mean = oracle.batches.stream().mapToInt(Integer::intValue).average().orElseThrow();
            assertTrue(mean > 15, algorithm + " batches " + oracle.batches);
        }
    }

    @Test
    void aCandidateWhoseTaskFailsForGoodIsLeftOutWithTheReasonAndTheSearchGoesOn() throws IOException {
        Batched oracle = new Batched("|nor_conv_3x3~0|");
        SearchResult r;
        try (EvaluationExecutor pool = new LocalExecutor(new ExecutorSettings(2, null, 1, 2, Map.of()))) {
            r = SearchRun.run(SearchFixtures.tableSearch(tmp).evaluations(100).accuracy(oracle).executor(pool)
                    .build(), SearchListener.NONE);
        }
        assertTrue(r.candidates().size() >= 100, "the search went on: " + r.candidates().size());
        assertFalse(r.failed().isEmpty());
        for (Map.Entry<String, String> f : r.failed().entrySet()) {
            assertTrue(f.getKey().startsWith("|nor_conv_3x3~0|"), f.getKey());
            assertTrue(f.getValue().contains("local worker") && f.getValue().contains("lost its native library"),
                    f.getValue());
        }
        for (Candidate c : r.candidates()) {
            assertFalse(c.arch().startsWith("|nor_conv_3x3~0|"), c.arch());
        }
    }

    /** The contract's tasks run in the search's JVM, here through the default sequential executor. */
    @Test
    void theDefaultExecutorIsSequentialAndLocal() {
        SearchSetup s = SearchFixtures.tableSearch(tmp).build();
        assertEquals("local", s.executor().name());
        assertEquals(1, s.executor().parallelism());
        assertEquals(9, s.executor().run(List.of(new EvaluationExecutorContract.Square("k", 3))).get(0).result());
    }
}
