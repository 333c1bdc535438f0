package io.hwnas.profilers.store;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementCsv;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MemoryFigures;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.hwnas.core.measure.TestMeasurements.SHA_A;
import static io.hwnas.core.measure.TestMeasurements.SHA_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteMeasurementStoreTest {

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("hwnas.db");
    }

    @Test
    void savedMeasurementIsFoundByASecondStoreOnTheSameFile() throws Exception {
        Measurement m = TestMeasurements.sample(SHA_A, "cpu", 1);
        StoredMeasurement saved;
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            saved = store.save(m);
        }
        try (SqliteMeasurementStore again = SqliteMeasurementStore.open(db())) {
            assertEquals(saved, again.find(m.key()).orElseThrow());
            assertEquals(1, again.count());
        }
    }

    @Test
    void committedSaveIsVisibleBeforeTheWriterCloses() throws Exception {
        Measurement m = TestMeasurements.sample(SHA_A, "cpu", 1);
        try (SqliteMeasurementStore writer = SqliteMeasurementStore.open(db());
             SqliteMeasurementStore reader = SqliteMeasurementStore.open(db())) {
            writer.save(m);
            assertEquals(m, reader.find(m.key()).orElseThrow().measurement());
        }
    }

    @Test
    void unknownKeyIsNotFound() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(TestMeasurements.sample(SHA_A, "cpu", 1));
            assertTrue(store.find(TestMeasurements.sample(SHA_B, "cpu", 1).key()).isEmpty());
        }
    }

    @Test
    void settingsArePartOfTheKey() throws Exception {
        Measurement two = TestMeasurements.sample(SHA_A, "cpu", 1);
        Measurement one = two.toBuilder().settings(DeviceSettings.cpu(1)).build();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(two);
            store.save(one);
            assertEquals(2, store.count());
            assertEquals(one, store.find(one.key()).orElseThrow().measurement());
        }
    }

    @Test
    void refusesASecondMeasurementOfTheSameKeyWithoutReplace() throws Exception {
        Measurement m = TestMeasurements.sample(SHA_A, "cpu", 1);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            long id = store.save(m).id();
            var e = assertThrows(IllegalStateException.class,
                    () -> store.save(TestMeasurements.sample(SHA_A, "cpu", 2)));
            assertTrue(e.getMessage().contains("already stored as id " + id), e.getMessage());
            assertTrue(e.getMessage().contains("replace"), e.getMessage());
            assertEquals(m, store.find(m.key()).orElseThrow().measurement());
        }
    }

    @Test
    void remeasureReplacesTheOldRow() throws Exception {
        Measurement first = TestMeasurements.sample(SHA_A, "cpu", 1);
        Measurement second = TestMeasurements.sample(SHA_A, "cpu", 2);
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            long oldId = store.save(first).id();
            StoredMeasurement replaced = store.save(second, true);
            assertTrue(replaced.id() > oldId);
            assertEquals(1, store.count());
            assertEquals(replaced, store.find(second.key()).orElseThrow());
            assertEquals(List.of(replaced), store.all());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM samples")) {
            r.next();
            assertEquals(1, r.getInt(1), "the replaced measurement's samples are gone");
        }
    }

    @Test
    void samplesReadBackExactly() throws Exception {
        List<Double> samples = List.of(Math.PI, 1e-9, Double.MIN_VALUE, 0.0, 12345.678901234567, 0.1 + 0.2,
                Math.nextUp(1.0), 7.0, 8.5, 1e100);
        Measurement m = TestMeasurements.sample(SHA_A, "cpu", 1).toBuilder().samplesAndStats(samples).build();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(m);
        }
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            Measurement back = store.find(m.key()).orElseThrow().measurement();
            assertEquals(samples, back.samplesMs());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(samples.get(i)),
                        Double.doubleToRawLongBits(back.samplesMs().get(i)));
            }
            assertEquals(m, back);
        }
    }

    @Test
    void unknownValuesRoundTrip() throws Exception {
        Measurement bare = TestMeasurements.sample(SHA_A, "cpu", 1).toBuilder()
                .space(null).architecture(null).memory(MemoryFigures.unknown())
                .samplesAndStats(List.of(3.0, 2.0, 4.0))
                .plan(MeasurementPlan.builder().minRuns(3).maxRuns(3).budget(Duration.ofNanos(1_234_567)).build())
                .build();
        assertTrue(Double.isNaN(bare.stats().rseMedian()));
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(bare);
            assertEquals(bare, store.find(bare.key()).orElseThrow().measurement());
        }
    }

    @Test
    void createsMissingFoldersAndSetsSchemaVersionAndWal() throws Exception {
        Path nested = dir.resolve("a/b/c/hwnas.db");
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(nested)) {
            assertEquals(nested, store.file());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + nested);
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                r.next();
                assertEquals(SqliteMeasurementStore.SCHEMA_VERSION, r.getInt(1));
            }
            try (ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
                r.next();
                assertEquals("wal", r.getString(1));
            }
        }
    }

    @Test
    void pathUnderARegularFileFailsNamingThePath() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "not a folder");
        Path bad = file.resolve("hwnas.db");
        var e = assertThrows(MeasurementStoreException.class, () -> SqliteMeasurementStore.open(bad));
        assertTrue(e.getMessage().startsWith("cannot create folder " + file + " for measurement database " + bad),
                e.getMessage());
        assertEquals(bad.toString(), e.location());
    }

    @Test
    void folderAsDatabaseFailsNamingThePath() {
        var e = assertThrows(MeasurementStoreException.class, () -> SqliteMeasurementStore.open(dir));
        assertEquals("measurement database path is a folder: " + dir, e.getMessage());
    }

    @Test
    void unwritableFolderFailsNamingThePath() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            // Root may write into any folder it owns, so there the folder is one of the kernel's (/proc/1), where
            // nobody may create a file.
            Path folder = Files.isWritable(locked) ? Path.of("/proc/1") : locked;
            var e = assertThrows(MeasurementStoreException.class,
                    () -> SqliteMeasurementStore.open(folder.resolve("hwnas.db")));
            assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        } finally {
            locked.toFile().setWritable(true, false);
        }
    }

    @Test
    void textFileIsNotADatabase() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.db"), "just some notes that are long enough to look like a"
                + " header of a file and then some more text so SQLite reads a full page of it\n".repeat(20));
        var e = assertThrows(MeasurementStoreException.class, () -> SqliteMeasurementStore.open(text));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    @Test
    void refusesANewerSchema() throws Exception {
        SqliteMeasurementStore.open(db()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        var e = assertThrows(MeasurementStoreException.class, () -> SqliteMeasurementStore.open(db()));
        assertEquals("measurement database " + db() + " has schema version 99, newer than this hwnas supports ("
                + SqliteMeasurementStore.SCHEMA_VERSION + ")",
                e.getMessage());
    }

    @Test
    void refusesSomeoneElsesDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE recipes (name TEXT)");
        }
        var e = assertThrows(MeasurementStoreException.class, () -> SqliteMeasurementStore.open(db()));
        assertTrue(e.getMessage().startsWith("not an hwnas measurement database"), e.getMessage());
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        SqliteMeasurementStore store = SqliteMeasurementStore.open(db());
        store.close();
        var e = assertThrows(IllegalStateException.class, store::count);
        assertEquals("measurement store is closed: " + db(), e.getMessage());
    }

    @Test
    void defaultDatabaseIsInHwnasHome() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.openDefault()) {
            assertEquals(HwnasHome.fromEnvironment().database(), store.file());
        }
    }

    @Test
    void csvHasTheHeaderAndOneRowPerMeasurement() throws Exception {
        Measurement plain = TestMeasurements.sample(SHA_A, "cpu", 1);
        Measurement awkward = TestMeasurements.sample(SHA_B, "cpu", 2).toBuilder()
                .architecture("odd, \"quoted\"\nand two lines").build();
        Measurement bare = TestMeasurements.sample(SHA_A, "cpu-1t", 3).toBuilder().space(null).architecture(null)
                .settings(DeviceSettings.cpu(1)).build();
        StringWriter out = new StringWriter();
        List<StoredMeasurement> saved = new ArrayList<>();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            for (Measurement m : List.of(plain, awkward, bare)) {
                saved.add(store.save(m));
            }
            store.writeCsv(out);
        }

        List<List<String>> rows = parseCsv(out.toString());
        assertEquals(MeasurementCsv.HEADER, rows.get(0));
        assertEquals(List.of("id", "space", "arch", "device_id", "intra_threads", "inter_threads", "opt_level",
                "ort_version", "model_sha256", "host", "measured_at", "median_ms", "mean_ms", "p90_ms", "p99_ms",
                "min_ms", "max_ms", "std_ms", "cv", "runs", "session_create_ms"), rows.get(0).subList(0, 21));
        assertEquals(4, rows.size());
        for (int i = 0; i < saved.size(); i++) {
            List<String> row = rows.get(i + 1);
            Measurement m = saved.get(i).measurement();
            assertEquals(MeasurementCsv.HEADER.size(), row.size());
            assertEquals(Long.toString(saved.get(i).id()), row.get(0));
            assertEquals(m.architecture() == null ? "" : m.architecture(), row.get(2));
            assertEquals(m.deviceId(), row.get(3));
            assertEquals(m.stats().medianMs(), Double.parseDouble(row.get(11)));
            assertEquals(m.measuredAt().toString(), row.get(10));
            assertEquals(Integer.toString(m.stats().runs()), row.get(19));
        }
        assertEquals("", rows.get(3).get(1), "a bare file has no space");
    }

    @Test
    void profiledMeasurementIsCachedByItsKey() throws Exception {
        OrtProfiler profiler = new OrtProfiler();
        var device = DeviceRegistry.builtIns().get("cpu-1t");
        Path model = TestModels.convNet(dir, 11);
        Measurement m = profiler.measure(ProfileRequest.builder(model, device)
                .plan(MeasurementPlan.builder().warmupRuns(2).minRuns(10).maxRuns(40).build()).build());
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            store.save(m);
        }
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db())) {
            Measurement cached = store.find(profiler.keyFor(model, device)).orElseThrow().measurement();
            assertEquals(m, cached);
            assertEquals(LatencyStats.of(cached.samplesMs()), cached.stats());
        }
    }

    /** RFC 4180: fields may be quoted; a quoted field may hold commas, doubled quotes and line breaks. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        assertTrue(row.isEmpty() && field.length() == 0, "CSV ends with a line break");
        return rows;
    }
}
