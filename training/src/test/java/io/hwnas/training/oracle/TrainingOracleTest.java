package io.hwnas.training.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingOracleTest {

    @TempDir
    Path tmp;

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    static final Architecture ARCH = NB201.decode(
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|");

    static DjlTrainer trainer() {
        return new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), 0));
    }

    @Test
    void aCandidateIsTrainedOnceAndAnsweredFromTheDatabaseAfter() throws Exception {
        List<String> trained = new ArrayList<>();
        TrainingConfig c = TrainingConfig.builder().steps(20).batchSize(32).build();
        Path db = tmp.resolve("t.db");
        double first;
        try (SqliteTrainingStore store = SqliteTrainingStore.open(db)) {
            TrainingOracle o = oracle(c, store, trained);
            first = o.accuracy(ARCH);
            assertEquals(first, o.accuracy(ARCH));
            assertEquals(List.of(ARCH.canonical()), trained);
            assertTrue(first > 10 && first <= 100, "accuracy in %: " + first);
            assertEquals("train:digits", o.name());
        }
        // a new process (a resumed search) gets the same answer without training
        try (SqliteTrainingStore store = SqliteTrainingStore.open(db)) {
            assertEquals(first, oracle(c, store, trained).accuracy(ARCH));
            assertEquals(1, trained.size());
        }
    }

    @Test
    void theTestSplitIsScoredFromTheKeptWeightsWithoutTrainingAgain() throws Exception {
        List<String> trained = new ArrayList<>();
        TrainingConfig c = TrainingConfig.builder().steps(20).batchSize(32).build();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            TrainingOracle o = oracle(c, store, trained);
            o.accuracy(ARCH);
            OptionalDouble test = o.heldOut(ARCH);
            assertTrue(test.isPresent() && test.getAsDouble() > 10, "test accuracy " + test);
            assertEquals(1, trained.size());
            assertEquals(test.getAsDouble() / 100, o.service().stored(ARCH).orElseThrow().testAccuracy(), 1e-12);
            Weights w = o.service().weights(ARCH).orElseThrow();
            assertEquals(o.service().graph(ARCH).initializers().values().stream().filter(i -> i.isParameter())
                    .count(), w.asMap().size());
        }
    }

    @Test
    void aFailedTrainingFailsTheCandidateWithTheReasonAndIsNotTriedAgain() throws Exception {
        List<String> trained = new ArrayList<>();
        TrainingConfig diverging = TrainingConfig.builder().steps(30).learningRate(1e8).build();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            TrainingOracle o = oracle(diverging, store, trained);
            CandidateFailedException e = assertThrows(CandidateFailedException.class, () -> o.accuracy(ARCH));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
            assertEquals(ARCH.canonical(), e.arch());
            assertThrows(CandidateFailedException.class, () -> o.accuracy(ARCH));
            assertEquals(1, trained.size());
            TrainingResult stored = o.service().stored(ARCH).orElseThrow();
            assertTrue(stored.failed());
            assertFalse(o.heldOut(ARCH).isPresent());
        }
    }

    private static TrainingOracle oracle(TrainingConfig c, SqliteTrainingStore store, List<String> trained) {
        TrainingService s = new TrainingService(NB201, Datasets.get("digits"), c, 1, store, trainer(), true);
        return new TrainingOracle(s, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                trained.add(a.canonical());
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        });
    }
}
