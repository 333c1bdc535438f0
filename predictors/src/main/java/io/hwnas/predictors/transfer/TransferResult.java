package io.hwnas.predictors.transfer;

import io.hwnas.core.predict.Metrics;
import java.util.List;
import java.util.Objects;

/**
 * One few-shot transfer trial on a table column.
 *
 * @param predictor the predictor fitted on the samples
 * @param sampled   canonical strings of the sampled target rows, in draw order
 * @param metrics   the predictor against every other target row that has a value ({@code metrics.n()} of them)
 */
public record TransferResult(TransferPredictor predictor, List<String> sampled, Metrics metrics) {

    public TransferResult {
        Objects.requireNonNull(predictor, "predictor");
        sampled = List.copyOf(sampled);
        Objects.requireNonNull(metrics, "metrics");
    }
}
