package io.hwnas.reports.predictor;

import io.hwnas.core.predict.PredictorEvaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The words every format of the predictor report shares: its title, the summary's rows, the worst predictions. */
final class PredictorText {

    /** How many of the worst predictions the page and the Markdown list. */
    private static final int WORST = 15;

    private PredictorText() {}

    static String title(PredictorEvaluation e) {
        return "hwnas predictor: " + e.predictor() + " on " + e.device() + " (" + e.space() + ")";
    }

    /** The summary as (name, value) rows: what was predicted from what, and the figures of every anchor paper. */
    static List<String[]> summary(PredictorEvaluation e) {
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

    /** The predictions furthest from their measurements, relatively, the furthest first. */
    static List<PredictorEvaluation.Item> worst(PredictorEvaluation e) {
        return e.items().stream().sorted(Comparator.comparingDouble(PredictorText::relativeError).reversed())
                .limit(WORST).toList();
    }

    private static double relativeError(PredictorEvaluation.Item i) {
        return Math.abs(i.predictedMs() / i.measuredMs() - 1);
    }
}
