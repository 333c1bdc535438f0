package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.SearchConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a report reads of a run: the manifest's facts, the last generation, the violation rate, the commands. */
class RunDataTest {

    private static final Path DIR = Path.of("runs", "nb201-7");
    private static final Candidate ONE = new Candidate(0, 1, "a", 90, Map.of("gpu", LatencyEstimate.measured(2)),
            Map.of());
    private static final Candidate TWO = new Candidate(1, 1, "b", 80, Map.of("gpu", LatencyEstimate.measured(9)),
            Map.of());

    private static RunManifest manifest(SearchConfig search, Map<String, String> commands) {
        return new RunManifest(RunManifest.FORMAT, "2026-12-07T00:00:00Z", List.of(),
                new RunManifest.EffectiveConfig("nb201", "nb201:cifar10", List.of("gpu (table)"), List.of("accuracy",
                        "latency_ms[gpu]"), List.of(), "regevo", 100, 20, 5, 0.2, 0.5, 7L, null), search, Map.of(),
                commands, 7, null, null, new RunManifest.Oracle("nb201:cifar10", "table"), List.of(), null, List.of(),
                List.of());
    }

    private static RunData run(RunManifest manifest, List<Candidate> violations, int predictedFeasibleMeasured,
            List<GenerationStats> history) {
        return new RunData(DIR, manifest, false, List.of(SearchObjective.of(Metric.ACCURACY),
                SearchObjective.latency("gpu"), SearchObjective.latency("cpu")), List.of(),
                List.of(new RunData.Device("gpu", LatencyKind.TABLE, "help")), List.of(ONE, TWO), List.of(ONE), true,
                violations, predictedFeasibleMeasured, history, new double[3], new double[3], Map.of(), List.of());
    }

    private static RunData run(Map<String, String> commands) {
        return run(manifest(null, commands), List.of(), 0, List.of());
    }

    @Test
    void theManifestsFactsAreTheRunsFacts() {
        RunData r = run(Map.of());
        assertEquals("nb201", r.space());
        assertEquals("regevo", r.algorithm());
        assertEquals(7L, r.seed());
        assertEquals("nb201:cifar10", r.accuracyOracle());
        assertEquals(100, r.targetEvaluations());
    }

    @Test
    void theViolationRateIsOfThoseMeasuredAfterAFeasiblePrediction() {
        assertTrue(Double.isNaN(run(manifest(null, Map.of()), List.of(), 0, List.of()).violationRate()),
                "none measured: no rate, not 0");
        assertEquals(0.25, run(manifest(null, Map.of()), List.of(TWO), 4, List.of()).violationRate());
        assertEquals(0.0, run(manifest(null, Map.of()), List.of(), 3, List.of()).violationRate());
    }

    @Test
    void theLastGenerationIsTheHistorysLastOrNone() {
        assertNull(run(Map.of()).last(), "killed in its first generation");
        GenerationStats one = new GenerationStats(1, 20, 0.5, 3, 0, 10);
        GenerationStats two = new GenerationStats(2, 40, 0.6, 4, 2, 20);
        assertEquals(two, run(manifest(null, Map.of()), List.of(), 0, List.of(one, two)).last());
        assertEquals(one, run(manifest(null, Map.of()), List.of(), 0, List.of(one)).last());
    }

    @Test
    void theCommandsFillInTheArchitectureAndTheDirectory() {
        RunData r = run(Map.of(RunFiles.EXPORT, "hwnas export --arch '{arch}' --space nb201",
                RunFiles.RESUME, "hwnas search --resume {dir}"));
        assertEquals("hwnas export --arch '|x|' --space nb201", r.exportCommand("|x|"));
        assertEquals("hwnas search --resume " + DIR, r.resumeCommand());
        RunData inCode = run(Map.of());
        assertNull(inCode.exportCommand("|x|"), "a search set up in code does not say");
        assertNull(inCode.resumeCommand());
    }

    @Test
    void aLatencyObjectiveIsFoundByItsDevice() {
        RunData r = run(Map.of());
        assertEquals(1, r.latencyObjective("gpu"));
        assertEquals(2, r.latencyObjective("cpu"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.latencyObjective("tpu"));
        assertEquals("no latency objective for device 'tpu'", e.getMessage());
    }

    @Test
    void driftControlIsTheConfiguredOneOrUnknownForASearchSetUpInCode() {
        assertEquals(Optional.empty(), run(Map.of()).driftControl());
        SearchConfig configured = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"), List.of(
                new LatencySource.Device("cpu-1t", LatencyMode.LOOP, null))).build();
        RunData r = run(manifest(configured, Map.of()), List.of(), 0, List.of());
        assertEquals(Optional.of(DriftControl.ON), r.driftControl());
    }

    @Test
    void aDeviceMeasuresWhenHwnasTakesItsLatencies() {
        assertTrue(new RunData.Device("cpu-1t", LatencyKind.LOOP, "onnxruntime").measures());
        assertTrue(new RunData.Device("cpu-1t", LatencyKind.MEASURED, "onnxruntime").measures());
        assertFalse(new RunData.Device("gpu", LatencyKind.TABLE, "help").measures());
        assertFalse(new RunData.Device("gpu", LatencyKind.PREDICTED, "weka").measures());
    }

    /** A report built from lists that its caller goes on changing must not change under it. */
    @Test
    void aRunsListsAreItsOwn() {
        List<Candidate> candidates = new ArrayList<>(List.of(ONE));
        List<GenerationStats> history = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>(Map.of("c", "oracle failed"));
        RunData r = new RunData(DIR, manifest(null, Map.of()), true, List.of(), List.of(), List.of(), candidates,
                candidates, false, candidates, 1, history, null, null, failed, new ArrayList<>());
        candidates.add(TWO);
        history.add(new GenerationStats(1, 1, 0, 1, 0, 1));
        failed.clear();
        assertEquals(List.of(ONE), r.candidates());
        assertEquals(List.of(ONE), r.front());
        assertEquals(List.of(ONE), r.violations());
        assertTrue(r.history().isEmpty());
        assertEquals(Map.of("c", "oracle failed"), r.failed());
        assertThrows(UnsupportedOperationException.class, () -> r.failed().put("d", "x"));
    }
}
