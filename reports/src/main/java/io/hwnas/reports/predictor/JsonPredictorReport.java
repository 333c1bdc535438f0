package io.hwnas.reports.predictor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.reports.json.JsonText;

/** The predictor report as JSON: the summary, the figures as numbers, and every prediction. */
public final class JsonPredictorReport {

    private final PredictorEvaluation e;

    public JsonPredictorReport(PredictorEvaluation evaluation) {
        this.e = evaluation;
    }

    public String render() {
        ObjectNode o = JsonText.object();
        ObjectNode s = o.putObject("summary");
        for (String[] r : PredictorText.summary(e)) {
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
        return JsonText.write(o);
    }
}
