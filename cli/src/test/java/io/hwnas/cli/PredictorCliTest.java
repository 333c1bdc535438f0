package io.hwnas.cli;

import static io.hwnas.cli.CliTest.concat;
import static io.hwnas.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predictor commands on a slice of HELP's NAS-Bench-201 latency table and on this machine's measurements. */
class PredictorCliTest {

    @TempDir
    Path dir;

    Path table;

    @BeforeEach
    void slice() throws Exception {
        table = dir.resolve("slice.csv");
        Files.write(table, Fixtures.lines(Fixtures.helpTablePath(), 401), StandardCharsets.UTF_8);
    }

    private String[] eval(String... more) {
        return concat(new String[] {"predictor", "eval", "--space", "nb201", "--table", table.toString(),
            "--arch-column", "arch_str", "--latency-column", "1080ti_1_ms", "--train-fraction", "0.8", "--seed", "3",
            "--json"}, more);
    }

    @Test
    void evalReportsEveryAnchorMetric() throws Exception {
        for (String p : List.of("lut:edges=all", "flops")) {
            Result r = run(eval("--predictor", p));
            assertEquals(0, r.code(), r.err());
            JsonNode j = r.json();
            for (String k : List.of("n_train", "n_test", "rmse_ms", "mape", "within5", "within10", "spearman",
                    "kendall", "predict_us")) {
                assertTrue(j.has(k), k + " missing: " + j);
            }
            assertEquals(320, j.get("n_train").asInt());
            assertEquals(80, j.get("n_test").asInt());
            assertTrue(j.get("within10").asDouble() >= j.get("within5").asDouble());
        }
    }

    @Test
    void evalWritesAReportWithTheParityPlot() throws Exception {
        Path html = dir.resolve("lut.html");
        Result r = run(eval("--predictor", "lut:edges=all", "--report", html.toString()));
        assertEquals(0, r.code(), r.err());
        String page = java.nio.file.Files.readString(html);
        assertTrue(page.contains("aria-label=\"Predicted against measured on 1080ti_1_ms\""), "parity plot");
        assertTrue(page.contains("download=\"predictions.csv\""));
        Path md = dir.resolve("lut.md");
        assertEquals(0, run(eval("--predictor", "lut:edges=all", "--report", md.toString())).code());
        assertTrue(java.nio.file.Files.readString(md).contains("| within ±10 % |"));
    }

    @Test
    void defaultPredictorIsWekaAndRanksWellOnASmallTable() throws Exception {
        Result r = run(eval());
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertTrue(j.get("predictor").asText().startsWith("weka"), j.toString());
        assertTrue(j.get("spearman").asDouble() > 0.9, j.toString());
    }

    @Test
    void trainedPredictorSavesAndPredictsTheSame() throws Exception {
        Path file = dir.resolve("p.json");
        Result t = run("predictor", "train", "--space", "nb201", "--table", table.toString(), "--arch-column",
                "arch_str", "--latency-column", "silver_4114_ms", "--predictor", "lut:edges=all", "-o",
                file.toString(), "--json");
        assertEquals(0, t.code(), t.err());
        assertEquals(400, t.json().get("n_train").asInt());
        String arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        Result p1 = run("predictor", "predict", "--model", file.toString(), "--arch", arch, "--json");
        assertEquals(0, p1.code(), p1.err());
        Result p2 = run("predictor", "predict", "--model", file.toString(), "--arch", arch, "--json");
        double ms = p1.json().get("latency_ms").asDouble();
        assertTrue(ms > 0, p1.out());
        assertEquals(ms, p2.json().get("latency_ms").asDouble());
        assertEquals(arch, p1.json().get("arch").asText());
    }

    @Test
    void transferReportsOnEveryOtherRow() throws Exception {
        Result r = run("predictor", "transfer", "--space", "nb201", "--table", table.toString(), "--arch-column",
                "arch_str", "--target-column", "samsung_a50_ms", "--reference-columns",
                "1080ti_1_ms,2080ti_1_ms,silver_4114_ms,essential_ph_1_ms", "--samples", "10", "--seed", "1",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(390, j.get("n_test").asInt());
        for (String k : List.of("spearman", "kendall", "within10", "mape")) {
            assertTrue(j.has(k), k + " missing: " + j);
        }
        assertTrue(j.get("spearman").asDouble() > 0.8, j.toString());
    }

    @Test
    void kernelPredictorPredictsYourOwnOnnxModel() throws Exception {
        Path db = dir.resolve("m.db");
        Result prof = run(concat(new String[] {"profile", "--space", "nb201", "--device", "cpu-1t", "--samples", "10",
            "--seed", "4", "--db", db.toString()}, CliTest.FAST));
        assertEquals(0, prof.code(), prof.err());
        Path file = dir.resolve("k.json");
        Result t = run("predictor", "train", "--space", "nb201", "--device", "cpu-1t", "--db", db.toString(),
                "--predictor", "kernel:device=cpu-1t,runs=5", "-o", file.toString());
        assertEquals(0, t.code(), t.err());
        Path onnx = dir.resolve("mine.onnx");
        String arch = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|";
        assertEquals(0, run("export", "--space", "nb201", "--arch", arch, "-o", onnx.toString()).code());
        Result p = run("predictor", "predict", "--model", file.toString(), "--onnx", onnx.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        assertTrue(p.json().get("latency_ms").asDouble() > 0, p.out());

        Path weka = dir.resolve("w.json");
        assertEquals(0, run("predictor", "train", "--space", "nb201", "--table", table.toString(), "--arch-column",
                "arch_str", "--latency-column", "1080ti_1_ms", "-o", weka.toString()).code());
        Result bad = run("predictor", "predict", "--model", weka.toString(), "--onnx", onnx.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not ONNX files"), bad.err());
    }

    @Test
    void badTableInputIsNamed() {
        Result r = run("predictor", "eval", "--space", "nb201", "--table", table.toString(), "--arch-column",
                "arch_str", "--latency-column", "pixel9_ms");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("pixel9_ms") && r.err().contains(table.toString()), r.err());
        r = run(eval("--predictor", "xgboost"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("No predictor 'xgboost'; known: ["), r.err());
    }

    /** The slice with the 1080ti cell of some rows (0 = the first data row) replaced, and rows added. */
    private Path edited(java.util.Map<Integer, String> cells, String... added) throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(table));
        cells.forEach((row, cell) -> {
            String[] f = lines.get(row + 1).split(",", -1);
            f[2] = cell;
            lines.set(row + 1, String.join(",", f));
        });
        lines.addAll(List.of(added));
        Path f = dir.resolve("edited.csv");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private static String[] evalOn(Path t, String... more) {
        return concat(new String[] {"predictor", "eval", "--space", "nb201", "--table", t.toString(), "--arch-column",
            "arch_str", "--latency-column", "1080ti_1_ms", "--predictor", "flops", "--seed", "3"}, more);
    }

    @Test
    void evalSaysWhichRowsItSetAsideAndWhy() throws Exception {
        Path t = edited(java.util.Map.of(1, "-1", 3, "abc", 4, "", 5, "NaN", 6, "0", 7, "Infinity"));
        Result r = run(evalOn(t, "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(394, j.get("n_train").asInt() + j.get("n_test").asInt());
        assertEquals(6, j.get("n_skipped").asInt());
        assertEquals("[{\"reason\":\"with no latency\",\"rows\":1,\"lines\":[6]},"
                + "{\"reason\":\"with a latency that is not a finite number\",\"rows\":3,\"lines\":[5,7,9]},"
                + "{\"reason\":\"with a zero or negative latency\",\"rows\":2,\"lines\":[3,8]}]",
                j.get("set_aside").toString());
        Result text = run(evalOn(t));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("6 rows set aside: 1 row with no latency (line 6); 3 rows with a latency "
                + "that is not a finite number (lines 5, 7, 9); 2 rows with a zero or negative latency (lines 3, 8)"),
                text.out());
        assertFalse(run(eval()).json().has("set_aside"), "a clean table says nothing more");
    }

    @Test
    void anArchitectureListedTwiceWithTwoLatenciesIsRefusedUnlessAveraged() throws Exception {
        String[] first = Files.readAllLines(table).get(1).split(",", -1);
        first[2] = "999";
        Path t = edited(java.util.Map.of(), String.join(",", first));
        Result r = run(evalOn(t));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*has two latencies, [0-9.]+ ms \\(line 2\\) and 999 ms \\(line 402\\).*"
                + "--duplicates average.*"), r.err());
        Result avg = run(evalOn(t, "--duplicates", "average", "--json"));
        assertEquals(0, avg.code(), avg.err());
        assertEquals(400, avg.json().get("n_train").asInt() + avg.json().get("n_test").asInt());
        assertEquals(1, avg.json().get("n_skipped").asInt());
        Result word = run(evalOn(t, "--duplicates", "mean"));
        assertEquals(2, word.code());
        assertTrue(word.err().contains("--duplicates must be refuse or average, but was 'mean'"), word.err());
    }

    @Test
    void duplicatesWithoutATableIsRefusedNotIgnored() {
        Result r = run("predictor", "eval", "--space", "nb201", "--device", "cpu-1t", "--duplicates", "average");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--duplicates is read only with --table"), r.err());
    }

    @Test
    void aTableWithNoUsableLatencyIsRefusedSayingWhy() throws Exception {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(table).subList(0, 4));
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            f[2] = "0";
            lines.set(i, String.join(",", f));
        }
        Path t = dir.resolve("zeros.csv");
        Files.write(t, lines, StandardCharsets.UTF_8);
        Result r = run(evalOn(t));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no latency to learn from in zeros.csv#1080ti_1_ms (arch arch_str): 3 rows set "
                + "aside: 3 rows with a zero or negative latency (lines 2, 3, 4)"), r.err());
    }

    /** The spec sheets of HELP's devices, shipped for the benchmark in bench/devices/. */
    private static Path benchDevices() {
        return Fixtures.repositoryRoot().resolve("bench").resolve("devices");
    }

    @Test
    void specTransferScoresTheTransferBesideBothRooflinesForEachTarget() throws Exception {
        Result r = run("predictor", "spec-transfer", "--space", "nb201", "--table", table.toString(),
                "--reference-column", "silver_4114_ms", "--reference-device", "xeon-silver-4114",
                "--target-column", "1080ti_1_ms", "--target-device", "gtx-1080ti",
                "--target-column", "essential_ph_1_ms", "--target-device", "essential-ph1",
                "--samples", "10", "--seed", "2", "--device-dir", benchDevices().toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        JsonNode gpu = Json.MAPPER.readTree(lines.get(0));
        assertEquals("xeon-silver-4114", gpu.get("reference").get("device").asText());
        assertEquals("gtx-1080ti", gpu.get("target").get("device").asText());
        assertEquals(10, gpu.get("sampled").size());
        assertEquals(1.0, gpu.get("fit").get("overhead_scale").asDouble(), "a GPU keeps the reference's overhead");
        List<String> methods = List.of("roofline", "roofline calibrated on the reference", "spec transfer");
        for (int i = 0; i < 3; i++) {
            JsonNode m = gpu.get("results").get(i);
            assertEquals(methods.get(i), m.get("method").asText());
            assertEquals(400, m.get("n").asInt(), "scored on every target row");
            for (String k : List.of("mape", "spearman", "within10", "median_ratio")) {
                assertTrue(m.get(k).isNumber(), k + " in " + m);
            }
        }
        assertTrue(gpu.get("results").get(0).get("median_ratio").asDouble() < 0.1, "a raw roofline at batch 1 is "
                + "far too fast on a GPU: " + gpu);
        JsonNode phone = Json.MAPPER.readTree(lines.get(1));
        assertEquals(gpu.get("sampled"), phone.get("sampled"), "every target gets the same reference rows");
        assertEquals(70.4 / 19.6, phone.get("fit").get("overhead_scale").asDouble(), 1e-9,
                "per-core peak of the Xeon over the phone's");

        Result noSpec = run("predictor", "spec-transfer", "--space", "nb201", "--table", table.toString(),
                "--reference-column", "silver_4114_ms", "--reference-device", "cuda", "--target-column",
                "1080ti_1_ms", "--target-device", "gtx-1080ti", "--device-dir", benchDevices().toString());
        assertEquals(2, noSpec.code(), noSpec.err());
        assertTrue(noSpec.err().contains("device cuda states no spec-sheet figures"), noSpec.err());
    }
}
