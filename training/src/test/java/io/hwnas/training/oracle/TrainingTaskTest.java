package io.hwnas.training.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trainings as tasks: the same answer as the service's own training, also two at a time in one JVM (a pool, or
 * Spark's {@code local[2]}), saved where the search is; a task lost for good fails its candidate.
 */
class TrainingTaskTest {

    @TempDir
    Path tmp;

    static final Architecture OTHER = TrainingOracleTest.NB201.decode(
            "|nor_conv_1x1~0|+|skip_connect~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|");
    static final TrainingConfig TINY = TrainingConfig.builder().steps(12).batchSize(32).build();

    private static TrainingService service(SqliteTrainingStore store) {
        return new TrainingService(TrainingOracleTest.NB201, Datasets.get("digits"), TINY, 1, store,
                TrainingOracleTest.trainer(), true);
    }

    private static TrainingOracle oracle(TrainingService s, List<String> trained) {
        return new TrainingOracle(s, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                trained.add(a.canonical() + " on " + r.provenance().get("ran_on"));
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        });
    }

    @Test
    void twoTrainingsAtOnceGiveWhatEachGivesAloneAndAreSavedWithWhereTheyRan() throws Exception {
        List<Architecture> both = List.of(TrainingOracleTest.ARCH, OTHER);
        List<TrainingResult> alone = new ArrayList<>();
        List<float[]> aloneWeights = new ArrayList<>();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("alone.db"))) {
            TrainingService s = service(store);
            for (Architecture a : both) {
                alone.add(s.train(a, io.hwnas.training.djl.DjlTrainer.Listener.NONE).result());
                aloneWeights.add(store.weights(s.key(a)).orElseThrow());
            }
        }
        List<String> trained = new ArrayList<>();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("pool.db"));
                EvaluationExecutor pool = new LocalExecutor(ExecutorSettings.local(2))) {
            TrainingService s = service(store);
            TrainingOracle o = oracle(s, trained);
            o.prefetch(both, pool);
            assertEquals(2, trained.size(), "both trained, as tasks: " + trained);
            assertTrue(trained.stream().allMatch(t -> t.contains("local worker")), trained.toString());
            for (int i = 0; i < both.size(); i++) {
                TrainingResult r = s.stored(both.get(i)).orElseThrow();
                assertFalse(r.failed(), r.failure());
                assertEquals(alone.get(i).validationAccuracy(), r.validationAccuracy(), "candidate " + i);
                assertEquals(alone.get(i).history().get(0).trainLoss(), r.history().get(0).trainLoss());
                assertArrayEquals(aloneWeights.get(i), store.weights(s.key(both.get(i))).orElseThrow());
                assertEquals("local pool of 2 workers", r.provenance().get("executor"));
                assertEquals(100 * r.validationAccuracy(), o.accuracy(both.get(i)), 1e-12);
            }
            o.prefetch(both, pool);
            assertEquals(2, trained.size(), "the database answers a batch it has");
        }
    }

    @Test
    void aTaskAndWhatItBringsBackSurviveSerialisation() throws Exception {
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            TrainingTask t = service(store).task(TrainingOracleTest.ARCH);
            assertEquals(t, roundTrip(t));
            TrainedCandidate c = roundTrip(t).run();
            TrainedCandidate back = roundTrip(c);
            assertEquals(c.result(), back.result());
            assertArrayEquals(c.weights(), back.weights());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Serializable> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** Runs tasks here, except those of {@code lost}, which it reports lost after four attempts (a dying node). */
    record Losing(Set<String> lost) implements EvaluationExecutor {
        @Override
        public String name() {
            return "losing";
        }

        @Override
        public String description() {
            return "a pool that loses some tasks";
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public <R extends Serializable> List<TaskOutcome<R>> run(List<? extends EvaluationTask<R>> tasks) {
            List<TaskOutcome<R>> out = new ArrayList<>();
            for (EvaluationTask<R> t : tasks) {
                out.add(lost.contains(t.key())
                        ? TaskOutcome.failed(t.key(), "ExecutorLostFailure (simulated)", "node-7", 4, 0.1)
                        : LocalExecutor.sequential().run(List.of(t)).get(0));
            }
            return out;
        }

        @Override
        public void close() {}
    }

    @Test
    void aCandidateWhoseTaskIsLostForGoodFailsWithTheReasonAndIsNotSaved() throws Exception {
        List<String> trained = new ArrayList<>();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            TrainingService s = service(store);
            TrainingOracle o = oracle(s, trained);
            o.prefetch(List.of(TrainingOracleTest.ARCH, OTHER), new Losing(Set.of(OTHER.canonical())));
            assertEquals(1, trained.size());
            assertTrue(o.accuracy(TrainingOracleTest.ARCH) > 0);
            CandidateFailedException e = assertThrows(CandidateFailedException.class, () -> o.accuracy(OTHER));
            assertEquals("training task failed on losing after 4 attempts (last on node-7): ExecutorLostFailure "
                    + "(simulated)", e.getMessage());
            assertTrue(s.stored(OTHER).isEmpty(), "a lost task is not a training result: a later search tries again");
            assertEquals(1, trained.size(), "nor is it trained here behind the executor's back");
        }
    }
}
