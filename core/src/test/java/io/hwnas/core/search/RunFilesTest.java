package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory's text files as {@link RunFiles} writes them, from hand-made candidates and results: what a
 * reader of {@code manifest.json}, {@code candidates.csv}, {@code hypervolume.csv} and {@code front.json} relies on,
 * field by field, without running a search.
 */
class RunFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GPU = "1080ti_1_ms";
    private static final String PHONE = "essential_ph_1_ms";

    @TempDir
    Path tmp;

    /** A device that measures (a predictor in the loop) and says which predictor it uses. */
    private static final class Phone implements MeasuringOracle {
        private final DeviceFarmTest.TableDevice device = new DeviceFarmTest.TableDevice(PHONE);

        @Override
        public String device() {
            return PHONE;
        }

        @Override
        public LatencyKind kind() {
            return device.kind();
        }

        @Override
        public String source() {
            return device.source();
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            return device.estimate(a);
        }

        @Override
        public Map<String, Double> measure(List<Architecture> as) {
            return device.measure(as);
        }

        @Override
        public void learn(Architecture a, double ms) {}

        @Override
        public void refit() {}

        @Override
        public Map<String, Object> describe() {
            return Map.of("predictor", "ridge");
        }
    }

    /** The GPU from a published table, the phone measuring; a latency budget on both, params an objective. */
    private SearchSetup.Builder setup() {
        return SearchFixtures.tableSearch(tmp).algorithm("nsga2").latency(new Phone()).objective(Metric.PARAMS)
                .budget(Budget.parse("latency_ms<=15")).command(RunFiles.EXPORT, "hwnas export '{arch}'")
                .environment("onnxruntime", "1.29.0").seed(11);
    }

    // Feasible; measured on both, on the phone by hwnas.
    private static final Candidate A = new Candidate(0, 1, "a", 90, Map.of(GPU, LatencyEstimate.measured(10), PHONE,
            new LatencyEstimate(12, 11)), Map.of(Metric.PARAMS, 1e6, Metric.FLOPS, 2e8), Map.of("exit_share[0]", 0.5));
    // Predicted within the budgets, measured outside the GPU's: a violation.
    private static final Candidate B = new Candidate(1, 2, "b", 80, Map.of(GPU, new LatencyEstimate(20, 14), PHONE,
            LatencyEstimate.predicted(5)), Map.of(Metric.PARAMS, 2e6), Map.of());
    // Feasible by predictions only on the phone; an extra with a comma and one it does not know.
    private static final Candidate C = new Candidate(2, 2, "c,3", 70.5, Map.of(GPU, LatencyEstimate.measured(9),
            PHONE, LatencyEstimate.predicted(14)), Map.of(Metric.PARAMS, 3e6), Map.of("x,y", Double.NaN));

    private static final List<String> DEVICES = List.of(GPU, PHONE);

    private List<Constraint> constraints() {
        return setup().build().constraints();
    }

    @Test
    void theManifestRecordsTheSetupAndReadsBackTheSame() throws IOException {
        SearchSetup s = setup().build();
        RunManifest.EffectiveConfig config = SearchRun.effectiveConfig(s);
        Instant before = Instant.now();
        RunManifest m = RunFiles.writeManifest(tmp, s, config, false);
        Instant after = Instant.now();
        assertEquals(m, RunManifest.read(tmp.resolve(RunFiles.MANIFEST)));

        assertEquals(RunManifest.FORMAT, m.format());
        Instant created = Instant.parse(m.created());
        assertFalse(created.isBefore(before) || created.isAfter(after), m.created());
        assertEquals(List.of(), m.resumed());
        assertEquals(config, m.config());
        assertNull(m.search(), "a search set up in code has no user's configuration");
        assertEquals(Map.of("onnxruntime", "1.29.0"), m.environment());
        assertEquals(Map.of(RunFiles.EXPORT, "hwnas export '{arch}'"), m.commands());
        assertEquals(11, m.seed());

        Provenance p = Provenance.current();
        assertEquals(p.toolVersion(), m.versions().hwnas());
        assertEquals(p.javaVersion(), m.versions().java());
        assertEquals(p.osName() + " " + p.osArch(), m.versions().os());
        assertEquals(p.host(), m.versions().host());
        assertTrue(m.versions().moeaFramework().matches("\\d+(\\.\\d+)+.*"), "the jar's own version: "
                + m.versions().moeaFramework());

        assertEquals(new RunManifest.Executor(s.executor().name(), s.executor().description(),
                s.executor().parallelism()), m.executor());
        assertEquals(new RunManifest.Oracle(s.accuracy().name(), s.accuracy().source()), m.accuracyOracle());
        assertEquals(List.of(new RunManifest.Device(GPU, LatencyKind.TABLE, s.latency().get(0).source(), Map.of()),
                new RunManifest.Device(PHONE, LatencyKind.LOOP, "HELP table " + PHONE, Map.of("predictor", "ridge"))),
                m.devices());
        assertNull(m.input(), "the space's default input");
        assertEquals(List.of(new RunManifest.Objective("accuracy", "maximise"),
                new RunManifest.Objective("latency_ms[" + GPU + "]", "minimise"),
                new RunManifest.Objective("latency_ms[" + PHONE + "]", "minimise"),
                new RunManifest.Objective("params", "minimise")), m.objectives());
        assertEquals(List.of(GPU + ":latency_ms<=15", PHONE + ":latency_ms<=15"), m.constraints());
    }

    @Test
    void aResumeKeepsTheCreationTimeAndAddsOneTimeForEachResume() throws IOException {
        SearchSetup s = setup().build();
        RunManifest.EffectiveConfig config = SearchRun.effectiveConfig(s);
        RunManifest first = RunFiles.writeManifest(tmp, s, config, false);
        Instant before = Instant.now();
        RunManifest resumed = RunFiles.writeManifest(tmp, s, config, true);
        assertEquals(first.created(), resumed.created());
        assertEquals(1, resumed.resumed().size());
        assertFalse(Instant.parse(resumed.resumed().get(0)).isBefore(before));

        // Rewritten without a resume (the end of a run), the resumes stay as they were.
        RunManifest rewritten = RunFiles.writeManifest(tmp, s, config, false);
        assertEquals(resumed.resumed(), rewritten.resumed());
        assertEquals(first.created(), rewritten.created());

        RunManifest again = RunFiles.writeManifest(tmp, s, config, true);
        assertEquals(2, again.resumed().size());
        assertEquals(resumed.resumed().get(0), again.resumed().get(0));
        assertEquals(again, RunManifest.read(tmp.resolve(RunFiles.MANIFEST)));
    }

    @Test
    void aManifestWithoutACreationTimeGetsOne() throws IOException {
        SearchSetup s = setup().build();
        RunManifest.EffectiveConfig config = SearchRun.effectiveConfig(s);
        RunManifest old = RunFiles.writeManifest(tmp, s, config, false);
        new RunManifest(old.format(), null, List.of("2026-01-01T00:00:00Z"), config, null, Map.of(), Map.of(), 11,
                old.versions(), old.executor(), old.accuracyOracle(), old.devices(), null, old.objectives(),
                old.constraints()).write(tmp.resolve(RunFiles.MANIFEST));
        Instant before = Instant.now();
        RunManifest m = RunFiles.writeManifest(tmp, s, config, false);
        assertFalse(Instant.parse(m.created()).isBefore(before), m.created());
        assertEquals(List.of("2026-01-01T00:00:00Z"), m.resumed());
    }

    @Test
    void aSpaceBoundToAnInputRecordsIt() throws IOException {
        SearchSetup s = setup().space(new BoundSpace(SearchFixtures.NB201, new GraphOptions(3, 64, 100), "cifar100"))
                .build();
        RunManifest m = RunFiles.writeManifest(tmp, s, SearchRun.effectiveConfig(s), false);
        assertEquals(new RunManifest.Input("cifar100", 3, 64, 100, ""), m.input());
        assertEquals(m.input(), RunManifest.read(tmp.resolve(RunFiles.MANIFEST)).input());
    }

    @Test
    void theHistoryIsOneRowPerGenerationWithSecondsToTheMillisecond() throws IOException {
        RunFiles.writeHistory(tmp, List.of(new GenerationStats(1, 10, Double.NaN, 3, 0, 1500),
                new GenerationStats(2, 20, 0.25, 4, 1, 1234567)));
        assertEquals("""
                generation,evaluations,hypervolume,front_size,measured,elapsed_s
                1,10,,3,0,1.500
                2,20,0.25,4,1,1234.567
                """, Files.readString(tmp.resolve(RunFiles.HYPERVOLUME_CSV)));
        RunFiles.writeHistory(tmp, List.of());
        assertEquals("generation,evaluations,hypervolume,front_size,measured,elapsed_s\n",
                Files.readString(tmp.resolve(RunFiles.HYPERVOLUME_CSV)), "rewritten whole");
    }

    private static final String HEADER = "index,generation,arch,accuracy,latency_ms[" + GPU + "],latency_measured_ms["
            + GPU + "],latency_predicted_ms[" + GPU + "],latency_ms[" + PHONE + "],latency_measured_ms[" + PHONE
            + "],latency_predicted_ms[" + PHONE + "]";

    @Test
    void candidatesAreOneCsvRowEachWithTheColumnsEveryRowHasAndEveryExtra() {
        assertEquals(HEADER + ",params,exit_share[0],\"x,y\",feasible,predicted_feasible\n"
                + "0,1,a,90.0,10.0,10.0,,12.0,12.0,11.0,1000000.0,0.5,,true,true\n"
                + "1,2,b,80.0,20.0,20.0,14.0,5.0,,5.0,2000000.0,,,false,true\n"
                + "2,2,\"c,3\",70.5,9.0,9.0,,14.0,,14.0,3000000.0,,,true,true\n",
                RunFiles.candidatesCsv(DEVICES, constraints(), List.of(A, B, C)));
        // flops only where every row has it
        assertEquals(HEADER + ",params,flops,exit_share[0],feasible,predicted_feasible\n"
                + "0,1,a,90.0,10.0,10.0,,12.0,12.0,11.0,1000000.0,2.0E8,0.5,true,true\n",
                RunFiles.candidatesCsv(DEVICES, constraints(), List.of(A)));
    }

    @Test
    void noCandidatesIsAHeaderWithoutGraphColumns() {
        assertEquals("index,generation,arch,accuracy,latency_ms[" + GPU + "],latency_measured_ms[" + GPU
                + "],latency_predicted_ms[" + GPU + "],feasible,predicted_feasible\n",
                RunFiles.candidatesCsv(List.of(GPU), List.of(), List.of()));
    }

    private static List<RunData.Device> devices() {
        return List.of(new RunData.Device(GPU, LatencyKind.TABLE, "table"), new RunData.Device(PHONE,
                LatencyKind.LOOP, "phone"));
    }

    @Test
    void aRowHasTheFirstDevicesLatencyOnTopAndEveryDevicesBelowWithWhereItCameFrom() throws IOException {
        ObjectNode a = RunFiles.row(devices(), constraints(), A, "hwnas export '{arch}'");
        assertEquals(JSON.readTree("""
                {"arch": "a", "accuracy": 90.0, "latency_ms": 10.0, "latency_measured_ms": 10.0,
                 "latency_predicted_ms": null,
                 "latency": {"1080ti_1_ms": {"ms": 10.0, "measured_ms": 10.0, "predicted_ms": null, "source": "table"},
                             "essential_ph_1_ms": {"ms": 12.0, "measured_ms": 12.0, "predicted_ms": 11.0,
                                                   "source": "measured"}},
                 "params": 1000000.0, "flops": 2.0E8, "exit_share[0]": 0.5,
                 "feasible": true, "predicted_feasible": true, "violated": [], "index": 0, "generation": 1,
                 "export": "hwnas export 'a'"}
                """), a);
        ObjectNode b = RunFiles.row(devices(), constraints(), B, null);
        assertEquals(JSON.readTree("""
                {"arch": "b", "accuracy": 80.0, "latency_ms": 20.0, "latency_measured_ms": 20.0,
                 "latency_predicted_ms": 14.0,
                 "latency": {"1080ti_1_ms": {"ms": 20.0, "measured_ms": 20.0, "predicted_ms": 14.0, "source": "table"},
                             "essential_ph_1_ms": {"ms": 5.0, "measured_ms": null, "predicted_ms": 5.0,
                                                   "source": "predicted"}},
                 "params": 2000000.0, "feasible": false, "predicted_feasible": true,
                 "violated": ["1080ti_1_ms:latency_ms<=15"], "index": 1, "generation": 2}
                """), b, "no export command without a template");
        assertTrue(RunFiles.row(devices(), constraints(), C, null).get("x,y").isNull(), "an unknown extra is null");
    }

    @Test
    void aRowOfASetupUsesItsDevicesAndItsExportCommand() throws IOException {
        SearchSetup s = setup().build();
        ObjectNode row = RunFiles.row(s, A);
        assertEquals("hwnas export 'a'", row.get("export").asText());
        assertEquals(List.of(GPU, PHONE), List.copyOf(iterable(row.get("latency").fieldNames())));
        assertEquals("measured", row.get("latency").get(PHONE).get("source").asText());
        assertEquals("table", row.get("latency").get(GPU).get("source").asText());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private SearchResult result(boolean feasible, List<GenerationStats> history, int predictedFeasibleMeasured) {
        SearchSetup s = setup().build();
        LinkedHashMap<String, String> failed = new LinkedHashMap<>();
        failed.put("d", "training diverged");
        RunData record = new RunData(tmp, null, true, s.objectives(), s.constraints(), devices(), List.of(A, B, C),
                List.of(A, C), feasible, List.of(B), predictedFeasibleMeasured, history,
                new double[] {100, 0, 0, 0}, new double[] {0, 50, 60, 4e6}, failed, List.of());
        return new SearchResult(s, record, false, Map.of("a", 88.5), Map.of("c,3", 60.0));
    }

    @Test
    void theFrontJsonSummarisesTheRunThenListsTheFrontViolationsAndFailures() throws IOException {
        SearchResult r = result(true, List.of(new GenerationStats(1, 2, 0.3, 1, 0, 1500),
                new GenerationStats(2, 3, 0.45, 2, 1, 2500)), 2);
        ObjectNode o = RunFiles.frontJson(r);
        assertEquals(tmp.toAbsolutePath().toString(), o.get("run_dir").asText());
        assertEquals("nb201", o.get("space").asText());
        assertEquals("nsga2", o.get("algorithm").asText());
        assertEquals(11, o.get("seed").asLong());
        assertEquals("nb201:cifar10", o.get("accuracy_oracle").asText());
        assertEquals(JSON.readTree("[\"1080ti_1_ms\", \"essential_ph_1_ms\"]"), o.get("devices"));
        assertEquals(JSON.readTree("[\"1080ti_1_ms:latency_ms<=15\", \"essential_ph_1_ms:latency_ms<=15\"]"),
                o.get("budgets"));
        assertEquals(3, o.get("evaluations").asInt());
        assertEquals(2, o.get("generations").asInt());
        assertEquals(2.5, o.get("wall_s").asDouble());
        assertEquals(0.45, o.get("hypervolume").asDouble());
        assertEquals(JSON.readTree("""
                {"accuracy": [100.0, 0.0], "latency_ms[1080ti_1_ms]": [0.0, 50.0],
                 "latency_ms[essential_ph_1_ms]": [0.0, 60.0], "params": [0.0, 4000000.0]}
                """), o.get("hypervolume_reference"));
        assertTrue(o.get("feasible").asBoolean());
        assertEquals(1, o.get("measured").asInt(), "only a measuring device's measurements count, not a table's");
        assertEquals(0.5, o.get("violation_rate").asDouble());
        assertEquals(2, o.get("predicted_feasible_measured").asInt());

        JsonNode front = o.get("front");
        assertEquals(2, front.size());
        JsonNode a = RunFiles.row(r.setup(), A).put("test_accuracy", 88.5);
        assertEquals(a, front.get(0), "held-out accuracy where the oracle has it");
        JsonNode c = RunFiles.row(r.setup(), C).put("accuracy_low_fidelity", 60.0);
        assertEquals(c, front.get(1), "the first accuracy of a promoted candidate");
        assertNull(o.get("closest"), "a feasible front is not the closest to feasible");
        assertEquals(JSON.createArrayNode().add(RunFiles.row(r.setup(), B)), o.get("violations"));
        assertEquals(1, o.get("promoted").asInt());
        assertEquals(JSON.readTree("[{\"arch\": \"d\", \"reason\": \"training diverged\"}]"), o.get("failed"));
    }

    @Test
    void anInfeasibleFrontIsAlsoListedAsTheClosest() {
        ObjectNode o = RunFiles.frontJson(result(false, List.of(new GenerationStats(1, 3, 0, 2, 0, 10)), 2));
        assertFalse(o.get("feasible").asBoolean());
        SearchSetup s = setup().build();
        assertEquals(JSON.createArrayNode().add(RunFiles.row(s, A)).add(RunFiles.row(s, C)), o.get("closest"));
    }

    @Test
    void aRunWithoutGenerationsOrPredictedFeasibleMeasurementsHasZerosAndNoRate() {
        ObjectNode o = RunFiles.frontJson(result(true, List.of(), 0));
        assertEquals(0, o.get("generations").asInt());
        assertEquals(0.0, o.get("wall_s").asDouble());
        assertEquals(0.0, o.get("hypervolume").asDouble());
        assertTrue(o.get("violation_rate").isNull(), "no rate of nothing");
        assertTrue(o.has("violation_rate"));
    }

    @Test
    void writeAllLeavesTheCandidatesTheHistoryAndTheFrontTwice() throws IOException {
        SearchResult r = result(true, List.of(new GenerationStats(1, 3, 0.45, 2, 1, 2500)), 2);
        RunFiles.writeAll(r);
        List<String> devices = List.of(GPU, PHONE);
        assertEquals(RunFiles.candidatesCsv(devices, r.setup().constraints(), List.of(A, B, C)),
                Files.readString(tmp.resolve(RunFiles.CANDIDATES_CSV)));
        assertEquals(RunFiles.candidatesCsv(devices, r.setup().constraints(), List.of(A, C)),
                Files.readString(tmp.resolve(RunFiles.FRONT_CSV)));
        assertEquals("generation,evaluations,hypervolume,front_size,measured,elapsed_s\n1,3,0.45,2,1,2.500\n",
                Files.readString(tmp.resolve(RunFiles.HYPERVOLUME_CSV)));
        // As text: numbers read back are of the narrowest kind, a long seed an int.
        assertEquals(JSON.readTree(RunFiles.frontJson(r).toString()),
                JSON.readTree(tmp.resolve(RunFiles.FRONT_JSON).toFile()));
    }

    /** Written beside and moved: the old file is replaced whole, nothing is left beside it, a line ends it. */
    @Test
    void aJsonFileIsIndentedEndsWithANewLineAndReplacesTheOld() throws IOException {
        Path f = tmp.resolve("x.json");
        Files.writeString(f, "{\"old\": true, \"padding\": \"" + "x".repeat(500) + "\"}");
        ObjectNode n = JSON.createObjectNode().put("a", 1).put("b", "two");
        RunFiles.write(f, n);
        String text = Files.readString(f);
        assertEquals("{\n  \"a\" : 1,\n  \"b\" : \"two\"\n}" + System.lineSeparator(), text);
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList());
        }
        assertNotEquals(JSON.readTree("{\"old\": true}"), JSON.readTree(text));
    }
}
