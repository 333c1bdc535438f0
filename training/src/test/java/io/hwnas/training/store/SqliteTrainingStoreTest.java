package io.hwnas.training.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.train.EpochStats;
import io.hwnas.core.train.TrainingKey;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.core.train.TrainingStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTrainingStoreTest {

    @TempDir
    Path tmp;

    static final TrainingKey KEY = new TrainingKey("nb201", "|a|", "digits", "epochs=1", 3);

    static TrainingResult result(double val) {
        return new TrainingResult(val, Double.NaN, 1, 22, 1, false, 2.5, 600, 1000,
                List.of(new EpochStats(1, 22, 0.7, 0.8, val, 2.4)), "", Map.of("engine", "test"));
    }

    @Test
    void aSavedTrainingIsFoundAfterReopeningWithItsHistoryAndWeights() throws Exception {
        Path db = tmp.resolve("t.db");
        try (SqliteTrainingStore s = SqliteTrainingStore.open(db)) {
            s.save(KEY, result(0.9), new float[] {1.5f, -2f, 3.25f});
        }
        try (SqliteTrainingStore s = SqliteTrainingStore.open(db)) {
            TrainingResult r = s.find(KEY).orElseThrow();
            assertEquals(0.9, r.validationAccuracy());
            assertTrue(Double.isNaN(r.testAccuracy()));
            assertEquals(List.of(new EpochStats(1, 22, 0.7, 0.8, 0.9, 2.4)), r.history());
            assertEquals("test", r.provenance().get("engine"));
            assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, s.weights(KEY).orElseThrow());
            assertTrue(s.find(new TrainingKey("nb201", "|a|", "digits", "epochs=1", 4)).isEmpty());
            assertEquals(1, s.count());
        }
    }

    @Test
    void aTestAccuracyAddedLaterReplacesTheRowAndKeepsTheWeights() throws Exception {
        try (SqliteTrainingStore s = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            s.save(KEY, result(0.9), new float[] {1, 2});
            s.save(KEY, result(0.9).withTestAccuracy(0.85), null);
            assertEquals(0.85, s.find(KEY).orElseThrow().testAccuracy());
            assertArrayEquals(new float[] {1, 2}, s.weights(KEY).orElseThrow());
            assertEquals(1, s.count());
        }
    }

    @Test
    void aFailedTrainingIsStoredWithItsReason() throws Exception {
        try (SqliteTrainingStore s = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            s.save(KEY, TrainingResult.failed("out of memory", 1.0, 10, Map.of()), null);
            TrainingResult r = s.find(KEY).orElseThrow();
            assertTrue(r.failed());
            assertEquals("out of memory", r.failure());
            assertTrue(s.weights(KEY).isEmpty());
        }
    }

    @Test
    void aFileThatIsNotATrainingDatabaseIsRefusedNamingIt() throws Exception {
        Path bad = tmp.resolve("notes.db");
        Files.writeString(bad, "not sqlite at all, just text that is long enough to have a header".repeat(20));
        TrainingStoreException e = assertThrows(TrainingStoreException.class, () -> SqliteTrainingStore.open(bad));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
}
