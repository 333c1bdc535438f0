package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory read back as a report reads it: a whole run gives what the search ended with, and a manifest that
 * does not describe a search this hwnas can report is refused naming the manifest and what is missing or wrong. One
 * small search (nsga2, 40 evaluations) makes the directory; each test changes a copy.
 */
class RunDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    private static Path base;
    private static SearchResult result;

    @TempDir
    Path tmp;
    private Path dir;
    private Path manifest;

    @BeforeAll
    static void runOnce() throws IOException {
        base = shared.resolve("base");
        result = SearchRun.run(SearchFixtures.tableSearch(base).algorithm("nsga2")
                .budget(Budget.parse("latency_ms<=15")).evaluations(40).population(10).build(), SearchListener.NONE);
    }

    /** A fresh copy of the run, in place of the last. */
    private Path copy() throws IOException {
        dir = tmp.resolve("run");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        manifest = dir.resolve(RunFiles.MANIFEST);
        return dir;
    }

    /** The copy's manifest, changed by {@code edit}. */
    private void editManifest(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(manifest.toFile());
        edit.accept(m);
        Files.writeString(manifest, m.toString());
    }

    /** What loading the copy says; it must name its manifest. */
    private String manifestRefusal() {
        RunFileException e = assertThrows(RunFileException.class, () -> RunDirectory.load(dir));
        assertEquals(manifest, e.file());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static Checkpoint with(Checkpoint cp, boolean finished, long candidateBytes,
            List<CandidatePool.Measured> measurements, double[] ideal, double[] nadir) {
        return new Checkpoint(cp.format(), cp.config(), cp.generation(), finished, cp.random(), candidateBytes,
                measurements, cp.history(), ideal, nadir, cp.algorithmState(), cp.elapsedMs(), cp.failed());
    }

    @Test
    void aWholeRunReadsBackAsTheSearchEndedIt() throws IOException {
        RunData d = RunDirectory.load(copy());
        RunData r = result.record();
        assertEquals(dir, d.dir());
        assertEquals(RunManifest.read(manifest), d.manifest());
        assertTrue(d.finished());
        assertEquals(r.objectives(), d.objectives());
        // Read back, each budget names the device it binds; the keys are the same.
        assertEquals(r.constraints().stream().map(Constraint::key).toList(),
                d.constraints().stream().map(Constraint::key).toList());
        assertEquals(r.devices(), d.devices());
        assertEquals(40, d.candidates().size());
        assertEquals(r.candidates(), d.candidates());
        assertEquals(r.front(), d.front());
        assertEquals(r.feasible(), d.feasible());
        assertEquals(r.violations(), d.violations());
        assertEquals(r.predictedFeasibleMeasured(), d.predictedFeasibleMeasured());
        assertEquals(r.history(), d.history());
        assertArrayEquals(r.ideal(), d.ideal());
        assertArrayEquals(r.nadir(), d.nadir());
        assertEquals(r.failed(), d.failed());
    }

    @Test
    void aKilledRunReadsBackUnfinished() throws IOException {
        Checkpoint cp = Checkpoint.read(copy());
        with(cp, false, cp.candidateBytes(), cp.measurements(), cp.ideal(), cp.nadir()).write(dir);
        assertFalse(RunDirectory.load(dir).finished());
    }

    @Test
    void aCheckpointWithoutAReferenceGivesZerosForEachObjective() throws IOException {
        Checkpoint cp = Checkpoint.read(copy());
        with(cp, true, cp.candidateBytes(), cp.measurements(), null, null).write(dir);
        RunData d = RunDirectory.load(dir);
        assertArrayEquals(new double[2], d.ideal());
        assertArrayEquals(new double[2], d.nadir());
    }

    /** Its bytes are sound, but it records a measurement of an architecture the log does not hold. */
    @Test
    void aCheckpointThatDoesNotFitItsRunIsRefused() throws IOException {
        Checkpoint cp = Checkpoint.read(copy());
        with(cp, true, cp.candidateBytes(), List.of(new CandidatePool.Measured("1080ti_1_ms", "nowhere")),
                cp.ideal(), cp.nadir()).write(dir);
        RunFileException e = assertThrows(RunFileException.class, () -> RunDirectory.load(dir));
        assertEquals(dir.resolve(Checkpoint.FILE) + ": it records a measurement of 'nowhere' on '1080ti_1_ms' that "
                + "candidates.bin does not hold", e.getMessage());
    }

    @Test
    void whatIsNotARunDirectoryIsRefusedSayingWhy() throws IOException {
        Path missing = tmp.resolve("missing");
        assertEquals(missing + " is not a directory (a search run directory was expected)",
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.load(missing)).getMessage());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertEquals(file + " is not a directory (a search run directory was expected)",
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.load(file)).getMessage());
        assertEquals(tmp + " is not a search run: it has no manifest.json",
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.load(tmp)).getMessage());
        Files.createDirectory(tmp.resolve(RunFiles.MANIFEST));
        assertEquals(tmp + " is not a search run: it has no manifest.json",
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.load(tmp)).getMessage(),
                "a folder named manifest.json is no manifest");
    }

    @Test
    void aRunKilledInItsFirstGenerationHasNothingToReportYet() throws IOException {
        Files.delete(copy().resolve(Checkpoint.FILE));
        assertEquals(dir + ": the search stopped before its first generation ended; there is nothing to report yet "
                + "(no checkpoint.bin)", assertThrows(IllegalArgumentException.class, () -> RunDirectory.load(dir))
                .getMessage());
    }

    private static final String INCOMPLETE = "incomplete: a search's manifest names its space (config/space), its "
            + "devices and its objectives";

    @Test
    void aManifestWithoutASpaceDevicesOrObjectivesIsIncomplete() throws IOException {
        copy();
        editManifest(m -> m.remove("config"));
        assertEquals(manifest + ": " + INCOMPLETE, manifestRefusal());
        copy();
        editManifest(m -> ((ObjectNode) m.get("config")).remove("space"));
        assertEquals(manifest + ": " + INCOMPLETE, manifestRefusal());
        copy();
        editManifest(m -> m.putArray("devices"));
        assertEquals(manifest + ": " + INCOMPLETE, manifestRefusal());
        copy();
        editManifest(m -> m.putArray("objectives"));
        assertEquals(manifest + ": " + INCOMPLETE, manifestRefusal());
    }

    @Test
    void aDeviceWithoutAnIdOrAKindIsIncomplete() throws IOException {
        String want = manifestPath() + ": incomplete: a device without an id or a kind";
        for (Consumer<ObjectNode> edit : List.<Consumer<ObjectNode>>of(
                m -> ((ObjectNode) m.get("devices").get(0)).remove("kind"),
                m -> ((ObjectNode) m.get("devices").get(0)).remove("device"))) {
            copy();
            editManifest(edit);
            assertEquals(want, manifestRefusal());
        }
        // A null in the list is refused as the manifest is read, before the run is: still naming the manifest.
        copy();
        editManifest(m -> ((ArrayNode) m.get("devices")).insertNull(0));
        assertTrue(manifestRefusal().startsWith(manifestPath() + ": not a readable manifest: "));
    }

    private Path manifestPath() {
        return tmp.resolve("run").resolve(RunFiles.MANIFEST);
    }

    private void objectives(String... keys) throws IOException {
        copy();
        editManifest(m -> {
            ArrayNode a = m.putArray("objectives");
            for (String k : keys) {
                if (k == null) {
                    a.addObject().put("sense", "maximise");
                } else {
                    a.addObject().put("name", k).put("sense", "minimise");
                }
            }
        });
    }

    @Test
    void anObjectiveMustBeNamedAndItsDeviceOneOfTheRuns() throws IOException {
        objectives("accuracy", null);
        assertEquals(manifestPath() + ": an objective without a name", manifestRefusal());
        objectives("accuracy", "latency_ms[tpu]");
        assertEquals(manifestPath() + ": objective latency_ms[tpu] names a device the run does not have",
                manifestRefusal());
        objectives("accuracy", "latency_ms[1080ti_1_ms");
        assertTrue(manifestRefusal().startsWith(manifestPath() + ": unknown metric 'latency_ms[1080ti_1_ms'"));
        objectives("accuracy", "params[1080ti_1_ms]");
        assertTrue(manifestRefusal().startsWith(manifestPath() + ": unknown metric 'params[1080ti_1_ms]'"));
    }

    /** The objectives and budgets say which graph metrics every candidate must carry; these carry none. */
    @Test
    void aGraphMetricOfAnObjectiveOrABudgetMustBeInEveryCandidate() throws IOException {
        objectives("accuracy", "latency_ms[1080ti_1_ms]", "params");
        RunFileException e = assertThrows(RunFileException.class, () -> RunDirectory.load(dir));
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(dir.resolve(Checkpoint.CANDIDATES)
                .toString()) + ": candidate \\d+ lacks params, which the run needs"), e.getMessage());
        copy();
        editManifest(m -> ((ArrayNode) m.get("constraints")).add("flops<=1e12"));
        e = assertThrows(RunFileException.class, () -> RunDirectory.load(dir));
        assertTrue(e.getMessage().endsWith(" lacks flops, which the run needs"), e.getMessage());
    }

    @Test
    void aBudgetMustParseAndNameOneOfTheRunsDevices() throws IOException {
        copy();
        editManifest(m -> ((ArrayNode) m.get("constraints")).add("tpu:latency_ms<=3"));
        assertEquals(manifest + ": budget tpu:latency_ms<=3 names a device the run does not have",
                manifestRefusal());
        copy();
        editManifest(m -> ((ArrayNode) m.get("constraints")).add("fast"));
        assertTrue(manifestRefusal().startsWith(manifest + ": budget 'fast' is not of the form"));
        copy();
        editManifest(m -> ((ArrayNode) m.get("constraints")).add("1080ti_1_ms:latency_ms<=3"));
        assertEquals(2, RunDirectory.load(dir).constraints().size(), "a device of the run's is one");
    }

    @Test
    void aSpaceThisHwnasDoesNotKnowIsNamed() throws IOException {
        copy();
        editManifest(m -> ((ObjectNode) m.get("config")).put("space", "zzz"));
        assertEquals(manifest + ": the run's space 'zzz' is not known to this hwnas (a plugin missing from the class "
                + "path?)", manifestRefusal());
    }

    /**
     * The log's candidates stripped of their graph metrics, so that the front's are computed on reading, for the
     * input the manifest names.
     */
    private void stripGraphMetrics() throws IOException {
        Checkpoint cp = Checkpoint.read(dir);
        List<Candidate> stripped = cp.candidates(dir).stream().map(c -> new Candidate(c.index(), c.generation(),
                c.arch(), c.accuracy(), c.latency(), Map.of(), c.extras())).toList();
        Files.delete(dir.resolve(Checkpoint.CANDIDATES));
        long bytes = CandidateLog.append(dir, 0, stripped);
        with(cp, true, bytes, cp.measurements(), cp.ideal(), cp.nadir()).write(dir);
    }

    @Test
    void theFrontsGraphMetricsAreForTheInputTheManifestNames() throws IOException {
        copy();
        stripGraphMetrics();
        RunData plain = RunDirectory.load(dir);
        assertEquals(result.front().get(0).graphMetrics(), plain.front().get(0).graphMetrics());
        editManifest(m -> m.putObject("input").put("label", "cifar100").put("channels", 3).put("size", 32)
                .put("classes", 100));
        RunData bound = RunDirectory.load(dir);
        assertEquals(plain.front().get(0).arch(), bound.front().get(0).arch());
        assertNotEquals(plain.front().get(0).graphMetric(Metric.PARAMS), bound.front().get(0).graphMetric(
                Metric.PARAMS), "a classifier of 100 classes has more parameters than one of 10");
    }

    @Test
    void anInputThatCannotBeBuiltIsNamed() throws IOException {
        copy();
        editManifest(m -> m.putObject("input").put("label", "x").put("channels", 3).put("size", 32).put("classes", 10)
                .put("graph", "decode"));
        assertTrue(manifestRefusal().startsWith(manifest + ": input: search space 'nb201' has no graph 'decode'"));
        copy();
        editManifest(m -> m.putObject("input").put("label", "x").put("channels", -3).put("size", 32)
                .put("classes", 10));
        assertTrue(manifestRefusal().startsWith(manifest + ": input: "), manifestRefusal());
    }
}
