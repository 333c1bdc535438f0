package io.hwnas.reports.search;

import io.hwnas.reports.Report;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.Constraint;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunFiles;
import io.hwnas.reports.chart.Charts;
import io.hwnas.reports.chart.Svg;
import io.hwnas.reports.html.Html;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The report of a search: what was asked (space, devices, budgets, oracle, algorithm, seed), what was found (the
 * Pareto front per device, the budget drawn, feasible and infeasible apart, each predicted latency joined to its
 * measurement), how the search went (hypervolume against evaluations, beside baseline runs if given), how good the
 * predictor in the loop was (a parity plot against the measurements it was checked with), and, for several devices,
 * the same architectures side by side. As one HTML page, Markdown, CSV or JSON.
 */
public final class SearchReport implements Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunData run;
    private final List<RunData> baselines;

    /**
     * @param run       the run reported
     * @param baselines other runs to draw in the progress chart (other algorithms or seeds on the same problem)
     */
    public SearchReport(RunData run, List<RunData> baselines) {
        this.run = Objects.requireNonNull(run, "run");
        this.baselines = List.copyOf(baselines);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Facts shared by every format.

    private List<String> deviceIds() {
        return run.devices().stream().map(RunData.Device::id).toList();
    }

    private String title() {
        return "hwnas search: " + run.space() + " on " + String.join(", ", deviceIds());
    }

    private List<String[]> summary() {
        List<String[]> rows = new ArrayList<>();
        GenerationStats last = run.last();
        rows.add(new String[] {"status", run.finished() ? "finished" : "PARTIAL: the search was stopped after "
                + "generation " + (last == null ? 0 : last.generation()) + "; this is what it had done"});
        rows.add(new String[] {"space", run.space()});
        for (RunData.Device d : run.devices()) {
            rows.add(new String[] {"device " + d.id(), kindText(d) + " (" + d.source() + ")"});
        }
        rows.add(new String[] {"budgets", run.constraints().isEmpty() ? "none"
                : String.join(", ", run.constraints().stream().map(Constraint::key).toList())});
        rows.add(new String[] {"accuracy oracle", run.accuracyOracle() + " ("
                + run.manifest().path("accuracy_oracle").path("source").asText() + ")"});
        rows.add(new String[] {"objectives", String.join(", ", run.objectives().stream()
                .map(o -> o.key() + (o.metric().maximised() ? " (max)" : " (min)")).toList())});
        rows.add(new String[] {"algorithm", run.algorithm() + ", population "
                + run.manifest().path("config").path("population").asText()});
        rows.add(new String[] {"seed", Long.toString(run.seed())});
        rows.add(new String[] {"evaluations", run.candidates().size() + " of " + run.targetEvaluations()
                + " asked, in " + (last == null ? 0 : last.generation()) + " generations"});
        long measured = run.candidates().stream().filter(this::measuredAnywhere).count();
        if (run.devices().stream().anyMatch(RunData.Device::measures)) {
            rows.add(new String[] {"measured on the device", measured + " candidates"});
        }
        rows.add(new String[] {"wall time", last == null ? "-" : String.format(Locale.ROOT, "%.1f s",
                last.elapsedMs() / 1000.0)});
        if (!run.failed().isEmpty()) {
            var first = run.failed().entrySet().iterator().next();
            rows.add(new String[] {"failed candidates", run.failed().size() + " left out, e.g. " + first.getKey()
                    + ": " + first.getValue()});
        }
        if (!Double.isNaN(run.violationRate())) {
            rows.add(new String[] {"predicted within budget, measured over", String.format(Locale.ROOT,
                    "%d of %d measured candidates (%.1f %%)", run.violations().size(), run.predictedFeasibleMeasured(),
                    100 * run.violationRate())});
        }
        var v = run.manifest().path("versions");
        rows.add(new String[] {"versions", "hwnas " + v.path("hwnas").asText() + ", MOEA Framework "
                + v.path("moea_framework").asText() + ", Java " + v.path("java").asText()
                + (run.manifest().path("config").has("onnxruntime") ? ", ONNX Runtime "
                        + run.manifest().path("config").path("onnxruntime").asText() : "")
                + ", " + v.path("os").asText()});
        rows.add(new String[] {"created", run.manifest().path("created").asText() + " on "
                + v.path("host").asText()});
        rows.add(new String[] {"run directory", run.dir().toAbsolutePath().toString()});
        return rows;
    }

    private static String kindText(RunData.Device d) {
        return switch (d.kind()) {
            case "loop" -> "predictor in the loop, front measured";
            case "measured" -> "every candidate measured";
            case "predicted" -> "predicted only, by a saved predictor";
            case "spec" -> "predicted only, from the spec sheet";
            case "table" -> "published table";
            default -> d.kind();
        };
    }

    private boolean measuredAnywhere(Candidate c) {
        for (RunData.Device d : run.devices()) {
            if (d.measures() && c.latency(d.id()).isMeasured()) {
                return true;
            }
        }
        return false;
    }

    private boolean feasible(Candidate c) {
        return Constraint.met(run.constraints(), c);
    }

    private List<Budget> latencyBudgets(String device) {
        List<Budget> out = new ArrayList<>();
        for (Constraint k : run.constraints()) {
            if (device.equals(k.device()) && k.budget().metric() == Metric.LATENCY_MS) {
                out.add(k.budget());
            }
        }
        return out;
    }

    /** Pairs (measured, predicted) on a device: each prediction made before the candidate was measured. */
    private double[][] parityPairs(String device) {
        List<double[]> pairs = new ArrayList<>();
        for (Candidate c : run.candidates()) {
            LatencyEstimate e = c.latency(device);
            if (e.isMeasured() && e.isPredicted()) {
                pairs.add(new double[] {e.measuredMs(), e.predictedMs()});
            }
        }
        double[][] out = new double[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            out[0][i] = pairs.get(i)[0];
            out[1][i] = pairs.get(i)[1];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Charts.

    /** Accuracy against latency on one device: everything evaluated, the front, budgets, predictions joined. */
    public XYChart frontChart(String device) {
        XYChart c = Charts.chart("Pareto front on " + device, "latency on " + device + " (ms)", accuracyLabel());
        // With more objectives than accuracy and this latency, the search's front is not a staircase in this plane:
        // draw the plane's own front as the staircase, and the other members of the search's front as points.
        boolean twoD = run.objectives().size() == 2;
        List<Candidate> front = new ArrayList<>(twoD ? run.front() : io.hwnas.core.search.Fronts.front(
                List.of(io.hwnas.core.search.SearchObjective.of(Metric.ACCURACY),
                        io.hwnas.core.search.SearchObjective.latency(device)), run.constraints(), run.candidates()));
        front.sort(Comparator.comparingDouble(x -> x.latency(device).bestMs()));
        double yMin = yMin();
        double xMax = xMax(device);
        List<Candidate> shown = run.candidates().stream().filter(x -> x.accuracy() >= yMin
                && x.latency(device).bestMs() <= xMax).toList();
        java.util.Set<String> onFront = new java.util.HashSet<>();
        front.forEach(x -> onFront.add(x.arch()));
        java.util.Set<String> onSearchFront = new java.util.HashSet<>();
        run.front().forEach(x -> onSearchFront.add(x.arch()));
        List<Candidate> others = shown.stream().filter(x -> !onFront.contains(x.arch())
                && onSearchFront.contains(x.arch())).toList();
        List<Candidate> rest = shown.stream().filter(x -> !onFront.contains(x.arch())
                && !onSearchFront.contains(x.arch())).toList();
        List<Candidate> ok = rest.stream().filter(this::feasible).toList();
        List<Candidate> bad = rest.stream().filter(x -> !feasible(x)).toList();
        if (!ok.isEmpty()) {
            Charts.points(c, "evaluated" + (run.constraints().isEmpty() ? "" : ", feasible") + " (" + ok.size() + ")",
                    lat(ok, device), acc(ok), Charts.GREY);
        }
        if (!bad.isEmpty()) {
            XYSeries s = Charts.points(c, "evaluated, over a budget (" + bad.size() + ")", lat(bad, device), acc(bad),
                    new java.awt.Color(0xF0, 0xB8, 0x9A));
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CROSS);
        }
        if (!others.isEmpty()) {
            XYSeries s = Charts.points(c, "front member via another objective (" + others.size() + ")",
                    lat(others, device), acc(others), Charts.GREEN);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.DIAMOND);
        }
        boolean measures = run.devices().stream().filter(d -> d.id().equals(device)).anyMatch(RunData.Device::measures);
        List<Candidate> predictedJoin = new ArrayList<>();
        for (Candidate f : front) {
            LatencyEstimate e = f.latency(device);
            if (e.isMeasured() && e.isPredicted()) {
                predictedJoin.add(f);
            }
        }
        for (Candidate v : run.violations()) {
            if (v.accuracy() >= yMin && v.latency(device).isPredicted() && v.latency(device).isMeasured()) {
                predictedJoin.add(v);
            }
        }
        boolean legendDone = false;
        for (Candidate p : predictedJoin) {
            LatencyEstimate e = p.latency(device);
            XYSeries s = Charts.line(c, "join " + p.index(), new double[] {e.predictedMs(), e.measuredMs()},
                    new double[] {p.accuracy(), p.accuracy()}, Charts.SKY, false);
            s.setLineWidth(1f);
            s.setShowInLegend(false);
            legendDone = true;
        }
        if (legendDone) {
            List<Candidate> predictedOnes = predictedJoin;
            double[] px = predictedOnes.stream().mapToDouble(x -> x.latency(device).predictedMs()).toArray();
            XYSeries s = Charts.points(c, "prediction before measuring (joined)", px,
                    acc(predictedOnes), Charts.SKY);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.TRIANGLE_UP);
        }
        List<Candidate> viol = run.violations().stream().filter(x -> x.accuracy() >= yMin).toList();
        if (!viol.isEmpty()) {
            XYSeries s = Charts.points(c, "predicted in budget, measured over (" + viol.size() + ")",
                    lat(viol, device), acc(viol), Charts.ORANGE);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.SQUARE);
        }
        String frontName = run.feasible() ? (twoD ? "Pareto front" : "accuracy-latency front")
                + (measures ? ", measured" : "") + " (" + front.size() + ")"
                : "closest to the budgets, none meets them (" + front.size() + ")";
        if (!front.isEmpty()) {
            Charts.staircase(c, frontName, lat(front, device), acc(front), run.feasible() ? Charts.BLUE
                    : Charts.VERMILLION);
        }
        double yMax = shown.stream().mapToDouble(Candidate::accuracy).max().orElse(100);
        for (Budget b : latencyBudgets(device)) {
            Charts.line(c, "budget " + b.comparison().symbol() + " " + b.boundText() + " ms",
                    new double[] {b.bound(), b.bound()}, new double[] {yMin, Math.min(100, yMax + 1)},
                    Charts.VERMILLION, true);
        }
        c.getStyler().setYAxisMin(yMin);
        c.getStyler().setXAxisMin(0.0);
        c.getStyler().setXAxisMax(xMax);
        return c;
    }

    /** The accuracy axis starts a little below the front's least accurate member. */
    private double yMin() {
        double minFront = run.front().stream().mapToDouble(Candidate::accuracy).min().orElse(0);
        return Math.max(0, Math.floor((minFront - 8) / 5) * 5);
    }

    /**
     * The latency axis ends at twice the larger of the front's slowest member and the budget: the plot is about the
     * front, and a few very slow candidates would squeeze it into a corner.
     */
    private double xMax(String device) {
        double slowest = run.front().stream().mapToDouble(x -> x.latency(device).bestMs()).max().orElse(1);
        for (Budget b : latencyBudgets(device)) {
            slowest = Math.max(slowest, b.bound());
        }
        double all = run.candidates().stream().mapToDouble(x -> x.latency(device).bestMs()).max().orElse(slowest);
        return Math.min(all * 1.02, slowest * 2);
    }

    private int hidden(String device) {
        double yMin = yMin();
        double xMax = xMax(device);
        return (int) run.candidates().stream().filter(x -> x.accuracy() < yMin || x.latency(device).bestMs() > xMax)
                .count();
    }

    private static double[] lat(List<Candidate> cs, String device) {
        return cs.stream().mapToDouble(x -> x.latency(device).bestMs()).toArray();
    }

    private static double[] acc(List<Candidate> cs) {
        return cs.stream().mapToDouble(Candidate::accuracy).toArray();
    }

    /** Hypervolume against evaluations, this run and the baselines. */
    public XYChart progressChart() {
        XYChart c = Charts.chart("Search progress", "evaluations", "hypervolume (normalised, see reference)");
        List<RunData> all = new ArrayList<>();
        all.add(run);
        all.addAll(baselines);
        for (int i = 0; i < all.size(); i++) {
            RunData r = all.get(i);
            if (r.history().isEmpty()) {
                continue;
            }
            double[] x = r.history().stream().mapToDouble(GenerationStats::evaluations).toArray();
            double[] y = r.history().stream().mapToDouble(GenerationStats::hypervolume).toArray();
            String name = r.algorithm() + ", seed " + r.seed() + (i == 0 ? " (this run)" : " (" + r.dir().getFileName()
                    + ")");
            XYSeries s = Charts.line(c, name, x, y, Charts.CYCLE.get(i % Charts.CYCLE.size()), false);
            if (x.length <= 40) {
                s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
                s.setMarkerColor(Charts.CYCLE.get(i % Charts.CYCLE.size()));
            }
        }
        c.getStyler().setXAxisMin(0.0);
        return c;
    }

    /** Latency on the first two devices against each other, every candidate. */
    private XYChart devicesChart(String a, String b) {
        XYChart c = Charts.chart(a + " against " + b, "latency on " + a + " (ms)", "latency on " + b + " (ms)");
        List<Candidate> all = run.candidates();
        Charts.points(c, "evaluated (" + all.size() + ")", lat(all, a), lat(all, b), Charts.GREY);
        List<Candidate> front = run.front();
        Charts.points(c, "Pareto front (" + front.size() + ")", lat(front, a), lat(front, b), Charts.BLUE);
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Formats.

    /** One self-contained HTML page. */
    @Override
    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(title())).append("</h1>\n");
        b.append("<p class=\"lead\">Which architectures give the best accuracy within the budget: the Pareto front of ")
                .append(Html.escape(run.accuracyOracle())).append(" accuracy against latency.</p>\n");
        if (!run.finished()) {
            b.append("<p class=\"partial\"><strong>Partial report.</strong> The search was stopped (killed, or still "
                    + "running) after generation ").append(run.last() == null ? 0 : run.last().generation())
                    .append("; this report shows what it had done by its last checkpoint. <code>./hwnas search "
                            + "--resume ").append(Html.escape(run.dir().toString())).append("</code> continues it."
                            + "</p>\n");
        }
        if (!run.feasible()) {
            b.append("<p class=\"bad\"><strong>No candidate meets the budgets.</strong> The front below holds the "
                    + "candidates closest to them.</p>\n");
        }
        b.append("<h2>Summary</h2>\n").append(Html.keyValues(summary()));

        b.append("<h2>Pareto front</h2>\n<div class=\"charts\">\n");
        for (String d : deviceIds()) {
            b.append("<div class=\"chart\">").append(Svg.inline(frontChart(d))).append("</div>\n");
        }
        b.append("</div>\n<p class=\"caption\">Each point is an evaluated architecture at its best-known latency "
                + "(measured when it was, else predicted or from the table). The staircase is the front");
        if (run.devices().stream().anyMatch(RunData.Device::measures)) {
            b.append(", every member measured; a light-blue triangle is what the predictor said before the "
                    + "measurement, joined to it");
        }
        b.append(".");
        for (String d : deviceIds()) {
            int hidden = hidden(d);
            if (hidden > 0) {
                b.append(" On ").append(Html.escape(d)).append(", the axes frame the front: ").append(hidden)
                        .append(" evaluated candidates less accurate or much slower fall outside (they are in the "
                                + "CSV).");
            }
        }
        b.append("</p>\n");

        b.append("<h2>The front</h2>\n").append(frontTable());
        b.append("<p>").append(Html.download("candidates.csv", "text/csv",
                        RunFiles.candidatesCsv(deviceIds(), run.constraints(), run.candidates()),
                        "Download every evaluated candidate (CSV, " + run.candidates().size() + " rows)"))
                .append(Html.download("front.csv", "text/csv",
                        RunFiles.candidatesCsv(deviceIds(), run.constraints(), run.front()), "Download the front (CSV)"))
                .append("</p>\n");
        if (!run.violations().isEmpty()) {
            b.append("<h3>Predicted within budget, measured over it</h3>\n<p>The predictor put these candidates "
                    + "within every budget; their measurements did not. They are not on the front.</p>\n")
                    .append(table(run.violations(), false));
        }

        for (RunData.Device d : run.devices()) {
            double[][] p = parityPairs(d.id());
            if (p[0].length < 2) {
                continue;
            }
            Metrics m = Metrics.of(p[0], p[1]);
            b.append("<h2>Predictor on ").append(Html.escape(d.id())).append("</h2>\n");
            b.append("<p>").append(Html.escape(d.source())).append(". Each point is a candidate the search "
                    + "measured, at the latency predicted for it just before (by the predictor of that moment) "
                    + "against the measurement.</p>\n");
            b.append("<div class=\"charts\"><div class=\"chart\">")
                    .append(Svg.inline(Charts.parity("Predicted against measured on " + d.id(), p[0], p[1])))
                    .append("</div><div>").append(Html.keyValues(metricsRows(m))).append("</div></div>\n");
        }

        if (run.devices().size() > 1) {
            b.append("<h2>Devices side by side</h2>\n");
            String a = deviceIds().get(0);
            String bb = deviceIds().get(1);
            double rho = run.candidates().size() > 2 ? new SpearmansCorrelation().correlation(lat(run.candidates(), a),
                    lat(run.candidates(), bb)) : Double.NaN;
            b.append("<div class=\"charts\"><div class=\"chart\">").append(Svg.inline(devicesChart(a, bb)))
                    .append("</div></div>\n<p class=\"caption\">Spearman's rank correlation of the two devices' "
                            + "latencies over every evaluated candidate: ")
                    .append(String.format(Locale.ROOT, "%.3f", rho)).append(". The front table above has each "
                            + "member's latency on every device.</p>\n");
        }

        b.append("<h2>Search progress</h2>\n<div class=\"charts\"><div class=\"chart\">")
                .append(Svg.inline(progressChart())).append("</div></div>\n<p class=\"caption\">")
                .append(Html.escape(referenceText())).append("</p>\n");

        b.append("<footer>Made by hwnas ").append(Html.escape(run.manifest().path("versions").path("hwnas").asText()))
                .append(" from ").append(Html.escape(run.dir().toAbsolutePath().toString()))
                .append(". Charts drawn with XChart. This page loads nothing from the network.</footer>\n");
        return Html.page(title(), b.toString());
    }

    private String referenceText() {
        StringBuilder b = new StringBuilder("Hypervolume of the feasible front of everything evaluated so far, each "
                + "objective normalised between the reference's ideal and nadir, the reference point at the nadir: ");
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < run.objectives().size(); i++) {
            parts.add(run.objectives().get(i).key() + " " + fmt(run.ideal()[i]) + " (ideal) to " + fmt(run.nadir()[i])
                    + " (nadir)");
        }
        b.append(String.join("; ", parts)).append(". It can fall when a measurement replaces a prediction.");
        return b.toString();
    }

    private static List<String[]> metricsRows(Metrics m) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"pairs", Integer.toString(m.n())});
        rows.add(new String[] {"within ±10 %", String.format(Locale.ROOT, "%.1f %%", 100 * m.within10())});
        rows.add(new String[] {"within ±5 %", String.format(Locale.ROOT, "%.1f %%", 100 * m.within5())});
        rows.add(new String[] {"MAPE", String.format(Locale.ROOT, "%.1f %%", 100 * m.mape())});
        rows.add(new String[] {"RMSE", String.format(Locale.ROOT, "%.3f ms", m.rmseMs())});
        rows.add(new String[] {"Spearman", String.format(Locale.ROOT, "%.3f", m.spearman())});
        rows.add(new String[] {"Kendall", String.format(Locale.ROOT, "%.3f", m.kendall())});
        return rows;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private String frontTable() {
        List<Candidate> rows = new ArrayList<>(run.front());
        String first = deviceIds().get(0);
        rows.sort(Comparator.comparingDouble(x -> x.latency(first).bestMs()));
        return table(rows, true);
    }

    private String table(List<Candidate> rows, boolean sortable) {
        StringBuilder b = new StringBuilder("<table class=\"").append(sortable ? "sortable front" : "front")
                .append("\">\n<thead><tr><th>#</th><th>").append(Html.escape(accuracyLabel())).append("</th>");
        for (RunData.Device d : run.devices()) {
            b.append("<th>").append(Html.escape(d.id())).append(" (ms)</th>");
            if (d.kind().equals("loop")) {
                b.append("<th>").append(Html.escape(d.id())).append(" predicted (ms)</th>");
            }
        }
        b.append("<th>params (M)</th><th>MFLOPs</th><th>peak memory (MB)</th><th>size (MB)</th><th>feasible</th>"
                + "<th>architecture (and the command that exports it)</th></tr></thead>\n<tbody>\n");
        int i = 0;
        for (Candidate c : rows) {
            i++;
            b.append("<tr><td class=\"num\" data-v=\"").append(i).append("\">").append(i).append("</td>");
            num(b, c.accuracy(), "%.2f");
            for (RunData.Device d : run.devices()) {
                LatencyEstimate e = c.latency(d.id());
                num(b, e.bestMs(), "%.3f");
                if (d.kind().equals("loop")) {
                    num(b, e.predictedMs(), "%.3f");
                }
            }
            Map<Metric, Double> g = c.graphMetrics();
            num(b, g.getOrDefault(Metric.PARAMS, Double.NaN) / 1e6, "%.3f");
            num(b, g.getOrDefault(Metric.FLOPS, Double.NaN) / 1e6, "%.1f");
            num(b, g.getOrDefault(Metric.PEAK_MEMORY_MB, Double.NaN), "%.3f");
            num(b, g.getOrDefault(Metric.MODEL_SIZE_MB, Double.NaN), "%.3f");
            boolean ok = feasible(c);
            b.append("<td data-v=\"").append(ok ? 1 : 0).append("\">").append(ok ? "yes" : "<span class=\"no\">no: "
                    + Html.escape(String.join(", ", violated(c))) + "</span>").append("</td>");
            b.append("<td class=\"arch\">").append(Html.escape(c.arch()))
                    .append("<details><summary>export</summary><code>")
                    .append(Html.escape(RunFiles.exportCommand(run.spaceArgs(), c.arch())))
                    .append("</code></details></td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private List<String> violated(Candidate c) {
        return Constraint.violated(run.constraints(), c);
    }

    private static void num(StringBuilder b, double v, String format) {
        if (Double.isNaN(v)) {
            b.append("<td class=\"num\" data-v=\"\">-</td>");
        } else {
            b.append("<td class=\"num\" data-v=\"").append(v).append("\">")
                    .append(String.format(Locale.ROOT, format, v)).append("</td>");
        }
    }

    /** Markdown for a pull request or a wiki: summary, the front, the predictor's figures, progress. */
    @Override
    public String markdown() {
        StringBuilder b = new StringBuilder("# ").append(title()).append("\n\n");
        if (!run.finished()) {
            b.append("> **Partial report**: the search was stopped after generation ")
                    .append(run.last() == null ? 0 : run.last().generation())
                    .append("; this is what it had done by its last checkpoint.\n\n");
        }
        if (!run.feasible()) {
            b.append("> **No candidate meets the budgets**; the front holds the closest candidates.\n\n");
        }
        b.append("| | |\n|---|---|\n");
        for (String[] r : summary()) {
            b.append("| ").append(md(r[0])).append(" | ").append(md(r[1])).append(" |\n");
        }
        b.append("\n## Pareto front\n\n| # | ").append(accuracyLabel()).append(" |");
        for (RunData.Device d : run.devices()) {
            b.append(' ').append(md(d.id())).append(" (ms) |");
            if (d.kind().equals("loop")) {
                b.append(' ').append(md(d.id())).append(" predicted (ms) |");
            }
        }
        b.append(" params (M) | feasible | architecture |\n|---|---|");
        for (RunData.Device d : run.devices()) {
            b.append("---|").append(d.kind().equals("loop") ? "---|" : "");
        }
        b.append("---|---|---|\n");
        List<Candidate> rows = new ArrayList<>(run.front());
        String first = deviceIds().get(0);
        rows.sort(Comparator.comparingDouble(x -> x.latency(first).bestMs()));
        int i = 0;
        for (Candidate c : rows) {
            b.append("| ").append(++i).append(" | ").append(String.format(Locale.ROOT, "%.2f", c.accuracy()))
                    .append(" |");
            for (RunData.Device d : run.devices()) {
                LatencyEstimate e = c.latency(d.id());
                b.append(String.format(Locale.ROOT, " %.3f |", e.bestMs()));
                if (d.kind().equals("loop")) {
                    b.append(e.isPredicted() ? String.format(Locale.ROOT, " %.3f |", e.predictedMs()) : " - |");
                }
            }
            double params = c.graphMetrics().getOrDefault(Metric.PARAMS, Double.NaN);
            b.append(Double.isNaN(params) ? " - |" : String.format(Locale.ROOT, " %.3f |", params / 1e6))
                    .append(feasible(c) ? " yes |" : " **no** |").append(" `").append(c.arch()).append("` |\n");
        }
        for (RunData.Device d : run.devices()) {
            double[][] p = parityPairs(d.id());
            if (p[0].length >= 2) {
                Metrics m = Metrics.of(p[0], p[1]);
                b.append("\n## Predictor on ").append(md(d.id())).append("\n\n").append(String.format(Locale.ROOT,
                        "%d candidates measured after a prediction: %.1f %% within ±10 %%, MAPE %.1f %%, Spearman "
                                + "%.3f.%n", m.n(), 100 * m.within10(), 100 * m.mape(), m.spearman()));
            }
        }
        if (!run.violations().isEmpty()) {
            b.append("\n").append(run.violations().size())
                    .append(" candidates were predicted within the budgets and measured over them; `front.json` "
                            + "lists them under `violations`.\n");
        }
        b.append("\n## Progress\n\n| generation | evaluations | hypervolume | front |\n|---|---|---|---|\n");
        List<GenerationStats> h = run.history();
        int step = Math.max(1, h.size() / 12);
        for (int k = 0; k < h.size(); k++) {
            if (k % step == 0 || k == h.size() - 1) {
                GenerationStats g = h.get(k);
                b.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %d |%n", g.generation(), g.evaluations(),
                        g.hypervolume(), g.frontSize()));
            }
        }
        b.append("\n").append(referenceText()).append("\n");
        return b.toString();
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }

    /** The front as CSV (the columns of {@code front.csv}). */
    @Override
    public String csv() {
        return RunFiles.candidatesCsv(deviceIds(), run.constraints(), run.front());
    }

    /** Everything the HTML shows, as data. */
    @Override
    public String json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("partial", !run.finished());
        ObjectNode s = o.putObject("summary");
        for (String[] r : summary()) {
            s.put(r[0], r[1]);
        }
        o.put("space", run.space());
        o.put("algorithm", run.algorithm());
        o.put("seed", run.seed());
        o.put("feasible", run.feasible());
        ArrayNode budgets = o.putArray("budgets");
        run.constraints().forEach(k -> budgets.add(k.key()));
        ArrayNode front = o.putArray("front");
        for (Candidate c : run.front()) {
            front.add(RunFiles.row(run.spaceArgs(), run.devices(), run.constraints(), c));
        }
        ArrayNode viol = o.putArray("violations");
        for (Candidate c : run.violations()) {
            viol.add(RunFiles.row(run.spaceArgs(), run.devices(), run.constraints(), c));
        }
        if (Double.isNaN(run.violationRate())) {
            o.putNull("violation_rate");
        } else {
            o.put("violation_rate", run.violationRate());
        }
        ObjectNode preds = o.putObject("predictors");
        for (RunData.Device d : run.devices()) {
            double[][] p = parityPairs(d.id());
            if (p[0].length >= 2) {
                Metrics m = Metrics.of(p[0], p[1]);
                Map<String, Object> mm = new LinkedHashMap<>();
                mm.put("n", m.n());
                mm.put("within10", m.within10());
                mm.put("within5", m.within5());
                mm.put("mape", m.mape());
                mm.put("rmse_ms", m.rmseMs());
                mm.put("spearman", m.spearman());
                mm.put("kendall", m.kendall());
                preds.set(d.id(), JSON.valueToTree(mm));
            }
        }
        ArrayNode hist = o.putArray("history");
        for (GenerationStats g : run.history()) {
            hist.addObject().put("generation", g.generation()).put("evaluations", g.evaluations())
                    .put("hypervolume", g.hypervolume()).put("front_size", g.frontSize()).put("measured", g.measured());
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the accuracy axis holds: % for tables and training, minus a loss for a scaling law. */
    private String accuracyLabel() {
        return run.accuracyOracle().startsWith("scaling:") ? "minus the loss (nats per token)" : "accuracy (%)";
    }
}
