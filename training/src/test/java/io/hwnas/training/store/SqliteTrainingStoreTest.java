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
        return new TrainingResult(val, Double.NaN, 1, 22, 1, false, 2.5, 600, Double.NaN, 1000,
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
    void aDatabaseOfTheFirstSchemaIsBroughtUpToDateAndKeepsItsRows() throws Exception {
        Path db = tmp.resolve("v1.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE training (id INTEGER PRIMARY KEY AUTOINCREMENT, space TEXT NOT NULL, arch TEXT NOT "
                    + "NULL, dataset TEXT NOT NULL, budget TEXT NOT NULL, seed INTEGER NOT NULL, failure TEXT NOT NULL, "
                    + "validation_accuracy REAL, test_accuracy REAL, epochs REAL NOT NULL, steps INTEGER NOT NULL, "
                    + "best_epoch REAL NOT NULL, stopped_early INTEGER NOT NULL, train_seconds REAL NOT NULL, "
                    + "images_per_second REAL NOT NULL, parameters INTEGER NOT NULL, history TEXT NOT NULL, "
                    + "provenance TEXT NOT NULL, saved_at TEXT NOT NULL)");
            s.execute("CREATE UNIQUE INDEX training_key ON training (space, arch, dataset, budget, seed)");
            s.execute("CREATE TABLE weights (training_id INTEGER PRIMARY KEY REFERENCES training (id) ON DELETE "
                    + "CASCADE, count INTEGER NOT NULL, float32 BLOB NOT NULL)");
            s.execute("INSERT INTO training VALUES (1, 'nb201', '|a|', 'digits', 'epochs=1', 3, '', 0.9, NULL, 1, 22, 1,"
                    + " 0, 2.5, 600, 1000, '[]', '{}', '2026-12-01T00:00:00Z')");
            s.execute("PRAGMA user_version = 1");
        }
        try (SqliteTrainingStore s = SqliteTrainingStore.open(db)) {
            TrainingResult r = s.find(KEY).orElseThrow();
            assertEquals(0.9, r.validationAccuracy());
            assertTrue(Double.isNaN(r.validationLoss()));
            s.save(new TrainingKey("nb201", "|b|", "digits", "epochs=1", 3), result(0.8), null);
            assertEquals(2, s.count());
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
