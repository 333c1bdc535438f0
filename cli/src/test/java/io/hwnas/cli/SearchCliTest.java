package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCliTest {

    @TempDir
    Path dir;

    private static String helpTable() {
        return Fixtures.helpTablePath().toString();
    }

    private String[] tableSearch(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("search", "--latency-table", helpTable(), "--latency-column",
                "1080ti_1_ms", "--seed", "2", "--out", dir.resolve(out).toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static List<String> archs(JsonNode front) {
        List<String> out = new ArrayList<>();
        front.forEach(r -> out.add(r.get("arch").asText()));
        return out;
    }

    @Test
    void aTableSearchPrintsItsFrontAsJson() throws Exception {
        Result r = CliTest.run(tableSearch("a", "--budget", "latency_ms<=15", "--evaluations", "200", "--json"));
        assertEquals(0, r.code(), r.err());
        JsonNode front = r.json().get("front");
        assertTrue(front.size() > 0, r.out());
        for (JsonNode row : front) {
            for (String k : List.of("arch", "accuracy", "latency_ms", "feasible")) {
                assertTrue(row.has(k), k + " missing in " + row);
            }
            assertTrue(row.get("feasible").asBoolean());
            assertTrue(row.get("latency_ms").asDouble() <= 15, row.toString());
        }
        assertTrue(r.json().get("evaluations").asInt() >= 200);
        for (String f : List.of("manifest.json", "front.json", "front.csv", "candidates.csv", "hypervolume.csv",
                "report.html")) {
            assertTrue(Files.isRegularFile(dir.resolve("a").resolve(f)), f);
        }
        assertEquals(dir.resolve("a").resolve("report.html").toAbsolutePath().toString(),
                r.json().get("report").asText());

        Result md = CliTest.run("report", dir.resolve("a").toString(), "-o", dir.resolve("a.md").toString());
        assertEquals(0, md.code(), md.err());
        assertTrue(Files.readString(dir.resolve("a.md")).contains("## Pareto front"));
        Result json = CliTest.run("report", dir.resolve("a").toString(), "--format", "json", "-o",
                dir.resolve("a.json").toString());
        assertEquals(0, json.code(), json.err());
        assertEquals(front.size(), Json.MAPPER.readTree(dir.resolve("a.json").toFile()).get("front").size());
        Result notRun = CliTest.run("report", dir.toString());
        assertEquals(2, notRun.code());
        assertTrue(notRun.err().contains("is not a search run: it has no manifest.json"), notRun.err());
        Result badFormat = CliTest.run("report", dir.resolve("a").toString(), "--format", "pdf");
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("unknown report format 'pdf'"), badFormat.err());
    }

    /** The generation after which the killed search's child freezes ({@link FreezingMain}). */
    static final int FROZEN_AT = 3;

    @Test
    void aKilledSearchResumesToTheSameFrontAndRefusesAnotherConfiguration() throws Exception {
        String[] args = tableSearch("killed", "--evaluations", "2000", "--population", "10");
        Path run = dir.resolve("killed");
        FreezingMain.runUntilFrozenAndKill(dir, " gen (\\d+): ", FROZEN_AT, List.of(args));
        assertFalse(Files.exists(run.resolve("front.json")), "a frozen child cannot have finished; log: "
                + Files.readString(dir.resolve("log")));
        assertEquals(1 + FROZEN_AT, Files.readAllLines(run.resolve("hypervolume.csv")).size(),
                "the history holds the header and the generations before the freeze");
        Result partial = CliTest.run("report", run.toString(), "-o", dir.resolve("partial.html").toString());
        assertEquals(0, partial.code(), partial.err());
        assertTrue(partial.err().contains("the report is partial"), partial.err());
        assertTrue(Files.readString(dir.resolve("partial.html")).contains("Partial report"));

        Result whole = CliTest.run(tableSearch("whole", "--evaluations", "2000", "--population", "10", "--json"));
        assertEquals(0, whole.code(), whole.err());
        Result resumed = CliTest.run("search", "--resume", run.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(archs(whole.json().get("front")), archs(resumed.json().get("front")));
        assertEquals(whole.json().get("evaluations"), resumed.json().get("evaluations"));

        Result other = CliTest.run("search", "--resume", run.toString(), "--seed", "5");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("seed was 2 there and is 5 now"), other.err());
        Result again = CliTest.run(tableSearch("whole"));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a search run") && again.err().contains("--resume"),
                again.err());
    }

    @Test
    void badInputIsNamed() {
        Result budget = CliTest.run(tableSearch("b1", "--budget", "latency<=3"));
        assertEquals(2, budget.code());
        assertTrue(budget.err().contains("unknown metric 'latency'"), budget.err());
        Result oracle = CliTest.run(tableSearch("b2", "--accuracy", "nb201:svhn"));
        assertEquals(2, oracle.code());
        assertTrue(oracle.err().contains("unknown accuracy oracle 'nb201:svhn'"), oracle.err());
        Result objective = CliTest.run(tableSearch("b3", "--objective", "energy"));
        assertEquals(2, objective.code());
        assertTrue(objective.err().contains("unknown objective 'energy'"), objective.err());
        Result algorithm = CliTest.run(tableSearch("b4", "--algorithm", "nsga4"));
        assertEquals(2, algorithm.code());
        assertTrue(algorithm.err().contains("unknown algorithm 'nsga4'"), algorithm.err());
        Result mbv3 = CliTest.run("search", "--space", "mbv3", "--out", dir.resolve("b6").toString());
        assertEquals(2, mbv3.code());
        assertTrue(mbv3.err().contains("--accuracy is needed for space 'mbv3'"), mbv3.err());
        Result column = CliTest.run(tableSearch("b5", "--latency-column", "pixel9_ms"));
        assertEquals(2, column.code());
        assertTrue(column.err().contains("no column 'pixel9_ms'"), column.err());
    }

    @Test
    void anUnmeetableBudgetIsReportedWithTheClosestCandidates() throws Exception {
        Result r = CliTest.run(tableSearch("u", "--budget", "latency_ms<=0.01", "--evaluations", "60", "--json"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no candidate of") && r.err().contains("the closest: |"), r.err());
        assertFalse(r.json().get("feasible").asBoolean());
        assertTrue(r.json().get("closest").size() > 0);
    }

    /** The main job, small: latency measured on this machine's CPU with the predictor in the loop. */
    @Test
    void aSearchOnThisCpuMeasuresItsFront() throws Exception {
        Path db = dir.resolve("m.db");
        Result r = CliTest.run(CliTest.concat(new String[] {"search", "--evaluations", "60", "--population", "10",
            "--warmup-samples", "8", "--measure-per-generation", "2", "--db", db.toString(), "--out",
            dir.resolve("m").toString(), "--export-front", "--json"}, CliTest.FAST));
        assertTrue(r.code() == 0 || r.code() == 2, r.err()); // 2: the default budget may be met by none
        JsonNode j = r.json();
        assertEquals(List.of("cpu-1t"), List.of(j.get("devices").get(0).asText()));
        assertEquals(1, j.get("budgets").size(), "the default budget: " + j.get("budgets"));
        JsonNode front = j.get("front");
        assertTrue(front.size() > 0);
        for (JsonNode row : front) {
            JsonNode cpu = row.get("latency").get("cpu-1t");
            assertEquals("measured", cpu.get("source").asText(), row.toString());
            assertTrue(cpu.get("predicted_ms").isNumber(), "the prediction is kept beside the measurement");
        }
        assertTrue(j.get("measured").asInt() >= front.size());
        try (var files = Files.list(dir.resolve("m").resolve("front-onnx"))) {
            assertEquals(front.size(), files.filter(f -> f.toString().endsWith(".onnx")).count());
        }

        // Every candidate measured: no predictions at all, and the database already holds the warm-up sample.
        Result all = CliTest.run(CliTest.concat(new String[] {"search", "--latency", "measured", "--evaluations",
            "20", "--population", "10", "--warmup-samples", "8", "--no-budget", "--db", db.toString(), "--out",
            dir.resolve("all").toString(), "--json"}, CliTest.FAST));
        assertEquals(0, all.code(), all.err());
        for (JsonNode row : all.json().get("front")) {
            JsonNode cpu = row.get("latency").get("cpu-1t");
            assertEquals("measured", cpu.get("source").asText());
            assertTrue(cpu.get("predicted_ms").isNull());
        }
    }
}
