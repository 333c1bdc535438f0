package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.core.search.SearchListener;
import io.hwnas.reports.Goldens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format of the search report, for five seeded searches that reach every part of it, is the text recorded
 * before the reports were redesigned ({@link Goldens}). Only what changes from run to run is masked: the run
 * directory, the date, the host, the wall time and the versions of the tools.
 */
class SearchReportGoldensTest {

    @TempDir
    Path tmp;

    @Test
    void twoTableDevicesWithABudgetAndABaseline() throws Exception {
        RunData baseline = RunDirectory.load(Runs.tables(tmp.resolve("b"), 100, SearchListener.NONE));
        check("tables", RunDirectory.load(Runs.tables(tmp.resolve("t"), 200, SearchListener.NONE)),
                List.of(baseline));
    }

    @Test
    void aPredictorInTheLoopWithViolations() throws Exception {
        check("loop", RunDirectory.load(Runs.loop(tmp.resolve("loop"))), List.of());
    }

    @Test
    void aKilledRun() throws Exception {
        check("partial", RunDirectory.load(Runs.killed(tmp.resolve("killed"))), List.of());
    }

    @Test
    void noCandidateMeetsTheBudget() throws Exception {
        check("infeasible", RunDirectory.load(Runs.infeasible(tmp.resolve("none"))), List.of());
    }

    @Test
    void aScalingLawWithFailedCandidatesAndWorstCases() throws Exception {
        check("transformer", RunDirectory.load(Runs.transformer(tmp.resolve("lm"))), List.of());
    }

    private static void check(String name, RunData run, List<RunData> baselines) throws IOException {
        SearchReport r = new SearchReport(run, baselines);
        String html = r.html();
        assertTrue(html.contains("<svg"), "the page draws charts");
        Goldens.check("search-" + name + ".html", Goldens.withoutDrawings(masked(html, run)));
        Goldens.check("search-" + name + ".md", masked(r.markdown(), run));
        Goldens.check("search-" + name + ".csv", masked(r.csv(), run));
        Goldens.check("search-" + name + ".json", masked(r.json(), run));
        StringBuilder charts = new StringBuilder();
        for (RunData.Device d : run.devices()) {
            charts.append(Goldens.describe(r.frontChart(d.id()))).append('\n');
        }
        charts.append(Goldens.describe(r.progressChart()));
        SearchCharts more = new SearchCharts(r.facts());
        if (run.devices().size() > 1) {
            charts.append('\n').append(Goldens.describe(more.devices(run.devices().get(0).id(),
                    run.devices().get(1).id())));
        }
        for (SearchFacts.Parity p : r.facts().parity()) {
            charts.append('\n').append(Goldens.describe(SearchCharts.parity(p)));
        }
        Goldens.check("search-" + name + ".charts.txt", charts.toString());
    }

    /** The text with what differs between two runs of the same search masked. */
    private static String masked(String text, RunData run) {
        String created = run.manifest().created();
        String host = run.manifest().versions().host();
        return text.replace(run.dir().toAbsolutePath().toString(), "<RUN_DIR>")
                .replace(created + " on " + host, "<CREATED> on <HOST>")
                .replaceAll("(wall time(?:</th><td>| \\| |\" : \"))[0-9.]+ s", "$1<WALL> s")
                .replaceAll("(versions(?:</th><td>| \\| |\" : \"))hwnas [^<|\"\n]*", "$1<VERSIONS>")
                .replaceAll("Made by hwnas \\S+ from", "Made by hwnas <VERSION> from");
    }
}
