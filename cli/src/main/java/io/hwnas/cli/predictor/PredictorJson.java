package io.hwnas.cli.predictor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.transfer.SpecSheet;
import java.util.List;

/**
 * What the predictor commands print with {@code --json}, as records that Jackson writes (snake case, in the order
 * of their fields): the keys are an interface that scripts and later checks read.
 */
final class PredictorJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private PredictorJson() {}

    static String line(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code predictor eval}: one evaluation. */
    record Evaluation(String predictor, String space, String device, String protocol, int nTrain, int nTest,
            int nSkipped, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LatencyDataset.SetAside> setAside,
            double rmseMs, double mape, double within5, double within10, double spearman,
            double kendall, double predictUs, double trainSeconds, String datasetSha256) {

        static Evaluation of(PredictorEvaluation e, LatencyDataset data) {
            return new Evaluation(e.predictor(), e.space(), e.device(), e.protocol(), e.nTrain(), e.nTest(),
                    data.skipped(), data.setAside(), e.rmseMs(), e.mape(), e.within5(), e.within10(), e.spearman(),
                    e.kendall(), e.predictUs(), e.trainSeconds(), e.datasetSha256());
        }
    }

    /** {@code predictor train}: what was trained and saved. */
    record Trained(String file, String predictor, String space, String device, int nTrain, int nSkipped,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LatencyDataset.SetAside> setAside, double trainSeconds,
            String datasetSha256) {}

    /** {@code predictor transfer}: the few-shot transfer's error on the rows it did not see. */
    record Transfer(String target, int samples, long seed, int nTest, double spearman, double kendall,
            double within10, double within5, double mape, double rmseMs, Object sampled) {

        static Transfer of(String target, int samples, long seed, Metrics m, Object sampled) {
            return new Transfer(target, samples, seed, m.n(), m.spearman(), m.kendall(), m.within10(), m.within5(),
                    m.mape(), m.rmseMs(), sampled);
        }
    }

    /** {@code predictor spec-transfer}: one reference-target pair. */
    record SpecTransfer(String space, Device reference, Device target, int samples, long seed, Fit fit,
            List<Scored> results, Object sampled) {}

    record Device(String device, String data, int rows, double peakGflops, double bandwidthGbs, int cores) {
        static Device of(String id, LatencyDataset rows, SpecSheet sheet) {
            return new Device(id, rows.source(), rows.size(), sheet.peakGflops(), sheet.bandwidthGBs(),
                    sheet.cores());
        }
    }

    record Fit(double interceptMs, double computeWeight, double memoryWeight, double perOperatorMs,
            double overheadScale, double calibrationScale) {}

    record Scored(String method, int n, double mape, double spearman, double kendall, double within10,
            double within5, double rmseMs, double medianRatio) {
        static Scored of(String method, Metrics m, double medianRatio) {
            return new Scored(method, m.n(), m.mape(), m.spearman(), m.kendall(), m.within10(), m.within5(),
                    m.rmseMs(), medianRatio);
        }
    }
}
