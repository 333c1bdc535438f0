package io.hwnas.reports.predictor;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.reports.Report;
import java.util.Objects;
import org.knowm.xchart.XYChart;

/**
 * The report of a predictor's evaluation on held-out measurements: its figures in every anchor paper's terms, the
 * parity plot with the ±10 % band, the error against latency, and the worst predictions. As HTML, Markdown, CSV
 * (every prediction) or JSON: each format renders the same {@link PredictorEvaluation}, which is the report's
 * whole model of the facts (an immutable record that a saved evaluation reads back).
 *
 * <pre>{@code
 * String html = new PredictorReport(evaluation).render("html");
 * }</pre>
 */
public final class PredictorReport implements Report {

    private final PredictorEvaluation e;

    public PredictorReport(PredictorEvaluation evaluation) {
        this.e = Objects.requireNonNull(evaluation, "evaluation");
    }

    public XYChart parityChart() {
        return PredictorCharts.parity(e);
    }

    public XYChart errorChart() {
        return PredictorCharts.error(e);
    }

    @Override
    public String html() {
        return new HtmlPredictorReport(e).render();
    }

    @Override
    public String markdown() {
        return new MarkdownPredictorReport(e).render();
    }

    /** Every prediction. */
    @Override
    public String csv() {
        return new CsvPredictorReport(e).render();
    }

    @Override
    public String json() {
        return new JsonPredictorReport(e).render();
    }
}
