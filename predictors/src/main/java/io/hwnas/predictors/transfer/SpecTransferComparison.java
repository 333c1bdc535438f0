package io.hwnas.predictors.transfer;

import io.hwnas.core.predict.Metrics;
import io.hwnas.core.stats.Stats;
import java.util.List;
import java.util.Objects;

/**
 * A spec transfer against the rooflines on one target ({@link SpecTransfer#compare}).
 *
 * @param transfer          the transfer fitted on the sampled reference rows
 * @param sampled           canonical strings of those rows, in draw order
 * @param calibrationScale  the one scale of the calibrated roofline: geometric mean of measured / roofline over the
 *                          sampled reference rows
 * @param scored            the roofline, the calibrated roofline and the transfer, in that order, against every
 *                          target row
 */
public record SpecTransferComparison(SpecTransferPredictor transfer, List<String> sampled, double calibrationScale,
        List<Scored> scored) {

    public SpecTransferComparison {
        Objects.requireNonNull(transfer, "transfer");
        sampled = List.copyOf(sampled);
        scored = List.copyOf(scored);
    }

    /**
     * One predictor's scores.
     *
     * @param medianRatio the median of predicted / measured: 1 is right, 0.1 ten times too fast. MAPE alone flatters
     *                    a predictor that is far too fast (its error cannot pass 100 %) against one too slow.
     */
    public record Scored(String method, Metrics metrics, double medianRatio) {

        public Scored {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(metrics, "metrics");
        }

        static Scored of(String method, double[] measured, double[] predicted) {
            double[] ratio = new double[measured.length];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = predicted[i] / measured[i];
            }
            return new Scored(method, Metrics.of(measured, predicted), Stats.median(ratio));
        }
    }
}
