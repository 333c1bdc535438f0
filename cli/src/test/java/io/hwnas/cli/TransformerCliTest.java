package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Language-model sizes as the user meets them: sample, inspect, export both graphs, measure, search. */
class TransformerCliTest {

    static final String SMALL = "L2-d128-h4-f256-v8192-c256";

    @TempDir
    Path dir;

    @Test
    void sampleGivesCanonicalSizesThatRepeatWithTheSeed() {
        Result a = CliTest.run("sample", "--space", "transformer", "--count", "5", "--seed", "4");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), CliTest.run("sample", "--space", "transformer", "--count", "5", "--seed", "4").out());
        List<String> lines = a.out().strip().lines().toList();
        assertEquals(5, lines.size());
        for (String l : lines) {
            assertTrue(l.matches("L\\d+-d\\d+-h\\d+-f\\d+-v\\d+-c\\d+"), l);
        }
    }

    @Test
    void inspectGivesGpt2SmallsSizeAndCostWithoutWritingAModel() throws Exception {
        Result r = CliTest.run("inspect", "--space", "transformer", "--arch", "L12-d768-h12-f3072-v50257-c1024",
                "--device", "rpi5", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(124_439_808L, j.get("params").asLong());
        assertEquals(2L * 12 * 1024 * 768 * 4, j.get("kv_cache_bytes").asLong());
        // one token reads every weight and the KV cache: the graph copies the past into the present cache (read and
        // write), transposes the keys (read and write) and reads both in attention, so decode is memory-bound, on the
        // Pi 5 (17.1 GB/s) the weights and about five passes over the cache
        double decodeMs = j.get("decode").get("roofline_ms").asDouble();
        double weightsMs = j.get("weights_bytes").asDouble() / 17.1e6;
        double kvMs = j.get("kv_cache_bytes").asDouble() / 17.1e6;
        assertTrue(decodeMs >= weightsMs + kvMs && decodeMs < weightsMs + 5 * kvMs, decodeMs + " vs weights "
                + weightsMs + " and KV cache " + kvMs);
        assertTrue(j.get("prefill").get("flops").asDouble() > 500 * j.get("decode").get("flops_per_token").asDouble());
        assertTrue(j.get("scaling_loss").get("chinchilla").asDouble() > 1.69);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        Result cnn = CliTest.run("inspect", "--space", "nb201", "--arch",
                "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
                "--json");
        assertEquals(0, cnn.code(), cnn.err());
        assertTrue(cnn.json().get("params").asLong() > 0 && cnn.json().get("memory_mb").asDouble() > 0);
    }

    @Test
    void bothGraphsExportAndMeasureAndAnUnknownGraphIsNamed() throws Exception {
        for (String graph : List.of("prefill", "decode")) {
            Path f = dir.resolve(graph + ".onnx");
            Result e = CliTest.run("export", "--space", "transformer", "--arch", SMALL, "--graph", graph, "-o",
                    f.toString(), "--json");
            assertEquals(0, e.code(), e.err());
            assertEquals(graph.equals("decode") ? 5 : 1, e.json().get("inputs").asInt(), e.out());
            Result m = CliTest.run(CliTest.concat(new String[] {"measure", f.toString(), "--json", "--db",
                dir.resolve("m.db").toString()}, CliTest.FAST));
            assertEquals(0, m.code(), m.err());
            assertTrue(m.json().get("median_ms").asDouble() > 0);
        }
        Result bad = CliTest.run("export", "--space", "transformer", "--arch", SMALL, "--graph", "train", "-o",
                dir.resolve("x.onnx").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no graph 'train'") && bad.err().contains("[prefill, decode]"), bad.err());
    }

    @Test
    void aSearchUnderALatencyAndAMemoryBudgetMeetsBothWithEitherScalingLaw() throws Exception {
        for (String law : List.of("chinchilla", "epoch")) {
            Result r = CliTest.run("search", "--space", "transformer", "--accuracy", "scaling:" + law, "--tokens",
                    "2e9", "--device", "rpi5", "--spec-reference", "none", "--graph", "decode", "--budget",
                    "rpi5:latency_ms<=40", "--budget", "memory_mb<=300", "--evaluations", "200", "--seed", "3",
                    "--out", dir.resolve(law).toString(), "--json");
            assertEquals(0, r.code(), r.err());
            JsonNode front = r.json().get("front");
            assertTrue(front.size() > 0);
            for (JsonNode row : front) {
                assertTrue(row.get("latency_ms").asDouble() <= 40, row.toString());
                assertTrue(row.get("memory_mb").asDouble() <= 300, row.toString());
                assertTrue(row.get("accuracy").asDouble() < 0, "minus the loss: " + row);
                assertTrue(row.get("export").asText().contains("--graph decode"), row.toString());
            }
        }
        Result cnn = CliTest.run("search", "--space", "nb201", "--accuracy", "scaling:chinchilla", "--out",
                dir.resolve("bad").toString());
        assertEquals(2, cnn.code());
        assertTrue(cnn.err().contains("needs --space transformer"), cnn.err());
    }
}
