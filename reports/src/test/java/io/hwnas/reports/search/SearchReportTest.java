package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
