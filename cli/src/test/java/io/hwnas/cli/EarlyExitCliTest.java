package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Early exits as the user meets them: real training on digits, real measurements on this CPU, real databases. */
class EarlyExitCliTest {

    static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|"
            + "nor_conv_3x3~2|";
    static final String[] TRAIN = {"--steps", "10", "--batch-size", "32"};

    @TempDir
    Path dir;

    @Test
    void aSearchTrainsEachNetworkOnceAndWeighsEveryMeasuredPathByItsShares() throws Exception {
        Path db = dir.resolve("m.db");
        Path tdb = dir.resolve("t.db");
        Path out = dir.resolve("run");
        String[] args = CliTest.concat(CliTest.concat(new String[] {"search", "--space", "nb201-ee", "--accuracy",
            "train:digits", "--device", "cpu-1t", "--budget", "cpu-1t:worst_latency_ms<=1000", "--evaluations", "6",
            "--population", "4", "--warmup-samples", "3", "--seed", "4", "--db", db.toString(), "--training-db",
            tdb.toString(), "--out", out.toString(), "--json"}, TRAIN), CliTest.FAST);
        Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("nb201-ee", j.get("space").asText());
        assertEquals("cpu-1t:worst_latency_ms<=1000", j.get("budgets").get(0).asText());
        JsonNode manifest = Json.MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertEquals("measured", manifest.path("search").path("latency").get(0).path("mode").asText());
        assertTrue(manifest.path("devices").get(0).path("source").asText().contains("expected latency"));
        assertTrue(manifest.path("accuracy_oracle").path("source").asText().contains("policy"));

        EarlyExitSpace ee = EarlyExitSpace.nb201();
        Map<String, Double> stored = new HashMap<>();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db)) {
            for (StoredMeasurement m : store.all()) {
                // The latency a search uses: corrected for the machine's speed (drift control is on by default).
                stored.put(m.measurement().architecture(), m.measurement().latencyMs(DriftControl.ON));
            }
        }
        for (JsonNode row : j.get("front")) {
            var a = ee.decode(row.get("arch").asText());
            String key = ee.networkKey(a);
            double sum = 0;
            double expected = 0;
            for (String x : ee.exits()) {
                double share = row.get("exit_share[" + x + "]").asDouble();
                sum += share;
                if (ee.exitsOn(a).contains(x)) {
                    double ms = row.get("exit_latency_ms[" + x + "][cpu-1t]").asDouble();
                    assertEquals(stored.get(key + "/" + x), ms, 1e-12, "the path's measurement in the database");
                    expected += share * ms;
                } else {
                    assertEquals(0, share, row.toString());
                }
            }
            double worst = row.get("worst_latency_ms[cpu-1t]").asDouble();
            assertEquals(stored.get(key), worst, 1e-12, "the whole network's measurement in the database");
            double last = row.get("exit_share[final]").asDouble();
            assertEquals(1, sum + last, 1e-9, row.toString());
            expected += last * worst;
            assertEquals(expected, row.get("latency_ms").asDouble(), 1e-9, "expected latency of " + row);
            assertTrue(row.has("test_accuracy") && row.has("final_accuracy"), row.toString());
        }
        // one training per network: the candidates that differ only in thresholds share one
        Set<String> networks = new HashSet<>();
        List<String> lines = java.nio.file.Files.readAllLines(out.resolve("candidates.csv"));
        assertTrue(lines.get(0).contains("exit_share[x1]"), lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String rest = line.substring(line.indexOf(',', line.indexOf(',') + 1) + 1);
            String arch = rest.startsWith("\"") ? rest.substring(1, rest.indexOf('"', 1)) : rest.split(",")[0];
            networks.add(ee.networkKey(ee.decode(arch)));
        }
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tdb)) {
            assertEquals(networks.size() + j.get("failed").size(), store.count(), "trainings for " + networks);
        }
    }

    @Test
    void configuredSharesTakeTheAccuracyOfTheNetworkWithoutExits() throws Exception {
        Result r = CliTest.run(CliTest.concat(new String[] {"search", "--space", "nb201-ee", "--exit-shares",
            "0.3,0.2,0.5", "--device", "cpu-1t", "--no-budget", "--evaluations", "4", "--population", "4",
            "--warmup-samples", "3", "--db", dir.resolve("m.db").toString(), "--out", dir.resolve("c").toString(),
            "--json"}, CliTest.FAST));
        assertEquals(0, r.code(), r.err());
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("c").resolve("manifest.json").toFile());
        assertEquals("[0.3,0.2,0.5]", manifest.path("search").path("exit_shares").toString());
        assertTrue(manifest.path("accuracy_oracle").path("source").asText().contains("assumed to cost no accuracy"));
        for (JsonNode row : r.json().get("front")) {
            assertEquals(1, row.get("exit_share[x1]").asDouble() + row.get("exit_share[x2]").asDouble()
                    + row.get("exit_share[final]").asDouble(), 1e-9);
        }
    }

    @Test
    void badExitOptionsAreNamed() {
        Result shares = CliTest.run("search", "--space", "nb201", "--exit-shares", "0.5,0.5");
        assertEquals(2, shares.code());
        assertTrue(shares.err().contains("--exit-shares is for an early-exit space"), shares.err());
        Result none = CliTest.run("search", "--space", "nb201-ee");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--accuracy train:mnist") && none.err().contains("--exit-shares"),
                none.err());
        Result loop = CliTest.run("search", "--space", "nb201-ee", "--exit-shares", "0.3,0.2,0.5", "--latency",
                "loop");
        assertEquals(2, loop.code());
        assertTrue(loop.err().contains("--latency measured"), loop.err());
        Result sum = CliTest.run("search", "--space", "nb201-ee", "--exit-shares", "0.3,0.2,0.6", "--out",
                dir.resolve("s").toString());
        assertEquals(2, sum.code());
        assertTrue(sum.err().contains("sum to 1"), sum.err());
        Result exits = CliTest.run("exits", "--space", "nb201", "--arch", CELL);
        assertEquals(2, exits.code());
        assertTrue(exits.err().contains("has no exits"), exits.err());
    }

    @Test
    void exitsScoresEveryThresholdAgainstTheNetworkWithoutExits() throws Exception {
        Result r = CliTest.run(CliTest.concat(CliTest.concat(new String[] {"exits", "--arch", CELL + "#x1=0.9,x2=0.9",
            "--dataset", "digits", "--device", "cpu-1t", "--tolerance", "100", "--db", dir.resolve("m.db").toString(),
            "--training-db", dir.resolve("t.db").toString(), "--json"}, TRAIN), CliTest.FAST));
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(49, j.get("policies").size(), "7 thresholds at each of 2 exits");
        JsonNode best = j.get("best");
        assertTrue(best.isObject(), "within 100 points every policy qualifies: " + j);
        double minimum = Double.POSITIVE_INFINITY;
        for (JsonNode p : j.get("policies")) {
            JsonNode s = p.get("shares");
            assertEquals(1, s.get("x1").asDouble() + s.get("x2").asDouble() + s.get("final").asDouble(), 1e-9);
            minimum = Math.min(minimum, p.get("expected_latency_ms").asDouble());
        }
        assertEquals(minimum, best.get("expected_latency_ms").asDouble(), 1e-12);
        assertEquals(j.get("without_exits").get("latency_ms").asDouble() / minimum, best.get("speedup").asDouble(),
                1e-9);
        assertTrue(j.get("with_exits").get("worst_latency_ms").asDouble() >= minimum);
    }
}
