package io.hwnas.reports.predictor;

import io.hwnas.core.table.Csv;
import io.hwnas.core.predict.PredictorEvaluation;

/** The predictor report as CSV: every prediction with its measurement and the predictor's spread, if it gives one. */
public final class CsvPredictorReport {

    private final PredictorEvaluation e;

    public CsvPredictorReport(PredictorEvaluation evaluation) {
        this.e = evaluation;
    }

    public String render() {
        StringBuilder b = new StringBuilder("architecture,measured_ms,predicted_ms,std_ms\n");
        for (PredictorEvaluation.Item i : e.items()) {
            String a = i.architecture();
            b.append(Csv.quote(a)).append(',')
                    .append(i.measuredMs()).append(',').append(i.predictedMs()).append(',')
                    .append(Double.isNaN(i.stdMs()) ? "" : Double.toString(i.stdMs())).append('\n');
        }
        return b.toString();
    }
}
