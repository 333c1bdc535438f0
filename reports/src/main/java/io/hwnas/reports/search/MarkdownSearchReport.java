package io.hwnas.reports.search;

import io.hwnas.core.predict.Metrics;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import java.util.List;
import java.util.Locale;

/**
 * The search report as Markdown, for a pull request or a wiki: summary, the front, the predictor's figures, the
 * search's progress.
 */
public final class MarkdownSearchReport {

    private final SearchFacts f;

    public MarkdownSearchReport(SearchFacts facts) {
        this.f = facts;
    }

    public String render() {
        StringBuilder b = new StringBuilder("# ").append(SearchText.title(f)).append("\n\n");
        if (!f.progress().finished()) {
            b.append("> **Partial report**: the search was stopped after generation ")
                    .append(f.progress().generations())
                    .append("; this is what it had done by its last checkpoint.\n\n");
        }
        if (!f.outcome().feasible()) {
            b.append("> **No candidate meets the budgets**; the front holds the closest candidates.\n\n");
        }
        b.append("| | |\n|---|---|\n");
        for (String[] r : SearchText.summary(f)) {
            b.append("| ").append(md(r[0])).append(" | ").append(md(r[1])).append(" |\n");
        }
        front(b);
        if (!f.pruned().isEmpty()) {
            b.append("\n## Pruning beside the search\n\n").append(md(PruneText.compute(f))).append("\n");
            for (PrunedFront p : f.pruned()) {
                b.append("\n### ").append(md(p.label())).append(" (on ").append(md(p.device())).append(")\n\n|");
                PruneText.HEADER.forEach(h -> b.append(h.isEmpty() ? " |" : " " + md(h) + " |"));
                b.append("\n|").append("---|".repeat(PruneText.HEADER.size())).append("\n");
                for (String[] r : PruneText.rows(p)) {
                    b.append("|");
                    for (String cell : r) {
                        b.append(' ').append(md(cell)).append(" |");
                    }
                    b.append("\n");
                }
            }
        }
        for (SearchFacts.Parity p : f.parity()) {
            Metrics m = p.metrics();
            b.append("\n## Predictor on ").append(md(p.device())).append("\n\n").append(String.format(Locale.ROOT,
                    "%d candidates measured after a prediction: %.1f %% within ±10 %%, MAPE %.1f %%, Spearman "
                            + "%.3f.%n", m.n(), 100 * m.within10(), 100 * m.mape(), m.spearman()));
        }
        if (!f.outcome().violations().isEmpty()) {
            b.append("\n").append(f.outcome().violations().size())
                    .append(" candidates were predicted within the budgets and measured over them; `front.json` "
                            + "lists them under `violations`.\n");
        }
        speed(b);
        progress(b);
        b.append("\n").append(SearchText.reference(f)).append("\n");
        return b.toString();
    }

    private void front(StringBuilder b) {
        b.append("\n## Pareto front\n\n| # | ").append(f.asked().accuracy().label()).append(" |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (SearchFacts.Device d : f.asked().devices()) {
            b.append(' ').append(md(d.id())).append(" (ms) |");
            rule.append("---|");
            if (d.loop()) {
                b.append(' ').append(md(d.id())).append(" predicted (ms) |");
                rule.append("---|");
            }
        }
        b.append(" params (M) | feasible | architecture |\n").append(rule).append("---|---|---|\n");
        int i = 0;
        for (SearchFacts.Member m : f.frontByLatency()) {
            b.append("| ").append(++i).append(" | ").append(String.format(Locale.ROOT, "%.2f", m.accuracy()))
                    .append(" |");
            for (SearchFacts.Device d : f.asked().devices()) {
                LatencyEstimate e = m.latency(d.id());
                b.append(String.format(Locale.ROOT, " %.3f |", e.bestMs()));
                if (d.loop()) {
                    b.append(e.isPredicted() ? String.format(Locale.ROOT, " %.3f |", e.predictedMs()) : " - |");
                }
            }
            double params = m.graph().params();
            b.append(Double.isNaN(params) ? " - |" : String.format(Locale.ROOT, " %.3f |", params / 1e6))
                    .append(m.feasible() ? " yes |" : " **no** |").append(" `").append(m.arch()).append("` |\n");
        }
    }

    /** Each device's speed factor over the run, or the one line saying why there is none. */
    private void speed(StringBuilder b) {
        MachineSpeed s = f.speed();
        b.append("\n## Machine speed\n\n");
        if (s.none().isPresent()) {
            b.append(s.none().get()).append('\n');
            return;
        }
        b.append("Latencies are ").append(SearchText.latencies(s)).append("; every measurement is in `speed.csv`. "
                + "A speed factor of 1.2 means the machine ran 20 % slower than its baseline.\n\n")
                .append("| device | measurements | speed factor: median | min | max | flagged unsteady |\n")
                .append("|---|---|---|---|---|---|\n");
        for (MachineSpeed.DeviceSpeed d : s.devices()) {
            b.append("| ").append(md(d.device())).append(" | ").append(d.measurements()).append(" | ")
                    .append(fixed(d.median(), 1)).append(" | ").append(fixed(d.min(), 1)).append(" | ")
                    .append(fixed(d.max(), 1)).append(" | ").append(fixed(d.unsteadyShare(), 100)).append(
                            Double.isNaN(d.unsteadyShare()) ? " |\n" : " % |\n");
        }
    }

    /** About twelve rows of the history, and always its last. */
    private void progress(StringBuilder b) {
        b.append("\n## Progress\n\n| generation | evaluations | hypervolume | front |\n|---|---|---|---|\n");
        List<GenerationStats> h = f.progress().history();
        int step = Math.max(1, h.size() / 12);
        for (int k = 0; k < h.size(); k++) {
            if (k % step == 0 || k == h.size() - 1) {
                GenerationStats g = h.get(k);
                b.append(String.format(Locale.ROOT, "| %d | %d | %.4f | %d |%n", g.generation(), g.evaluations(),
                        g.hypervolume(), g.frontSize()));
            }
        }
    }

    /** {@code v * scale} with three decimals (one for a percentage), or {@code -} for NaN. */
    private static String fixed(double v, double scale) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, scale == 100 ? "%.1f" : "%.3f", v * scale);
    }

    private static String md(String s) {
        return s.replace("|", "\\|");
    }
}
