package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: real spaces, real ONNX Runtime, a real database file. */
class CliTest {

    /** Short plans keep the suite fast; the statistics are still real. */
    static final String[] FAST = {"--warmup", "2", "--min-runs", "5", "--max-runs", "15"};

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String c : List.of("search", "sample", "export", "measure", "profile", "measurements")) {
            assertTrue(r.out().contains(c), c + " missing from: " + r.out());
        }
    }

    @Test
    void sampleIsRepeatableAndDistinct() {
        Result a = run("sample", "--space", "nb201", "--count", "50", "--seed", "3");
        Result b = run("sample", "--space", "nb201", "--count", "50", "--seed", "3");
        Result c = run("sample", "--space", "nb201", "--count", "50", "--seed", "4");
        assertEquals(0, a.code(), a.err());
        List<String> lines = a.out().lines().toList();
        assertEquals(50, lines.size());
        assertEquals(50, lines.stream().distinct().count());
        assertEquals(a.out(), b.out());
        assertFalse(a.out().equals(c.out()));
        assertTrue(lines.get(0).matches("\\|[a-z_0-9]+~0\\|\\+\\|.*\\|"), lines.get(0));
    }

    @Test
    void exportWritesAFileWhoseDigestAndCountsItReports() throws Exception {
        Path f = dir.resolve("m.onnx");
        String arch = run("sample", "--space", "mbv3", "--count", "1", "--seed", "1").out().strip();
        Result r = run("export", "--space", "mbv3", "--arch", arch, "-o", f.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("mbv3", j.get("space").asText());
        assertEquals(arch, j.get("arch").asText());
        assertTrue(j.get("flops").asLong() > j.get("macs").asLong());
        assertTrue(j.get("params").asLong() > 1_000_000);
        assertEquals(f.toString(), j.get("file").asText());
        assertEquals(io.hwnas.core.measure.Sha256.ofFile(f), j.get("sha256").asText());
    }

    @Test
    void measureStoresAndDoesNotMeasureTwice() throws Exception {
        Path f = dir.resolve("m.onnx");
        Path db = dir.resolve("h.db");
        String arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        assertEquals(0, run("export", "--space", "nb201", "--arch", arch, "-o", f.toString()).code());
        String[] measure = concat(new String[] {"measure", f.toString(), "--device", "cpu-1t", "--json", "--db", db.toString()},
                FAST);
        Result first = run(measure);
        assertEquals(0, first.code(), first.err());
        JsonNode j = first.json();
        for (String k : List.of("median_ms", "p90_ms", "min_ms", "runs", "threads", "ort_version")) {
            assertTrue(j.has(k), k + " missing: " + j);
        }
        assertEquals(1, j.get("threads").asInt());
        assertTrue(j.get("min_ms").asDouble() <= j.get("median_ms").asDouble());
        assertTrue(j.get("median_ms").asDouble() <= j.get("p90_ms").asDouble());
        assertFalse(j.get("cached").asBoolean());
        JsonNode again = run(measure).json();
        assertTrue(again.get("cached").asBoolean());
        assertEquals(j.get("median_ms").asDouble(), again.get("median_ms").asDouble());
        JsonNode re = run(concat(measure, "--remeasure")).json();
        assertFalse(re.get("cached").asBoolean());
        JsonNode threads = run(concat(measure, "--threads", "2")).json();
        assertEquals(2, threads.get("threads").asInt());
        assertFalse(threads.get("cached").asBoolean());
    }

    @Test
    void profileResumesAndExportsOneCsvRowPerMeasurement() throws Exception {
        Path db = dir.resolve("p.db");
        String[] profile = concat(new String[] {"profile", "--space", "nb201", "--device", "cpu-1t", "--seed", "5",
            "--db", db.toString()}, FAST);
        Result r = run(concat(profile, "--samples", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 measured now, 0 already in the database"), r.out());
        r = run(concat(profile, "--samples", "3"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 measured now, 2 already in the database"), r.out());
        Path csv = dir.resolve("m.csv");
        Result e = run("measurements", "export", "--format", "csv", "-o", csv.toString(), "--db", db.toString());
        assertEquals(0, e.code(), e.err());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("arch") && lines.get(0).contains("device_id")
                && lines.get(0).contains("median_ms"), lines.get(0));
        List<String> sampled = run("sample", "--space", "nb201", "--count", "3", "--seed", "5").out().lines().toList();
        for (String a : sampled) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(a)), a + " not in the CSV");
        }
    }

    @Test
    void roundsPoolTheSamplesOfEveryRound() throws Exception {
        Path db = dir.resolve("r.db");
        // FAST takes 5 to 15 runs a round: two rounds pool at least 10.
        Result r = run(concat(new String[] {"profile", "--space", "nb201", "--device", "cpu-1t", "--samples", "2",
            "--seed", "8", "--rounds", "2", "--db", db.toString()}, FAST));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 measured now"), r.out());
        try (var store = io.hwnas.profilers.store.SqliteMeasurementStore.open(db)) {
            assertEquals(2, store.count());
            for (var m : store.all()) {
                assertTrue(m.measurement().stats().runs() >= 10, "runs " + m.measurement().stats().runs());
                assertEquals(m.measurement().stats().runs(), m.measurement().samplesMs().size());
            }
        }
        assertEquals(2, run("profile", "--space", "nb201", "--rounds", "0", "--samples", "1", "--db",
                db.toString()).code());
    }

    @Test
    void killedProfileKeepsFinishedMeasurementsAndResumes() throws Exception {
        Path db = dir.resolve("k.db");
        // Frozen on its third progress line, after the third model's measurement is committed.
        List<String> cmd = new ArrayList<>(List.of("profile", "--space", "nb201", "--device", "cpu-1t", "--samples",
                "40", "--seed", "9", "--db", db.toString()));
        cmd.addAll(List.of(FAST));
        FreezingMain.runUntilFrozenAndKill(dir, " \\[(\\d+)/40\\] ", 3, cmd);
        long kept = countRows(db);
        assertTrue(kept >= 3 && kept < 40, "rows after kill: " + kept + "; log: " + Files.readString(dir.resolve(
                "log")));
        Result r = run(concat(new String[] {"profile", "--space", "nb201", "--device", "cpu-1t", "--samples", "40",
            "--seed", "9", "--db", db.toString()}, FAST));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains((40 - kept) + " measured now, " + kept + " already in the database"), r.out());
        assertEquals(40, countRows(db));
    }

    /**
     * A jar holding only a manifest whose Class-Path is this JVM's class path, so the child starts with a short
     * {@code -cp}: a JVM started with a {@code -cp} longer than about 4,000 characters (the test class path with
     * Weka is) crashes in ONNX Runtime 1.29's native start-up (SIGSEGV, exit 139, nothing printed). Seen with
     * {@code java -cp}, not under Surefire's own manifest-jar launch.
     */
    static Path pathingJar(Path dir) throws java.io.IOException {
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        StringBuilder cp = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.append(Path.of(e).toUri()).append(' ');
            }
        }
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, cp.toString().strip());
        Path jar = dir.resolve("classpath.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), mf)) {
            out.flush();
        }
        return jar;
    }

    private static long countRows(Path db) throws Exception {
        if (!Files.exists(db)) {
            return 0;
        }
        // A plain read-only connection: opening the store would take the write lock the profiler needs.
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                var s = c.createStatement();
                var r = s.executeQuery("SELECT count(*) FROM measurement")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0; // not created yet, or the writer holds the lock for a moment
        }
    }

    // ---- bad input: one clear line, non-zero exit, nothing half-written ----

    @Test
    void unknownSpaceNamesItAndTheKnownOnes() {
        Result r = run("sample", "--space", "nb301", "--count", "1");
        assertEquals(2, r.code());
        assertEquals("hwnas: No search space 'nb301'; known: [mbv3, mbv3-ee, nb201, nb201-ee, transformer, transformer-tiny]", r.err().strip());
    }

    @Test
    void malformedArchitectureIsNamedAndNoFileIsWritten() {
        Path f = dir.resolve("bad.onnx");
        Result r = run("export", "--space", "nb201", "--arch", "|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                "-o", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("hwnas: ") && r.err().contains("conv_9x9"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(f));
    }

    @Test
    void nonOnnxFileIsNamed() throws Exception {
        Path f = dir.resolve("notes.onnx");
        Files.writeString(f, "this is not a model\n");
        Result r = run("measure", f.toString(), "--db", dir.resolve("x.db").toString());
        assertEquals(2, r.code(), r.err()); // the file is bad input (issue 18)
        assertTrue(r.err().contains(f.toString()) && r.err().contains("not an ONNX model"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("missing.onnx");
        Result r = run("measure", f.toString(), "--db", dir.resolve("x.db").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f.toString()), r.err());
    }

    @Test
    void unwritableDatabasePathIsNamedBeforeAnyWork() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        Path db = blocker.resolve("sub").resolve("h.db");
        Result r = run("profile", "--space", "nb201", "--device", "cpu-1t", "--samples", "1", "--db", db.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(db.toString()) || r.err().contains(blocker.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownDeviceListsTheKnownOnes() {
        Result r = run("profile", "--space", "nb201", "--device", "pi5", "--samples", "1", "--db",
                dir.resolve("d.db").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("No device profile 'pi5'; known: [cpu, cpu-1t, cuda, jetson-nano, rpi4, rpi5]"), r.err());
    }
}
