package io.hwnas.reports.search;

import io.hwnas.reports.html.Html;
import java.util.List;
import java.util.Locale;

/**
 * Candidates as an HTML table: accuracy, latency on every device (and what a predictor in the loop said), the
 * network's size, feasibility and the command that exports each. Numbers carry their exact value for sorting.
 */
final class HtmlFrontTable {

    private final SearchFacts f;

    HtmlFrontTable(SearchFacts facts) {
        this.f = facts;
    }

    /** {@code rows} in their order; a sortable table sorts on a click on a header. */
    String render(List<SearchFacts.Member> rows, boolean sortable) {
        StringBuilder b = new StringBuilder("<table class=\"").append(sortable ? "sortable front" : "front")
                .append("\">\n<thead><tr><th>#</th><th>").append(Html.escape(f.asked().accuracy().label()))
                .append("</th>");
        for (SearchFacts.Device d : f.asked().devices()) {
            b.append("<th>").append(Html.escape(d.id())).append(" (ms)</th>");
            if (d.loop()) {
                b.append("<th>").append(Html.escape(d.id())).append(" predicted (ms)</th>");
            }
        }
        b.append("<th>params (M)</th><th>MFLOPs</th><th>peak memory (MB)</th><th>size (MB)</th><th>feasible</th>"
                + "<th>architecture (and the command that exports it)</th></tr></thead>\n<tbody>\n");
        int i = 0;
        for (SearchFacts.Member m : rows) {
            i++;
            b.append("<tr><td class=\"num\" data-v=\"").append(i).append("\">").append(i).append("</td>");
            row(b, m);
        }
        return b.append("</tbody></table>\n").toString();
    }

    private void row(StringBuilder b, SearchFacts.Member m) {
        num(b, m.accuracy(), "%.2f");
        for (SearchFacts.Device d : f.asked().devices()) {
            num(b, m.ms(d.id()), "%.3f");
            if (d.loop()) {
                num(b, m.latency(d.id()).predictedMs(), "%.3f");
            }
        }
        SearchFacts.Graph g = m.graph();
        num(b, g.params() / 1e6, "%.3f");
        num(b, g.flops() / 1e6, "%.1f");
        num(b, g.peakMemoryMb(), "%.3f");
        num(b, g.modelSizeMb(), "%.3f");
        b.append("<td data-v=\"").append(m.feasible() ? 1 : 0).append("\">").append(m.feasible() ? "yes"
                : "<span class=\"no\">no: " + Html.escape(String.join(", ", m.violated())) + "</span>").append("</td>");
        b.append("<td class=\"arch\">").append(Html.escape(m.arch()));
        if (m.export() != null) {
            b.append("<details><summary>export</summary><code>").append(Html.escape(m.export()))
                    .append("</code></details>");
        }
        b.append("</td></tr>\n");
    }

    private static void num(StringBuilder b, double v, String format) {
        if (Double.isNaN(v)) {
            b.append("<td class=\"num\" data-v=\"\">-</td>");
        } else {
            b.append("<td class=\"num\" data-v=\"").append(v).append("\">")
                    .append(String.format(Locale.ROOT, format, v)).append("</td>");
        }
    }
}
