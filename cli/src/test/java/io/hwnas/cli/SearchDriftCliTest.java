package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.core.stats.Stats;
import io.hwnas.core.table.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code search --drift-control on|off} on this machine's CPU, small: every candidate measured, the warm-up sample
 * giving the default budget. On, the search uses the corrected latencies and logs the machine's speed; off, the raw
 * medians of the same stored measurements.
 */
class SearchDriftCliTest {

    @TempDir
    Path dir;

    private String[] search(String out, String... more) {
        String[] a = CliTest.concat(new String[] {"search", "--latency", "measured", "--evaluations", "20",
            "--population", "10", "--warmup-samples", "4", "--db", dir.resolve("m.db").toString(), "--out",
            dir.resolve(out).toString(), "--json"}, more);
        return CliTest.concat(a, CliTest.FAST);
    }

    @Test
    void onUsesAndLogsTheCorrectedLatencyOffTheRawOneAndAResumeKeepsWhatTheRunHad() throws Exception {
        Result on = CliTest.run(search("on"));
        assertTrue(on.code() == 0 || on.code() == 2, on.err()); // 2: the default budget may be met by none
        Path run = dir.resolve("on");
        List<List<String>> speed = rows(run.resolve(SpeedLog.FILE));
        assertEquals(List.of("measured_at", "device", "arch", "raw_median_ms", "corrected_median_ms", "speed_factor",
                "unsteady", "found"), speed.get(0));
        Map<String, double[]> measured = new LinkedHashMap<>();
        for (List<String> r : speed.subList(1, speed.size())) {
            assertEquals("cpu-1t", r.get(1));
            assertTrue(Double.parseDouble(r.get(5)) > 0, "a speed factor: " + r);
            assertEquals("false", r.get(7), "a new database: every measurement taken now");
            measured.put(r.get(2), new double[] {Double.parseDouble(r.get(3)), Double.parseDouble(r.get(4))});
        }
        Map<String, Double> used = candidates(run);
        assertTrue(measured.keySet().containsAll(used.keySet()), "every candidate's measurement is logged");
        used.forEach((arch, ms) -> assertEquals(measured.get(arch)[1], ms, 1e-9, arch + ": the corrected median"));
        // The default budget is the median of the warm-up sample's corrected medians (the first rows logged).
        List<Double> warm = speed.subList(1, 5).stream().map(r -> Double.parseDouble(r.get(4))).toList();
        String budget = on.json().get("budgets").get(0).asText();
        assertEquals(Math.round(Stats.median(warm) * 1000) / 1000.0,
                Double.parseDouble(budget.substring(budget.indexOf("<=") + 2)), 1e-9, budget);

        assertTrue(Files.readString(run.resolve("report.html")).contains("aria-label=\"Machine speed during the "
                + "search\""), "the report plots the machine's speed");
        JsonNode report = report(run);
        assertEquals("on", report.get("drift_control").asText());
        assertEquals(speed.size() - 1, report.get("devices").get(0).get("measurements").asInt());

        Result other = CliTest.run("search", "--resume", run.toString(), "--drift-control", "off");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--drift-control was \"on\" there and is \"off\" now"), other.err());

        Result off = CliTest.run(search("off", "--drift-control", "off"));
        assertTrue(off.code() == 0 || off.code() == 2, off.err());
        assertFalse(Files.exists(dir.resolve("off").resolve(SpeedLog.FILE)), "no speed is logged when off");
        int found = 0;
        int differ = 0;
        for (Map.Entry<String, Double> c : candidates(dir.resolve("off")).entrySet()) {
            double[] m = measured.get(c.getKey());
            if (m != null) {
                found++;
                differ += m[0] != m[1] ? 1 : 0;
                assertEquals(m[0], c.getValue(), 1e-9, c.getKey() + ": off uses the raw median of what is stored");
            }
        }
        assertTrue(found > 0 && differ > 0, "the seed's first generation is measured by both: " + found);
        JsonNode raw = report(dir.resolve("off"));
        assertEquals("off", raw.get("drift_control").asText());
        assertTrue(raw.get("note").asText().contains("drift control was off"), raw.toString());
    }

    @Test
    void aBadWordIsOneLineAndWritesNothing() {
        Result r = CliTest.run(search("bad", "--drift-control", "maybe"));
        assertEquals(2, r.code());
        assertEquals("hwnas: --drift-control must be on or off, but was 'maybe'", r.err().strip());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    /** A table search whose manifest an hwnas before drift control wrote: it reads, as a run measured raw. */
    @Test
    void aManifestWithoutDriftControlReadsAsOff() throws Exception {
        Result r = CliTest.run("search", "--latency-table", io.hwnas.core.testing.Fixtures.helpTablePath().toString(),
                "--latency-column", "1080ti_1_ms", "--evaluations", "40", "--out", dir.resolve("t").toString());
        assertEquals(0, r.code(), r.err());
        Path manifest = dir.resolve("t").resolve("manifest.json");
        ObjectNode m = (ObjectNode) Json.MAPPER.readTree(manifest.toFile());
        assertEquals("on", ((ObjectNode) m.path("search").path("measuring")).remove("drift_control").asText());
        Files.writeString(manifest, m.toPrettyString());
        JsonNode report = report(dir.resolve("t"));
        assertEquals("off", report.get("drift_control").asText());
        assertTrue(report.get("note").asText().startsWith("No speed data"), report.toString());
    }

    /** The report's {@code machine_speed}. */
    private JsonNode report(Path run) throws Exception {
        Path out = run.resolve("report.json");
        Result r = CliTest.run("report", run.toString(), "--format", "json", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        return Json.MAPPER.readTree(out.toFile()).get("machine_speed");
    }

    /** Each candidate's measured latency on cpu-1t, by architecture. */
    private static Map<String, Double> candidates(Path run) throws Exception {
        List<List<String>> rows = rows(run.resolve("candidates.csv"));
        int arch = rows.get(0).indexOf("arch");
        int ms = rows.get(0).indexOf("latency_measured_ms[cpu-1t]");
        Map<String, Double> out = new LinkedHashMap<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            out.put(r.get(arch), Double.parseDouble(r.get(ms)));
        }
        return out;
    }

    private static List<List<String>> rows(Path csv) throws Exception {
        List<List<String>> out = new ArrayList<>();
        Files.readAllLines(csv).forEach(l -> out.add(Csv.split(l)));
        return out;
    }
}
