package io.hwnas.reports.predictor;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.reports.chart.Svg;
import io.hwnas.reports.html.Html;
import java.util.Locale;

/**
 * The predictor report as one self-contained HTML page: the summary, the parity plot and the error against latency,
 * the worst predictions, and every prediction to download.
 */
public final class HtmlPredictorReport {

    private final PredictorEvaluation e;

    public HtmlPredictorReport(PredictorEvaluation evaluation) {
        this.e = evaluation;
    }

    public String render() {
        StringBuilder b = new StringBuilder("<h1>").append(Html.escape(PredictorText.title(e))).append("</h1>\n");
        b.append("<p class=\"lead\">How close the predictor comes to measurements it was not trained on.</p>\n");
        b.append("<h2>Summary</h2>\n").append(Html.keyValues(PredictorText.summary(e)));
        b.append("<h2>Parity</h2>\n<div class=\"charts\"><div class=\"chart\">")
                .append(Svg.inline(PredictorCharts.parity(e))).append("</div><div class=\"chart\">")
                .append(Svg.inline(PredictorCharts.error(e))).append("</div></div>\n");
        b.append("<p class=\"caption\">A point on the black line is predicted exactly; between the dashed lines it is "
                + "within ±10 % of the measurement.</p>\n");
        b.append("<h2>The worst predictions</h2>\n<table class=\"sortable\"><thead><tr><th>measured (ms)</th>"
                + "<th>predicted (ms)</th><th>error</th><th>architecture</th></tr></thead>\n<tbody>\n");
        for (PredictorEvaluation.Item i : PredictorText.worst(e)) {
            double rel = i.predictedMs() / i.measuredMs() - 1;
            b.append("<tr>");
            num(b, i.measuredMs(), String.format(Locale.ROOT, "%.3f", i.measuredMs()));
            num(b, i.predictedMs(), String.format(Locale.ROOT, "%.3f", i.predictedMs()));
            num(b, rel, String.format(Locale.ROOT, "%+.1f %%", 100 * rel));
            b.append("<td class=\"arch\">").append(Html.escape(i.architecture())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<p>").append(Html.download("predictions.csv", "text/csv",
                new CsvPredictorReport(e).render(), "Download every prediction (CSV, " + e.items().size()
                        + " rows)")).append("</p>\n");
        b.append("<footer>Made by hwnas. Charts drawn with XChart. This page loads nothing from the network."
                + "</footer>\n");
        return Html.page(PredictorText.title(e), b.toString());
    }

    /** A number's cell: its exact value to sort by, its text to read. */
    private static void num(StringBuilder b, double v, String text) {
        b.append("<td class=\"num\" data-v=\"").append(v).append("\">").append(text).append("</td>");
    }
}
