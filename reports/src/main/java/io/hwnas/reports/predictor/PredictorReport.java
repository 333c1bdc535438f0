package io.hwnas.reports.predictor;

import io.hwnas.reports.Report;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.reports.chart.Charts;
import io.hwnas.reports.chart.Svg;
import io.hwnas.reports.html.Html;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.XYChart;

/**
 * The report of a predictor's evaluation on held-out measurements: its figures in every anchor paper's terms, the
 * parity plot with the ±10 % band, the error against latency, and the worst predictions. As HTML, Markdown, CSV
 * (every prediction) or JSON.
 */
public final class PredictorReport implements Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WORST = 15;

    private final PredictorEvaluation e;

    public PredictorReport(PredictorEvaluation evaluation) {
        this.e = Objects.requireNonNull(evaluation, "evaluation");
    }

    private String title() {
        return "hwnas predictor: " + e.predictor() + " on " + e.device() + " (" + e.space() + ")";
    }

    private List<String[]> summary() {
        List<String[]> r = new ArrayList<>();
        r.add(new String[] {"predictor", e.predictor()});
        r.add(new String[] {"space", e.space()});
        r.add(new String[] {"device", e.device()});
        r.add(new String[] {"data", e.source()});
        r.add(new String[] {"protocol", e.protocol() + ": " + e.nTrain() + " trained on, " + e.nTest() + " predicted"});
        r.add(new String[] {"within ±10 %", pct(e.within10())});
        r.add(new String[] {"within ±5 %", pct(e.within5())});
        r.add(new String[] {"MAPE", pct(e.mape())});
        r.add(new String[] {"RMSE", String.format(Locale.ROOT, "%.4f ms", e.rmseMs())});
        r.add(new String[] {"Spearman", String.format(Locale.ROOT, "%.4f", e.spearman())});
        r.add(new String[] {"Kendall", String.format(Locale.ROOT, "%.4f", e.kendall())});
        r.add(new String[] {"speed", String.format(Locale.ROOT, "%.2f µs a prediction; trained in %.2f s",
                e.predictUs(), e.trainSeconds())});
        if (!e.datasetSha256().isEmpty()) {
            r.add(new String[] {"dataset SHA-256", e.datasetSha256()});
        }
        return r;
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    public XYChart parityChart() {
        double[] m = e.items().stream().mapToDouble(PredictorEvaluation.Item::measuredMs).toArray();
        double[] p = e.items().stream().mapToDouble(PredictorEvaluation.Item::predictedMs).toArray();
        return Charts.parity("Predicted against measured on " + e.device(), m, p);
    }

    public XYChart errorChart() {
        XYChart c = Charts.chart("Relative error against latency", "measured latency (ms)",
                "relative error (predicted / measured - 1, %)");
        double[] m = e.items().stream().mapToDouble(PredictorEvaluation.Item::measuredMs).toArray();
        double[] err = e.items().stream().mapToDouble(i -> 100 * (i.predictedMs() / i.measuredMs() - 1)).toArray();
        Charts.points(c, "predictions (" + m.length + ")", m, err, Charts.BLUE);
        double lo = 0;
        double hi = 0;
        for (double v : m) {
            hi = Math.max(hi, v);
        }
        Charts.line(c, "±10 %", new double[] {lo, hi}, new double[] {10, 10}, Charts.ORANGE, true);
        Charts.line(c, "-10 %", new double[] {lo, hi}, new double[] {-10, -10}, Charts.ORANGE, true)
                .setShowInLegend(false);
        return c;
    }

    private List<PredictorEvaluation.Item> worst() {
        return e.items().stream().sorted(Comparator.comparingDouble((PredictorEvaluation.Item i) ->
                Math.abs(i.predictedMs() / i.measuredMs() - 1)).reversed()).limit(WORST).toList();
    }

    @Override
    public String html() {
        StringBuilder b = new StringBuilder("<h1>").append(Html.escape(title())).append("</h1>\n");
        b.append("<p class=\"lead\">How close the predictor comes to measurements it was not trained on.</p>\n");
        b.append("<h2>Summary</h2>\n").append(Html.keyValues(summary()));
        b.append("<h2>Parity</h2>\n<div class=\"charts\"><div class=\"chart\">").append(Svg.inline(parityChart()))
                .append("</div><div class=\"chart\">").append(Svg.inline(errorChart())).append("</div></div>\n");
        b.append("<p class=\"caption\">A point on the black line is predicted exactly; between the dashed lines it is "
                + "within ±10 % of the measurement.</p>\n");
        b.append("<h2>The worst predictions</h2>\n<table class=\"sortable\"><thead><tr><th>measured (ms)</th>"
                + "<th>predicted (ms)</th><th>error</th><th>architecture</th></tr></thead>\n<tbody>\n");
        for (PredictorEvaluation.Item i : worst()) {
            double rel = i.predictedMs() / i.measuredMs() - 1;
            b.append("<tr><td class=\"num\" data-v=\"").append(i.measuredMs()).append("\">")
                    .append(String.format(Locale.ROOT, "%.3f", i.measuredMs())).append("</td><td class=\"num\" data-v=\"")
                    .append(i.predictedMs()).append("\">").append(String.format(Locale.ROOT, "%.3f", i.predictedMs()))
                    .append("</td><td class=\"num\" data-v=\"").append(rel).append("\">")
                    .append(String.format(Locale.ROOT, "%+.1f %%", 100 * rel)).append("</td><td class=\"arch\">")
                    .append(Html.escape(i.architecture())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<p>").append(Html.download("predictions.csv", "text/csv", csv(),
                "Download every prediction (CSV, " + e.items().size() + " rows)")).append("</p>\n");
        b.append("<footer>Made by hwnas. Charts drawn with XChart. This page loads nothing from the network."
                + "</footer>\n");
        return Html.page(title(), b.toString());
    }

    @Override
    public String markdown() {
        StringBuilder b = new StringBuilder("# ").append(title()).append("\n\n| | |\n|---|---|\n");
        for (String[] r : summary()) {
            b.append("| ").append(r[0]).append(" | ").append(r[1].replace("|", "\\|")).append(" |\n");
        }
        b.append("\n## The worst predictions\n\n| measured (ms) | predicted (ms) | error | architecture |\n"
                + "|---|---|---|---|\n");
        for (PredictorEvaluation.Item i : worst()) {
            b.append(String.format(Locale.ROOT, "| %.3f | %.3f | %+.1f %% | `%s` |%n", i.measuredMs(),
                    i.predictedMs(), 100 * (i.predictedMs() / i.measuredMs() - 1), i.architecture()));
        }
        return b.toString();
    }

    /** Every prediction. */
    @Override
    public String csv() {
        StringBuilder b = new StringBuilder("architecture,measured_ms,predicted_ms,std_ms\n");
        for (PredictorEvaluation.Item i : e.items()) {
            String a = i.architecture();
            b.append(a.contains(",") || a.contains("\"") ? '"' + a.replace("\"", "\"\"") + '"' : a).append(',')
                    .append(i.measuredMs()).append(',').append(i.predictedMs()).append(',')
                    .append(Double.isNaN(i.stdMs()) ? "" : Double.toString(i.stdMs())).append('\n');
        }
        return b.toString();
    }

    @Override
    public String json() {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode s = o.putObject("summary");
        for (String[] r : summary()) {
            s.put(r[0], r[1]);
        }
        o.put("within10", e.within10());
        o.put("within5", e.within5());
        o.put("mape", e.mape());
        o.put("rmse_ms", e.rmseMs());
        o.put("spearman", e.spearman());
        o.put("kendall", e.kendall());
        ArrayNode items = o.putArray("items");
        for (PredictorEvaluation.Item i : e.items()) {
            items.addObject().put("arch", i.architecture()).put("measured_ms", i.measuredMs())
                    .put("predicted_ms", i.predictedMs());
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
