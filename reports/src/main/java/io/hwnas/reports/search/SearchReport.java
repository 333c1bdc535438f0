package io.hwnas.reports.search;

import io.hwnas.core.search.RunData;
import io.hwnas.reports.Report;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.XYChart;

/**
 * The report of a search: what was asked (space, devices, budgets, oracle, algorithm, seed), what was found (the
 * Pareto front per device, the budget drawn, feasible and infeasible apart, each predicted latency joined to its
 * measurement), how the search went (hypervolume against evaluations, beside baseline runs if given), how good the
 * predictor in the loop was (a parity plot against the measurements it was checked with), the machine's speed over
 * the run (whether latencies were corrected for it), and, for several devices, the same architectures side by side. As one HTML page, Markdown, CSV or JSON: each format renders the same
 * {@link SearchFacts}.
 *
 * <pre>{@code
 * Report r = new SearchReport(RunDirectory.load(dir), List.of());
 * Files.writeString(dir.resolve("report.html"), r.html());
 * }</pre>
 */
public final class SearchReport implements Report {

    private final SearchFacts facts;

    /**
     * @param run       the run reported
     * @param baselines other runs to draw in the progress chart (other algorithms or seeds on the same problem)
     */
    public SearchReport(RunData run, List<RunData> baselines) {
        this(RunFacts.of(Objects.requireNonNull(run, "run"), baselines));
    }

    public SearchReport(SearchFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** This report with prune runs drawn beside the search: see {@link SearchFacts#withPruned}. */
    public SearchReport withPruned(List<PrunedFront> fronts, long searchSeen) {
        return new SearchReport(facts.withPruned(fronts, searchSeen));
    }

    public SearchFacts facts() {
        return facts;
    }

    /** Accuracy against latency on one device: everything evaluated, the front, budgets, predictions joined. */
    public XYChart frontChart(String device) {
        return new SearchCharts(facts).front(device);
    }

    /** Hypervolume against evaluations, this run and the baselines. */
    public XYChart progressChart() {
        return new SearchCharts(facts).progress();
    }

    /** The machine's speed factor against time, per device (empty when the run logged none). */
    public XYChart speedChart() {
        return new SearchCharts(facts).speed();
    }

    /** One self-contained HTML page. */
    @Override
    public String html() {
        return new HtmlSearchReport(facts).render();
    }

    /** Markdown for a pull request or a wiki: summary, the front, the predictor's figures, progress. */
    @Override
    public String markdown() {
        return new MarkdownSearchReport(facts).render();
    }

    /** The front as CSV (the columns of {@code front.csv}). */
    @Override
    public String csv() {
        return new CsvSearchReport(facts).render();
    }

    /** Everything the HTML shows, as data. */
    @Override
    public String json() {
        return new JsonSearchReport(facts).render();
    }
}
