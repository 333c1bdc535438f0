package io.hwnas.reports.predictor;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.reports.chart.Charts;
import org.knowm.xchart.XYChart;

/** The predictor report's charts: predicted against measured, and the relative error against latency. */
public final class PredictorCharts {

    private PredictorCharts() {}

    public static XYChart parity(PredictorEvaluation e) {
        return Charts.parity("Predicted against measured on " + e.device(), measured(e),
                e.items().stream().mapToDouble(PredictorEvaluation.Item::predictedMs).toArray());
    }

    public static XYChart error(PredictorEvaluation e) {
        XYChart c = Charts.chart("Relative error against latency", "measured latency (ms)",
                "relative error (predicted / measured - 1, %)");
        double[] m = measured(e);
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

    private static double[] measured(PredictorEvaluation e) {
        return e.items().stream().mapToDouble(PredictorEvaluation.Item::measuredMs).toArray();
    }
}
