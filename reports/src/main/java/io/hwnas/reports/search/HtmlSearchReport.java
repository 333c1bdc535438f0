package io.hwnas.reports.search;

import io.hwnas.reports.chart.Svg;
import io.hwnas.reports.html.Html;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The search report as one self-contained HTML page: summary, the front on every device (charts and a sortable
 * table with downloads), the predictor in the loop against its measurements, the devices side by side and the
 * search's progress. The page loads nothing from the network.
 */
public final class HtmlSearchReport {

    private final SearchFacts f;
    private final SearchCharts charts;

    public HtmlSearchReport(SearchFacts facts) {
        this.f = facts;
        this.charts = new SearchCharts(facts);
    }

    public String render() {
        StringBuilder b = new StringBuilder();
        head(b);
        b.append("<h2>Summary</h2>\n").append(Html.keyValues(SearchText.summary(f)));
        frontCharts(b);
        frontTables(b);
        if (!f.pruned().isEmpty()) {
            pruned(b);
        }
        for (SearchFacts.Parity p : f.parity()) {
            predictor(b, p);
        }
        speed(b);
        if (f.asked().devices().size() > 1) {
            devices(b);
        }
        b.append("<h2>Search progress</h2>\n<div class=\"charts\"><div class=\"chart\">")
                .append(Svg.inline(charts.progress())).append("</div></div>\n<p class=\"caption\">")
                .append(Html.escape(SearchText.reference(f))).append("</p>\n");
        b.append("<footer>Made by hwnas ").append(Html.escape(f.made().hwnas())).append(" from ")
                .append(Html.escape(f.made().absoluteDir()))
                .append(". Charts drawn with XChart. This page loads nothing from the network.</footer>\n");
        return Html.page(SearchText.title(f), b.toString());
    }

    /** The title, what the page answers, and whether the run is partial or has no feasible candidate. */
    private void head(StringBuilder b) {
        b.append("<h1>").append(Html.escape(SearchText.title(f))).append("</h1>\n");
        b.append("<p class=\"lead\">Which architectures give the best accuracy within the budget: the Pareto front of ")
                .append(Html.escape(f.asked().accuracy().name())).append(" accuracy against latency.</p>\n");
        if (!f.progress().finished()) {
            b.append("<p class=\"partial\"><strong>Partial report.</strong> The search was stopped (killed, or still "
                    + "running) after generation ").append(f.progress().generations())
                    .append("; this report shows what it had done by its last checkpoint.");
            if (f.made().resume() != null) {
                b.append(" <code>").append(Html.escape(f.made().resume())).append("</code> continues it.");
            }
            b.append("</p>\n");
        }
        if (!f.outcome().feasible()) {
            b.append("<p class=\"bad\"><strong>No candidate meets the budgets.</strong> The front below holds the "
                    + "candidates closest to them.</p>\n");
        }
    }

    private void frontCharts(StringBuilder b) {
        b.append("<h2>Pareto front</h2>\n<div class=\"charts\">\n");
        for (String d : f.deviceIds()) {
            b.append("<div class=\"chart\">").append(Svg.inline(charts.front(d))).append("</div>\n");
        }
        b.append("</div>\n<p class=\"caption\">Each point is an evaluated architecture at its best-known latency "
                + "(measured when it was, else predicted or from the table). The staircase is the front");
        if (f.measures()) {
            b.append(", every member measured; a light-blue triangle is what the predictor said before the "
                    + "measurement, joined to it");
        }
        b.append(".");
        for (String d : f.deviceIds()) {
            int hidden = charts.hidden(d);
            if (hidden > 0) {
                b.append(" On ").append(Html.escape(d)).append(", the axes frame the front: ").append(hidden)
                        .append(" evaluated candidates less accurate or much slower fall outside (they are in the "
                                + "CSV).");
            }
        }
        b.append("</p>\n");
    }

    /** Each prune run beside the search: its networks, and what its training saw against the search's. */
    private void pruned(StringBuilder b) {
        b.append("<h2>Pruning beside the search</h2>\n<p>").append(Html.escape(PruneText.compute(f)))
                .append("</p>\n");
        for (PrunedFront p : f.pruned()) {
            b.append("<h3>").append(Html.escape(p.label())).append(" (on ").append(Html.escape(p.device()))
                    .append(")</h3>\n<table><tr>");
            PruneText.HEADER.forEach(h -> b.append("<th>").append(Html.escape(h)).append("</th>"));
            b.append("</tr>\n");
            for (String[] r : PruneText.rows(p)) {
                b.append("<tr>");
                for (String cell : r) {
                    b.append("<td>").append(Html.escape(cell)).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }
    }

    /** The front's table with the downloads, and the candidates the predictor misjudged. */
    private void frontTables(StringBuilder b) {
        HtmlFrontTable table = new HtmlFrontTable(f);
        b.append("<h2>The front</h2>\n").append(table.render(f.frontByLatency(), true));
        b.append("<p>").append(Html.download("candidates.csv", "text/csv", f.files().candidatesCsv(),
                        "Download every evaluated candidate (CSV, " + f.outcome().candidates().size() + " rows)"))
                .append(Html.download("front.csv", "text/csv", f.files().frontCsv(), "Download the front (CSV)"))
                .append("</p>\n");
        List<SearchFacts.Member> violations = f.outcome().violations();
        if (!violations.isEmpty()) {
            b.append("<h3>Predicted within budget, measured over it</h3>\n<p>The predictor put these candidates "
                    + "within every budget; their measurements did not. They are not on the front.</p>\n")
                    .append(table.render(violations, false));
        }
    }

    private void predictor(StringBuilder b, SearchFacts.Parity p) {
        b.append("<h2>Predictor on ").append(Html.escape(p.device())).append("</h2>\n");
        b.append("<p>").append(Html.escape(p.source())).append(". Each point is a candidate the search "
                + "measured, at the latency predicted for it just before (by the predictor of that moment) "
                + "against the measurement.</p>\n");
        b.append("<div class=\"charts\"><div class=\"chart\">").append(Svg.inline(SearchCharts.parity(p)))
                .append("</div><div>").append(Html.keyValues(SearchText.metrics(p.metrics())))
                .append("</div></div>\n");
    }

    /** The machine's speed against time with each device's figures, or the one line saying why there is none. */
    private void speed(StringBuilder b) {
        MachineSpeed s = f.speed();
        b.append("<h2>Machine speed</h2>\n");
        if (s.none().isPresent()) {
            b.append("<p>").append(Html.escape(s.none().get())).append("</p>\n");
            return;
        }
        b.append("<p>Latencies are ").append(Html.escape(SearchText.latencies(s))).append(". A speed factor of 1.2 "
                + "means the machine ran 20 % slower than its baseline; the corrected latency takes that out. Every "
                + "measurement's raw and corrected median is in <code>speed.csv</code>.</p>\n");
        b.append("<div class=\"charts\"><div class=\"chart\">").append(Svg.inline(charts.speed()))
                .append("</div><div>");
        for (MachineSpeed.DeviceSpeed d : s.devices()) {
            b.append("<h3>").append(Html.escape(d.device())).append("</h3>\n")
                    .append(Html.keyValues(SearchText.speed(d)));
        }
        b.append("</div></div>\n");
        int found = s.devices().stream().mapToInt(MachineSpeed.DeviceSpeed::found).sum();
        b.append("<p class=\"caption\">Each point is a measurement the search took, at its time since the search "
                + "began").append(found == 0 ? "." : "; the " + found + " it found in the database (taken earlier) "
                + "count in the figures but are not drawn.").append("</p>\n");
    }

    /** The first two devices' latencies against each other, and how alike they rank the candidates. */
    private void devices(StringBuilder b) {
        b.append("<h2>Devices side by side</h2>\n");
        String a = f.deviceIds().get(0);
        String bb = f.deviceIds().get(1);
        List<SearchFacts.Member> all = f.outcome().candidates();
        double rho = all.size() > 2 ? new SpearmansCorrelation().correlation(SearchCharts.lat(all, a),
                SearchCharts.lat(all, bb)) : Double.NaN;
        b.append("<div class=\"charts\"><div class=\"chart\">").append(Svg.inline(charts.devices(a, bb)))
                .append("</div></div>\n<p class=\"caption\">Spearman's rank correlation of the two devices' "
                        + "latencies over every evaluated candidate: ")
                .append(String.format(Locale.ROOT, "%.3f", rho)).append(". The front table above has each "
                        + "member's latency on every device.</p>\n");
    }
}
