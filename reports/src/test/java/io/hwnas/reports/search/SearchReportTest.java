package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.core.search.SearchListener;
import io.hwnas.reports.chart.Svg;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchReportTest {

    @TempDir
    Path tmp;

    @Test
    void theHtmlIsOneOfflineFileWithEveryPart() throws Exception {
        RunData run = RunDirectory.load(Runs.tables(tmp.resolve("t"), 300, SearchListener.NONE));
        String html = new SearchReport(run, List.of()).html();
        // Nothing is fetched when the page opens: no external script, style, image, font or frame.
        Matcher ext = Pattern.compile("(src|href)\\s*=\\s*\"(https?:)?//|@import|url\\((https?:)?//")
                .matcher(html);
        assertFalse(ext.find(), () -> "external reference: " + html.substring(ext.start(), ext.start() + 80));
        assertEquals(4, count(html, "<svg"), "a front chart per device, the devices compared, the progress");
        for (Candidate c : run.front()) {
            assertTrue(html.contains(c.arch()), c.arch());
        }
        assertTrue(html.contains("./hwnas export --space nb201 --arch"));
        assertTrue(html.contains("download=\"candidates.csv\" href=\"data:text/csv;base64,"));
        assertTrue(html.contains("Devices side by side"));
        assertTrue(html.contains("essential_ph_1_ms:latency_ms&lt;=20"));
        assertFalse(html.contains("Partial report"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void chartsHaveTitledAxesWithUnitsALegendAndTheBudget() throws Exception {
        RunData run = RunDirectory.load(Runs.tables(tmp.resolve("t"), 200, SearchListener.NONE));
        SearchReport r = new SearchReport(run, List.of());
        var front = r.frontChart("essential_ph_1_ms");
        assertEquals("latency on essential_ph_1_ms (ms)", front.getXAxisTitle());
        assertEquals("accuracy (%)", front.getYAxisTitle());
        assertTrue(front.getStyler().isLegendVisible());
        assertTrue(front.getSeriesCollection().stream().map(x -> x.getName()).anyMatch(k -> k.startsWith("budget <= 20 ms")),
                front.getSeriesCollection().stream().map(x -> x.getName()).toList().toString());
        assertTrue(front.getSeriesCollection().stream().map(x -> x.getName()).anyMatch(k -> k.startsWith("accuracy-latency front")));
        String svg = Svg.inline(front);
        assertTrue(svg.startsWith("<svg") && svg.contains("viewBox=\"0 0 760 560\""), svg.substring(0, 200));
        assertEquals("evaluations", r.progressChart().getXAxisTitle());
    }

    @Test
    void thePredictorInTheLoopGetsAParityPlotAndItsViolationsAreShown() throws Exception {
        RunData run = RunDirectory.load(Runs.loop(tmp.resolve("loop")));
        assertFalse(run.violations().isEmpty(), () -> "the scaled predictor should misjudge some candidates; measured: "
                + run.candidates().stream().filter(c -> c.latency("phone").isMeasured()).map(c -> String.format(
                        "%.1f/%.1f", c.latency("phone").predictedMs(), c.latency("phone").measuredMs())).toList()
                + " constraints " + run.constraints() + " pfm " + run.predictedFeasibleMeasured());
        SearchReport r = new SearchReport(run, List.of());
        String html = r.html();
        assertTrue(html.contains("Predictor on phone"));
        assertTrue(html.contains("aria-label=\"Predicted against measured on phone\""));
        assertTrue(html.contains("Predicted within budget, measured over it"));
        JsonNode json = new ObjectMapper().readTree(r.json());
        assertEquals(run.violations().size(), json.get("violations").size());
        assertTrue(json.get("predictors").get("phone").get("n").asInt() >= run.front().size());
        for (JsonNode row : json.get("front")) {
            assertEquals("measured", row.get("latency").get("phone").get("source").asText());
        }
    }

    @Test
    void aKilledRunGivesAPartialReportOfWhatItDid() throws Exception {
        RunData run = RunDirectory.load(Runs.killed(tmp.resolve("killed")));
        SearchReport r = new SearchReport(run, List.of());
        assertTrue(r.html().contains("Partial report"));
        assertTrue(r.markdown().contains("**Partial report**"));
        assertTrue(new ObjectMapper().readTree(r.json()).get("partial").asBoolean());
        assertEquals(90, run.candidates().size());
    }

    @Test
    void markdownCsvAndJsonCarryTheFront() throws Exception {
        RunData run = RunDirectory.load(Runs.tables(tmp.resolve("t"), 200, SearchListener.NONE));
        SearchReport r = new SearchReport(run, List.of(RunDirectory.load(Runs.tables(tmp.resolve("b"), 100,
                SearchListener.NONE))));
        String md = r.markdown();
        assertTrue(md.contains("## Pareto front"));
        assertTrue(md.contains("| # | accuracy (%) | essential_ph_1_ms (ms) | 1080ti_1_ms (ms) |"), md);
        String csv = r.csv();
        assertEquals(run.front().size() + 1, csv.strip().split("\n").length);
        assertTrue(csv.startsWith("index,generation,arch,accuracy,latency_ms[essential_ph_1_ms]"));
        JsonNode json = new ObjectMapper().readTree(r.json());
        assertEquals(run.front().size(), json.get("front").size());
        assertEquals(run.history().size(), json.get("history").size());
        assertEquals(2, r.progressChart().getSeriesCollection().size(), "this run and the baseline");
    }

    @Test
    void aDriftControlledRunPlotsTheMachinesSpeedAndSumsItUpPerDevice() throws Exception {
        RunData run = RunDirectory.load(Runs.loopWithSpeed(tmp.resolve("on"), DriftControl.ON));
        int n = run.speed().size();
        assertTrue(n >= 10, "the loop measures the front and five a generation: " + n);
        SearchReport r = new SearchReport(run, List.of());
        String html = r.html();
        assertTrue(html.contains("<h2>Machine speed</h2>"));
        assertTrue(html.contains("aria-label=\"Machine speed during the search\""));
        assertTrue(html.contains("corrected for the machine&#39;s speed") || html.contains("corrected for the "
                + "machine's speed"), "the summary says the latencies are corrected");
        java.util.Map<String, org.knowm.xchart.XYSeries> series = new java.util.HashMap<>();
        r.speedChart().getSeriesCollection().forEach(x -> series.put(x.getName(), x));
        assertEquals(n, series.get("phone (" + n + ")").getYData().length);
        assertEquals(n / 5, series.get("flagged unsteady (" + n / 5 + ")").getYData().length);
        assertEquals(1.0, series.get("baseline").getYData()[0]);

        JsonNode speed = new ObjectMapper().readTree(r.json()).get("machine_speed");
        assertEquals("on", speed.get("drift_control").asText());
        assertTrue(speed.get("latencies_corrected").asBoolean());
        JsonNode phone = speed.get("devices").get(0);
        assertEquals(n, phone.get("measurements").asInt());
        assertEquals(1.0, phone.get("min_speed_factor").asDouble(), 1e-9);
        assertEquals(1 + 0.01 * (n - 1), phone.get("max_speed_factor").asDouble(), 1e-9);
        assertEquals((n / 5) / (double) n, phone.get("unsteady_share").asDouble(), 1e-9);
        assertTrue(r.markdown().contains(String.format(java.util.Locale.ROOT, "| phone | %d | %.3f | 1.000 | %.3f | "
                + "%.1f %% |", n, 1 + 0.01 * (n - 1) / 2, 1 + 0.01 * (n - 1), 100.0 * (n / 5) / n)), r.markdown());
    }

    @Test
    void aRunWithoutSpeedDataSaysWhyInOneLine() throws Exception {
        SearchReport off = new SearchReport(RunDirectory.load(Runs.loopWithSpeed(tmp.resolve("off"),
                DriftControl.OFF)), List.of());
        String line = "No speed data: drift control was off";
        assertTrue(off.html().contains("<h2>Machine speed</h2>\n<p>" + line), "one line, no plot");
        assertFalse(off.html().contains("Machine speed during the search"));
        assertTrue(off.markdown().contains("## Machine speed\n\n" + line), off.markdown());
        assertTrue(off.markdown().contains("| latencies | raw medians (drift control off) |"), off.markdown());
        assertTrue(new ObjectMapper().readTree(off.json()).get("machine_speed").get("note").asText()
                .startsWith(line));
        SearchReport tables = new SearchReport(RunDirectory.load(Runs.infeasible(tmp.resolve("t"))), List.of());
        assertTrue(tables.markdown().contains("## Machine speed\n\nNo speed data: nothing was measured"));
        assertFalse(tables.markdown().contains("| latencies |"), "a run that measured nothing corrected nothing");
    }
}
