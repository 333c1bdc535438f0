package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.Measuring;
import io.hwnas.core.search.config.SearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {

    @TempDir
    Path dir;

    @Test
    void aManifestOfFormat1ReadsWithItsRuntimeAndNoConfiguration() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, """
                {"format": "hwnas-search/1", "created": "2026-12-01T00:00:00Z", "resumed": [],
                 "config": {"space": "nb201", "accuracy": "nb201:cifar10", "algorithm": "nsga2", "evaluations": 300,
                            "population": 30, "seed": 2, "--seed": 2, "--device": ["cpu-1t"], "onnxruntime": "1.29.0"},
                 "seed": 2, "accuracy_oracle": {"name": "nb201:cifar10", "source": "table"},
                 "devices": [{"device": "cpu-1t", "kind": "loop", "source": "measured", "details": {}}],
                 "objectives": [{"name": "accuracy", "sense": "maximise"}], "constraints": []}
                """);
        RunManifest m = RunManifest.read(f);
        assertEquals("nb201", m.config().space());
        assertEquals(300, m.config().evaluations());
        assertEquals("1.29.0", m.onnxRuntime());
        assertEquals(LatencyKind.LOOP, m.devices().get(0).kind());
        assertNull(m.search(), "format 1 kept command-line options, not a configuration");
        assertTrue(m.commands().isEmpty());
    }

    @Test
    void whatIsWrittenReadsBack() throws Exception {
        RunManifest m = new RunManifest(RunManifest.FORMAT, "2026-12-07T00:00:00Z", List.of(),
                new RunManifest.EffectiveConfig("nb201", "nb201:cifar10", List.of("cpu-1t (loop)"), List.of(
                        "accuracy"), List.of(), "regevo", 100, 20, 5, 0.2, 0.5, 3L, 4), null,
                Map.of("onnxruntime", "1.29.0"), Map.of(RunFiles.EXPORT, "x {arch}"), 3, null, null,
                new RunManifest.Oracle("nb201:cifar10", "table"), List.of(), null, List.of(), List.of());
        Path f = dir.resolve("m.json");
        m.write(f);
        assertEquals(m, RunManifest.read(f));
    }

    @Test
    void aConfigurationWrittenBeforeDriftControlReadsWithItOff() throws Exception {
        SearchConfig c = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"), List.of(
                new LatencySource.Device("cpu-1t", LatencyMode.LOOP, null))).build();
        assertEquals(DriftControl.ON, c.measuring().driftControl(), "a search is drift-controlled by default");
        RunManifest m = new RunManifest(RunManifest.FORMAT, "2026-12-07T00:00:00Z", List.of(),
                new RunManifest.EffectiveConfig("nb201", "nb201:cifar10", List.of("cpu-1t (loop)"), List.of(
                        "accuracy"), List.of(), "nsga2", 100, 20, null, 0.2, 0.5, 3L, 4), c, Map.of(), Map.of(), 3,
                null, null, new RunManifest.Oracle("nb201:cifar10", "table"), List.of(), null, List.of(), List.of());
        Path f = dir.resolve("manifest.json");
        m.write(f);
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(f.toFile());
        ObjectNode measuring = (ObjectNode) json.path("search").path("measuring");
        assertEquals("on", measuring.path("drift_control").asText(), json.toString());
        assertEquals(m, RunManifest.read(f));
        Path twice = dir.resolve("twice.json");
        Files.writeString(twice, json.toString().replaceFirst("\\{", "{\"format\": \"x\","));
        assertTrue(assertThrows(RunFileException.class, () -> RunManifest.read(twice)).getMessage()
                .contains("Duplicate field 'format'"), "a key named twice is refused");

        measuring.remove("drift_control");
        Files.writeString(f, json.toString());
        Measuring was = c.measuring();
        Measuring raw = new Measuring(was.predictor(), was.warmupSamples(), was.measurePerGeneration(), was.plan(),
                was.weightsSeed(), was.specReference(), was.deviceDirs(), DriftControl.OFF);
        assertEquals(c.toBuilder().measuring(raw).build(), RunManifest.read(f).search(),
                "runs made before drift control measured raw");
    }

    @Test
    void aFileThatIsNotAManifestIsNamed() throws Exception {
        Path f = dir.resolve("other.json");
        Files.writeString(f, "{\"format\": \"something/1\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunManifest.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("something/1"), e.getMessage());
    }

    @Test
    void aForeignFormatIsQuotedEscapedAndCutInTheMiddle() throws Exception {
        Path f = dir.resolve("other.json");
        Files.writeString(f, "{\"format\": \"\\u001b[2J" + "f".repeat(500) + "\"}");
        String m = assertThrows(RunFileException.class, () -> RunManifest.read(f)).getMessage();
        // 504 characters quoted at 80: 51 at the start (54 once escaped), 26 at the end
        assertTrue(m.endsWith("(format '\\x1b[2J" + "f".repeat(47) + " ... [427 characters cut] ... "
                + "f".repeat(26) + "')"), m);
        assertFalse(m.contains("\u001b"), m);
    }
}
