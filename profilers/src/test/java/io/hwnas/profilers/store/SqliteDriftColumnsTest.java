package io.hwnas.profilers.store;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.core.measure.drift.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static io.hwnas.core.measure.TestMeasurements.SHA_A;
import static io.hwnas.core.measure.TestMeasurements.SHA_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema 2: drift readings and baselines kept, and a version-1 file brought up to date. */
class SqliteDriftColumnsTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("hwnas.db");
    }

    @Test
    void aDriftReadingRoundTripsWithItsReferenceRuns() throws Exception {
        Measurement calibrated = TestMeasurements.withDrift(SHA_A, "cpu", 1, true);
        Measurement fresh = TestMeasurements.withDrift(SHA_B, "cpu", 2, false);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(calibrated);
            store.save(fresh);
        }
        try (SqliteMeasurementStore again = SqliteMeasurementStore.open(db())) {
            assertEquals(calibrated, again.find(calibrated.key()).orElseThrow().measurement());
            assertEquals(fresh, again.find(fresh.key()).orElseThrow().measurement());
        }
    }

    @Test
    void aBaselineIsKeptOncePerKey() throws Exception {
        MeasurementKey key = new MeasurementKey(SHA_A, "cpu-1t", DeviceSettings.cpu(1), "1.29.0");
        Baseline b = Baseline.of(key, "nb201-m", List.of(0.71, 0.66, 0.69), Instant.parse("2026-12-07T10:00:00Z"), "vm");
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            assertTrue(store.baseline(key).isEmpty());
            store.saveBaseline(b);
            assertEquals(b, store.baseline(key).orElseThrow());
            assertEquals(0.66, store.baseline(key).orElseThrow().baselineMs());
            assertEquals(List.of(b), store.baselines());
            assertThrows(MeasurementStoreException.class, () -> store.saveBaseline(b));
            assertTrue(store.baseline(new MeasurementKey(SHA_A, "cpu-1t", DeviceSettings.cpu(2), "1.29.0")).isEmpty());
        }
    }

    /** What version 1 of the schema created (hwnas before drift control), verbatim. */
    private static final String[] VERSION_1 = {
        "CREATE TABLE measurement ( id INTEGER PRIMARY KEY AUTOINCREMENT, model_sha256 TEXT NOT NULL, device_id TEXT"
            + " NOT NULL, intra_threads INTEGER NOT NULL, inter_threads INTEGER NOT NULL, opt_level TEXT NOT NULL,"
            + " exec_mode TEXT NOT NULL, provider TEXT NOT NULL, ort_version TEXT NOT NULL, space TEXT, arch TEXT,"
            + " host TEXT NOT NULL, measured_at TEXT NOT NULL, median_ms REAL NOT NULL, mean_ms REAL NOT NULL, p90_ms"
            + " REAL NOT NULL, p99_ms REAL NOT NULL, min_ms REAL NOT NULL, max_ms REAL NOT NULL, std_ms REAL NOT NULL,"
            + " cv REAL NOT NULL, rse_median REAL, runs INTEGER NOT NULL, stop_reason TEXT NOT NULL, session_create_ms"
            + " REAL NOT NULL, rss_before_kib INTEGER, rss_after_session_kib INTEGER, rss_after_runs_kib INTEGER,"
            + " peak_rss_kib INTEGER, plan_warmup_runs INTEGER NOT NULL, plan_min_runs INTEGER NOT NULL, plan_max_runs"
            + " INTEGER NOT NULL, plan_target_rse REAL NOT NULL, plan_budget_ms REAL NOT NULL, tool_version TEXT NOT"
            + " NULL, java_version TEXT NOT NULL, os_name TEXT NOT NULL, os_arch TEXT NOT NULL)",
        "CREATE UNIQUE INDEX measurement_key ON measurement (model_sha256, device_id, intra_threads, inter_threads,"
            + " opt_level, exec_mode, provider, ort_version)",
        "CREATE INDEX measurement_arch ON measurement (space, arch)",
        "CREATE TABLE samples ( measurement_id INTEGER PRIMARY KEY REFERENCES measurement (id) ON DELETE CASCADE,"
            + " count INTEGER NOT NULL, ms BLOB NOT NULL)",
        "INSERT INTO measurement VALUES (1, '" + "a".repeat(64) + "', 'cpu-1t', 1, 1, 'ALL', 'SEQUENTIAL',"
            + " 'CPUExecutionProvider', '1.29.0', 'nb201', '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', 'old',"
            + " '2026-11-01T00:00:00Z', 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 0.0, NULL, 1, 'MAX_RUNS', 10.0, NULL, NULL,"
            + " NULL, NULL, 0, 1, 1, 0.01, 1000.0, '0.1.0', '17', 'Linux', 'amd64')",
        "INSERT INTO samples VALUES (1, 1, X'0000000000000040')", // one float64: 2.0
        "PRAGMA user_version = 1",
    };

    @Test
    void aVersion1DatabaseIsBroughtUpToDateAndKeepsItsMeasurementsRaw() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            for (String sql : VERSION_1) {
                s.execute(sql);
            }
        }
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            Measurement old = store.all().get(0).measurement();
            assertEquals(2.0, old.stats().medianMs());
            assertTrue(old.driftReading().isEmpty());
            assertTrue(old.correctedMedianMs().isEmpty());
            store.save(TestMeasurements.withDrift(SHA_B, "cpu", 2, true));
            assertEquals(2, store.count());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA user_version")) {
            assertEquals(SqliteMeasurementStore.SCHEMA_VERSION, r.getInt(1));
        }
    }
}
