package io.hwnas.core.predict;

import java.util.List;
import java.util.Objects;

/**
 * How well a latency predictor did on measurements it was not trained on: the error and rank metrics of every anchor
 * paper at once, its speed, and every (measured, predicted) pair for a parity plot. Made by the predictors module's
 * {@code Evaluator}; kept in core so that a report can be rebuilt from a saved evaluation alone.
 *
 * <pre>{@code
 * PredictorEvaluation e = PredictorEvaluation.builder()
 *         .predictor("lut").space("nb201").device("1080ti_1_ms").source("nb201_latency.csv#1080ti_1_ms")
 *         .protocol("holdout 0.8 seed 1").datasetSha256(sha).nTrain(800).nTest(200)
 *         .rmseMs(0.41).mape(0.031).within5(0.82).within10(0.97).spearman(0.95).kendall(0.83)
 *         .predictUs(0.4).trainSeconds(0.12).items(items)
 *         .build();
 * }</pre>
 *
 * @param predictor     the predictor's spec, {@code plugin[:options]}
 * @param space         search space name
 * @param device        device id or table column the latencies came from
 * @param source        where the measurements came from (file and column, or database and device)
 * @param protocol      how the data was split, e.g. {@code holdout 0.8 seed 1} or {@code 5-fold seed 1}
 * @param datasetSha256 SHA-256 of the whole dataset (before splitting), or empty when not known
 * @param nTrain        training rows (for k folds: the rows each fold trained on, rounded mean)
 * @param nTest         predicted rows (for k folds: every row, each predicted by the fold that held it out)
 * @param rmseMs        root mean squared error in ms
 * @param mape          mean absolute percentage error as a fraction (0.05 is 5 %)
 * @param within5       share of predictions within ±5 % of the measurement
 * @param within10      share within ±10 %
 * @param spearman      Spearman's rho, {@code NaN} when the predictions are all equal
 * @param kendall       Kendall's tau-b, {@code NaN} when the predictions are all equal
 * @param predictUs     mean microseconds per prediction, timed over the test set after a warm-up pass
 * @param trainSeconds  wall time spent training (for k folds: all folds together)
 * @param items         every prediction, in test order
 */
public record PredictorEvaluation(String predictor, String space, String device, String source, String protocol,
        String datasetSha256, int nTrain, int nTest, double rmseMs, double mape, double within5, double within10,
        double spearman, double kendall, double predictUs, double trainSeconds, List<Item> items) {

    public PredictorEvaluation {
        requireText("predictor", predictor);
        requireText("space", space);
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(source, "source");
        requireText("protocol", protocol);
        datasetSha256 = datasetSha256 == null ? "" : datasetSha256;
        if (nTrain < 1) {
            throw new IllegalArgumentException("nTrain must be >= 1, but was " + nTrain);
        }
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (nTest != items.size()) {
            throw new IllegalArgumentException("nTest must equal the number of items (" + items.size() + "), but was "
                    + nTest);
        }
        requireNonNegative("rmseMs", rmseMs);
        requireNonNegative("mape", mape);
        requireShare("within5", within5);
        requireShare("within10", within10);
        requireCorrelation("spearman", spearman);
        requireCorrelation("kendall", kendall);
        requireNonNegative("predictUs", predictUs);
        requireNonNegative("trainSeconds", trainSeconds);
    }

    /**
     * One held-out architecture.
     *
     * @param architecture the space's canonical string
     * @param stdMs        the predictor's own uncertainty, {@code NaN} when it gives none
     */
    public record Item(String architecture, double measuredMs, double predictedMs, double stdMs) {

        public Item {
            requireText("architecture", architecture);
            if (!(Double.isFinite(measuredMs) && measuredMs > 0)) {
                throw new IllegalArgumentException("measuredMs must be finite and > 0, but was " + measuredMs
                        + " for " + architecture);
            }
            if (!Double.isFinite(predictedMs)) {
                throw new IllegalArgumentException("predictedMs must be finite, but was " + predictedMs + " for "
                        + architecture);
            }
            if (!(Double.isNaN(stdMs) || stdMs >= 0)) {
                throw new IllegalArgumentException("stdMs must be >= 0 or NaN, but was " + stdMs + " for "
                        + architecture);
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().predictor(predictor).space(space).device(device).source(source).protocol(protocol)
                .datasetSha256(datasetSha256).nTrain(nTrain).nTest(nTest).rmseMs(rmseMs).mape(mape).within5(within5)
                .within10(within10).spearman(spearman).kendall(kendall).predictUs(predictUs)
                .trainSeconds(trainSeconds).items(items);
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
    }

    private static void requireNonNegative(String field, double value) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, but was " + value);
        }
    }

    private static void requireShare(String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], but was " + value);
        }
    }

    private static void requireCorrelation(String field, double value) {
        if (!(Double.isNaN(value) || (value >= -1 - 1e-9 && value <= 1 + 1e-9))) {
            throw new IllegalArgumentException(field + " must be in [-1, 1] or NaN, but was " + value);
        }
    }

    /** Collects the fields; {@link #build()} validates them. */
    public static final class Builder {
        private String predictor;
        private String space;
        private String device = "";
        private String source = "";
        private String protocol;
        private String datasetSha256 = "";
        private int nTrain;
        private int nTest;
        private double rmseMs;
        private double mape;
        private double within5;
        private double within10;
        private double spearman = Double.NaN;
        private double kendall = Double.NaN;
        private double predictUs;
        private double trainSeconds;
        private List<Item> items = List.of();

        private Builder() {}

        public Builder predictor(String predictor) {
            this.predictor = predictor;
            return this;
        }

        public Builder space(String space) {
            this.space = space;
            return this;
        }

        public Builder device(String device) {
            this.device = device;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder datasetSha256(String datasetSha256) {
            this.datasetSha256 = datasetSha256;
            return this;
        }

        public Builder nTrain(int nTrain) {
            this.nTrain = nTrain;
            return this;
        }

        public Builder nTest(int nTest) {
            this.nTest = nTest;
            return this;
        }

        public Builder rmseMs(double rmseMs) {
            this.rmseMs = rmseMs;
            return this;
        }

        public Builder mape(double mape) {
            this.mape = mape;
            return this;
        }

        public Builder within5(double within5) {
            this.within5 = within5;
            return this;
        }

        public Builder within10(double within10) {
            this.within10 = within10;
            return this;
        }

        public Builder spearman(double spearman) {
            this.spearman = spearman;
            return this;
        }

        public Builder kendall(double kendall) {
            this.kendall = kendall;
            return this;
        }

        public Builder predictUs(double predictUs) {
            this.predictUs = predictUs;
            return this;
        }

        public Builder trainSeconds(double trainSeconds) {
            this.trainSeconds = trainSeconds;
            return this;
        }

        /** The items; also sets {@code nTest} to their number. */
        public Builder items(List<Item> items) {
            this.items = items;
            this.nTest = items == null ? 0 : items.size();
            return this;
        }

        public PredictorEvaluation build() {
            return new PredictorEvaluation(predictor, space, device, source, protocol, datasetSha256, nTrain, nTest,
                    rmseMs, mape, within5, within10, spearman, kendall, predictUs, trainSeconds, items);
        }
    }
}
