package io.hwnas.profilers.store;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MemoryFigures;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.core.measure.drift.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.hwnas.core.measure.TestMeasurements.SHA_A;
import static io.hwnas.core.measure.TestMeasurements.SHA_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the database file holds and when, as another reader of it (sqlite3, a second hwnas) sees it: unknown figures
 * as SQL NULL, every write committed as it returns, nothing left open after close.
 */
class SqliteStoreFileTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("hwnas.db");
    }

    private static final MeasurementKey KEY = new MeasurementKey(SHA_A, "cpu-1t", DeviceSettings.cpu(1), "1.29.0");

    private static Baseline baseline() {
        return Baseline.of(KEY, "nb201-m", List.of(0.71, 0.66, 0.69), Instant.parse("2026-12-07T10:00:00Z"), "vm");
    }

    @Test
    void everyOperationOfAClosedStoreIsRefusedNamingTheFile() throws Exception {
        SqliteMeasurementStore store = SqliteMeasurementStore.open(db());
        Measurement m = TestMeasurements.sample(SHA_A, "cpu", 1);
        store.close();
        Map<String, Executable> calls = Map.of(
                "find", () -> store.find(m.key()),
                "save", () -> store.save(m),
                "all", store::all,
                "count", store::count,
                "writeCsv", () -> store.writeCsv(new StringWriter()),
                "baseline", () -> store.baseline(KEY),
                "saveBaseline", () -> store.saveBaseline(baseline()),
                "baselines", store::baselines);
        calls.forEach((name, call) -> {
            var e = assertThrows(IllegalStateException.class, call, name);
            assertEquals("measurement store is closed: " + db(), e.getMessage(), name);
        });
        store.close(); // a second close is harmless
    }

    @Test
    void closingReleasesTheFileAndFoldsTheLogIn() throws Exception {
        Path wal = dir.resolve("hwnas.db-wal");
        SqliteMeasurementStore store = SqliteMeasurementStore.open(db());
        store.save(TestMeasurements.sample(SHA_A, "cpu", 1));
        assertTrue(Files.exists(wal), "WAL mode keeps a log while the store is open");
        store.close();
        // SQLite checkpoints and removes the log when its last connection closes.
        assertFalse(Files.exists(wal), "the log is left behind: the connection was not closed");
    }

    @Test
    void unknownMemoryIsNullInTheFileNotASentinel() throws Exception {
        Measurement bare = TestMeasurements.sample(SHA_A, "cpu", 1).toBuilder().memory(MemoryFigures.unknown()).build();
        Measurement known = TestMeasurements.sample(SHA_B, "cpu", 2);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(bare);
            store.save(known);
        }
        assertEquals(List.of("1,1,1,1", "0,0,0,0"), rows("SELECT rss_before_kib IS NULL, rss_after_session_kib IS NULL,"
                + " rss_after_runs_kib IS NULL, peak_rss_kib IS NULL FROM measurement ORDER BY id"));
    }

    @Test
    void aDriftReadingWithoutBaselineLeavesTheCalibratedColumnsNull() throws Exception {
        Measurement plain = TestMeasurements.sample(SHA_A, "cpu", 1);
        Measurement fresh = TestMeasurements.withDrift(SHA_B, "cpu", 2, false);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(plain);
            store.save(fresh);
        }
        assertEquals(List.of("1,1,1", "0,0,1"), rows("SELECT drift_reference IS NULL, drift_ratio IS NULL,"
                + " baseline_ms IS NULL FROM measurement ORDER BY id"));
    }

    @Test
    void writesAfterASaveAreCommittedToo() throws Exception {
        try (SqliteMeasurementStore writer = SqliteMeasurementStore.open(db());
             SqliteMeasurementStore reader = SqliteMeasurementStore.open(db())) {
            writer.save(TestMeasurements.sample(SHA_A, "cpu", 1));
            writer.saveBaseline(baseline());
            assertEquals(List.of(baseline()), reader.baselines(), "a save left the connection in a transaction");
        }
    }

    @Test
    void aSampleBlobOfTheWrongSizeIsNamed() {
        var none = assertThrows(IllegalArgumentException.class, () -> SqliteMeasurementStore.decode(null, 3));
        assertEquals("samples blob must hold 3 float64 values, but had none", none.getMessage());
        var shortBlob = assertThrows(IllegalArgumentException.class,
                () -> SqliteMeasurementStore.decode(new byte[12], 2));
        assertEquals("samples blob must hold 2 float64 values, but had 12 bytes", shortBlob.getMessage());
        assertEquals(List.of(1.5, -2.0), SqliteMeasurementStore.decode(
                SqliteMeasurementStore.encode(List.of(1.5, -2.0)), 2));
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            List<String> out = new java.util.ArrayList<>();
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "," : "").append(r.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }
}
