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

    @Test
    void absentListsAndMapsAreEmpty() {
        RunManifest m = new RunManifest(RunManifest.FORMAT, null, null, null, null, null, null, 0, null, null, null,
                null, null, null, null);
        assertEquals(List.of(), m.resumed());
        assertEquals(Map.of(), m.environment());
        assertEquals(Map.of(), m.commands());
        assertEquals(List.of(), m.devices());
        assertEquals(List.of(), m.objectives());
        assertEquals(List.of(), m.constraints());
        assertNull(m.onnxRuntime());
    }

    /** What the manifest holds cannot change behind it: it keeps copies. */
    @Test
    void itKeepsCopiesOfWhatItIsGiven() {
        java.util.List<String> resumed = new java.util.ArrayList<>(List.of("2026-12-01T00:00:00Z"));
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(Map.of("onnxruntime", "1.29.0"));
        RunManifest m = new RunManifest(RunManifest.FORMAT, null, resumed, null, null, env, null, 0, null, null, null,
                null, null, null, null);
        resumed.add("2026-12-02T00:00:00Z");
        env.put("onnxruntime", "1.30.0");
        assertEquals(List.of("2026-12-01T00:00:00Z"), m.resumed());
        assertEquals("1.29.0", m.onnxRuntime());
    }

    private static RunManifest.EffectiveConfig config() {
        return new RunManifest.EffectiveConfig("nb201", "nb201:cifar10", List.of("cpu-1t (loop)"),
                List.of("accuracy"), List.of(), "nsga2", 100, 20, null, 0.2, 0.5, 3L, null);
    }

    @Test
    void theResumeKeyIsTheConfigurationThenTheUsersThenTheEnvironment() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode key = (ObjectNode) json.readTree(RunManifest.resumeKey(config(), null,
                Map.of("onnxruntime", "1.29.0")));
        assertEquals("nb201", key.path("space").asText());
        assertEquals(100, key.path("evaluations").asInt());
        assertEquals("1.29.0", key.path("onnxruntime").asText());
        assertFalse(key.has("search"), "a search set up in code has no configuration of the user's");
        assertFalse(key.has("regevo_sample"), "what does not apply is left out");

        SearchConfig c = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"), List.of(
                new LatencySource.Device("cpu-1t", LatencyMode.LOOP, null))).build();
        key = (ObjectNode) json.readTree(RunManifest.resumeKey(config(), c, Map.of()));
        assertEquals(json.readTree(c.toJson().toString()), key.get("search"));
        assertFalse(key.has("onnxruntime"));
    }

    @Test
    void aFormat2ManifestKeepsItsEnvironmentAsWritten() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, """
                {"format": "hwnas-search/2", "config": {"space": "nb201", "onnxruntime": "1.29.0"},
                 "environment": {"onnxruntime": "1.30.0"}}
                """);
        assertEquals("1.30.0", RunManifest.read(f).onnxRuntime(), "only format 1 kept the runtime in its config");
        Files.writeString(f, """
                {"format": "hwnas-search/1", "config": {"space": "nb201"}}
                """);
        assertEquals(Map.of(), RunManifest.read(f).environment(), "a format 1 run that measured nothing");
    }

    private static String refusal(Path f) {
        RunFileException e = assertThrows(RunFileException.class, () -> RunManifest.read(f));
        assertEquals(f, e.file());
        return e.getMessage();
    }

    /** The size is checked before a byte is read: a sparse file of 16 MiB + 1 is refused at once. */
    @Test
    void aManifestOver16MiBIsRefusedUnread() throws Exception {
        Path f = dir.resolve("manifest.json");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(RunManifest.MAX_BYTES + 1);
        }
        assertEquals(f + ": too large for a manifest (16777217 bytes; at most 16777216)", refusal(f));
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(RunManifest.MAX_BYTES);
        }
        assertTrue(refusal(f).startsWith(f + ": not a readable manifest: "), "16 MiB is read (and is not JSON)");
    }

    @Test
    void aManifestThatIsNotUtf8IsNamedSo() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.write(f, new byte[] {'{', '"', (byte) 0xFF, '"', '}'});
        RunFileException e = assertThrows(RunFileException.class, () -> RunManifest.read(f));
        assertEquals(f + ": not a readable manifest: not UTF-8 text", e.getMessage());
        assertTrue(e.getCause() instanceof java.nio.charset.CharacterCodingException);
    }

    @Test
    void anEmptyFileIsNotAManifest() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, "");
        assertEquals(f + ": not the manifest of an hwnas search (format '')", refusal(f));
        Files.writeString(f, "[1, 2]");
        assertEquals(f + ": not the manifest of an hwnas search (format '')", refusal(f));
    }

    @Test
    void brokenJsonIsPlacedByLineAndColumn() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, "{\"format\": \"hwnas-search/2\",\n  \"seed\": 1,,\n}");
        String m = refusal(f);
        assertTrue(m.startsWith(f + ": not a readable manifest: line 2, column 13: Unexpected character (','"), m);
    }

    @Test
    void aValueOfTheWrongKindIsPlacedByItsPathThroughFieldsAndIndices() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, """
                {"format": "hwnas-search/2",
                 "devices": [{"device": "cpu-1t", "kind": "loop"}, {"device": "gpu", "kind": "abacus"}]}
                """);
        RunFileException e = assertThrows(RunFileException.class, () -> RunManifest.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable manifest: /devices/1/kind: "), e.getMessage());
        assertTrue(e.getMessage().contains("abacus"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getCause() instanceof com.fasterxml.jackson.databind.JsonMappingException);
    }

    @Test
    void aNullEntryIsNamedByItsPathWithoutAMadeUpPlace() throws Exception {
        Path f = dir.resolve("manifest.json");
        Files.writeString(f, "{\"format\": \"hwnas-search/2\", \"devices\": [null]}");
        String m = refusal(f);
        assertTrue(m.startsWith(f + ": not a readable manifest: "), m);
        assertTrue(m.contains("/devices/0 is null"), m);
        assertFalse(m.contains("line -1"), m);
    }
}
