package io.hwnas.reports.predictor;

import io.hwnas.core.predict.PredictorEvaluation;
import java.util.Locale;

/** The predictor report as Markdown: the summary and the worst predictions. */
public final class MarkdownPredictorReport {

    private final PredictorEvaluation e;

    public MarkdownPredictorReport(PredictorEvaluation evaluation) {
        this.e = evaluation;
    }

    public String render() {
        StringBuilder b = new StringBuilder("# ").append(PredictorText.title(e)).append("\n\n| | |\n|---|---|\n");
        for (String[] r : PredictorText.summary(e)) {
            b.append("| ").append(r[0]).append(" | ").append(r[1].replace("|", "\\|")).append(" |\n");
        }
        b.append("\n## The worst predictions\n\n| measured (ms) | predicted (ms) | error | architecture |\n"
                + "|---|---|---|---|\n");
        for (PredictorEvaluation.Item i : PredictorText.worst(e)) {
            b.append(String.format(Locale.ROOT, "| %.3f | %.3f | %+.1f %% | `%s` |%n", i.measuredMs(),
                    i.predictedMs(), 100 * (i.predictedMs() / i.measuredMs() - 1), i.architecture()));
        }
        return b.toString();
    }
}
