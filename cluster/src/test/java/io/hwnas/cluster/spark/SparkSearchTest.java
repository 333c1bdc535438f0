package io.hwnas.cluster.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingOracle;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded searches whose candidates are trained for real (DJL, the shipped digits, a tiny budget) on a real Spark
 * in-process ({@code local[2]}: two trainings at a time), each with its own real training database: the front is
 * the one the local executor finds, a task that throws is retried, and a candidate whose task fails for good is
 * marked failed with the reason while the search goes on.
 */
class SparkSearchTest {

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    static final TrainingConfig TINY = TrainingConfig.builder().steps(10).batchSize(32).build();
    private static SparkExecutor spark;
    private static DjlTrainer trainer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        // one PyTorch thread per training, as on Spark by default: two trainings at once on two cores
        trainer = new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), 1));
        spark = SparkExecutor.start(new ExecutorSettings(1, "local[2]", 1, 3, Map.of()));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** A made-up device whose latency is the network's FLOPs: deterministic and cheap, not measured. */
    static final LatencyOracle FLOPS_MS = new LatencyOracle() {
        @Override
        public String device() {
            return "flops-ms";
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.TABLE;
        }

        @Override
        public String source() {
            return "FLOPs / 1e6";
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            return LatencyEstimate.measured(Metric.FLOPS.of(NB201.buildGraph(a).cost()) / 1e6);
        }
    };

    private SearchResult search(String name, EvaluationExecutor executor, List<String> trained) throws Exception {
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve(name + ".db"))) {
            TrainingService s = new TrainingService(NB201, Datasets.get("digits"), TINY, 3, store, trainer, true);
            TrainingOracle oracle = new TrainingOracle(s, new TrainingOracle.Listener() {
                @Override
                public void trained(Architecture a, TrainingResult r) {
                    trained.add(a.canonical() + " | " + r.provenance().get("ran_on") + " | attempts "
                            + r.provenance().get("attempts"));
                }

                @Override
                public void step(Architecture a, int done, int total) {}
            });
            SearchSetup setup = SearchSetup.builder().space(NB201).accuracy(oracle).latency(FLOPS_MS)
                    .evaluations(8).population(4).seed(3).executor(executor).out(tmp.resolve(name)).build();
            return SearchRun.run(setup, SearchListener.NONE);
        }
    }

    @Test
    void aSeededTrainingSearchGivesTheSameFrontOnSparkAsOnTheLocalPool() throws Exception {
        List<String> local = new ArrayList<>();
        List<String> onSpark = new ArrayList<>();
        SearchResult a;
        try (EvaluationExecutor pool = new LocalExecutor(ExecutorSettings.local(2))) {
            a = search("local", pool, local);
        }
        SearchResult b = search("spark", spark, onSpark);
        // each run trained every candidate itself, in its own database
        assertEquals(a.candidates().size(), local.size(), local.toString());
        assertEquals(b.candidates().size(), onSpark.size(), onSpark.toString());
        assertTrue(local.stream().allMatch(t -> t.contains("local worker")), local.toString());
        assertTrue(onSpark.stream().allMatch(t -> t.contains("spark executor driver on ")), onSpark.toString());
        assertEquals(a.candidates(), b.candidates(), "same candidates, in the same order, with the same accuracies");
        assertEquals(a.front(), b.front());
        assertTrue(a.candidates().stream().map(Candidate::accuracy).distinct().count() > 1,
                "the trainings tell the candidates apart: " + a.candidates());
    }

    static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** A task that throws on its first {@code failures} attempts (its executor lost PyTorch), then trains. */
    record Flaky<R extends Serializable>(EvaluationTask<R> inner, String token, int failures)
            implements EvaluationTask<R> {
        @Override
        public String key() {
            return inner.key();
        }

        @Override
        public R run() throws Exception {
            int n = ATTEMPTS.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
            if (n <= failures) {
                throw new IllegalStateException("simulated: the executor lost PyTorch's native library (attempt "
                        + n + ")");
            }
            return inner.run();
        }
    }

    /** Spark, with the first task of every batch failing once and the second of the first batch every time. */
    static final class Sabotaged implements EvaluationExecutor {
        final List<String> once = new ArrayList<>();
        final List<String> always = new ArrayList<>();

        @Override
        public String name() {
            return spark.name();
        }

        @Override
        public String description() {
            return spark.description() + ", sabotaged";
        }

        @Override
        public int parallelism() {
            return spark.parallelism();
        }

        @Override
        public <R extends Serializable> List<TaskOutcome<R>> run(List<? extends EvaluationTask<R>> tasks) {
            List<EvaluationTask<R>> out = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                EvaluationTask<R> t = tasks.get(i);
                if (i == 0) {
                    once.add(t.key());
                    out.add(new Flaky<>(t, UUID.randomUUID().toString(), 1));
                } else if (i == 1 && always.isEmpty()) {
                    always.add(t.key());
                    out.add(new Flaky<>(t, UUID.randomUUID().toString(), Integer.MAX_VALUE));
                } else {
                    out.add(t);
                }
            }
            return spark.run(out);
        }

        @Override
        public void close() {}
    }

    @Test
    void aTaskThatThrowsIsRetriedAndACandidateThatFailsForGoodIsMarkedFailedWhileTheSearchGoesOn()
            throws Exception {
        Sabotaged sabotaged = new Sabotaged();
        List<String> trained = new ArrayList<>();
        SearchResult r = search("sabotaged", sabotaged, trained);
        assertTrue(r.candidates().size() >= 8, "the search went on to its evaluations: " + r.candidates().size());
        String lost = sabotaged.always.get(0);
        assertEquals(List.of(lost), List.copyOf(r.failed().keySet()));
        String why = r.failed().get(lost);
        assertTrue(why.startsWith("training task failed on spark after 3 attempts (last on spark executor driver"),
                why);
        assertTrue(why.contains("simulated: the executor lost PyTorch's native library (attempt 3)"), why);
        assertFalse(r.candidates().stream().anyMatch(c -> c.arch().equals(lost)));
        for (String k : sabotaged.once) {
            assertTrue(trained.stream().anyMatch(t -> t.startsWith(k + " | ") && t.endsWith(" | attempts 2")),
                    "retried once, then trained: " + k + " in " + trained);
            assertTrue(r.candidates().stream().anyMatch(c -> c.arch().equals(k)), k);
        }
    }
}
