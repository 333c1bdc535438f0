package io.hwnas.predictors.eval;

import io.hwnas.core.predict.Metrics;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains a predictor on part of a dataset and scores it on the rest, as a {@link PredictorEvaluation} that reports
 * can read without this module.
 *
 * <pre>{@code
 * PredictorEvaluation e = Evaluator.holdout(registry.trainer("lut", context), dataset, 0.8, 1);
 * System.out.printf("%s: MAPE %.1f %%, Spearman %.3f%n", e.predictor(), 100 * e.mape(), e.spearman());
 * }</pre>
 *
 * <p>Speed: {@code predictUs} is the wall time of one {@link LatencyPredictor#predictAll} over the test
 * architectures, after one untimed pass over the same list (so memoising predictors are timed warm), divided by
 * their number. {@code trainSeconds} is the wall time of {@link PredictorTrainer#train}.
 */
public final class Evaluator {

    private Evaluator() {}

    /** Trains on a seeded {@code trainFraction} of {@code dataset}, tests on the rest. */
    public static PredictorEvaluation holdout(PredictorTrainer trainer, LatencyDataset dataset, double trainFraction,
            long seed) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(dataset, "dataset");
        requireRows(dataset, 3);
        LatencyDataset.Split split = dataset.split(trainFraction, seed);
        Run run = run(trainer, split);
        return evaluation(run.predictorSpec, dataset, "holdout " + trainFraction + " seed " + seed,
                split.train().size(), run.items, run.trainNanos, run.predictNanos, run.items.size());
    }

    /**
     * {@code k} seeded folds; metrics over all out-of-fold predictions pooled (every row is predicted once, by the
     * fold that held it out). {@code nTrain} is the rounded mean training size, {@code trainSeconds} the sum over
     * folds.
     */
    public static PredictorEvaluation kFold(PredictorTrainer trainer, LatencyDataset dataset, int k, long seed) {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(dataset, "dataset");
        requireRows(dataset, 3);
        List<LatencyDataset.Split> folds = dataset.folds(k, seed);
        List<PredictorEvaluation.Item> items = new ArrayList<>();
        long trainNanos = 0;
        long predictNanos = 0;
        long trainRows = 0;
        String spec = null;
        for (LatencyDataset.Split fold : folds) {
            Run run = run(trainer, fold);
            items.addAll(run.items);
            trainNanos += run.trainNanos;
            predictNanos += run.predictNanos;
            trainRows += fold.train().size();
            spec = run.predictorSpec;
        }
        return evaluation(spec, dataset, k + "-fold seed " + seed, (int) Math.round((double) trainRows / k), items,
                trainNanos, predictNanos, items.size());
    }

    private static void requireRows(LatencyDataset dataset, int least) {
        if (dataset.size() < least) {
            throw new IllegalArgumentException("evaluation needs at least " + least + " rows, but " + dataset.source()
                    + " has " + dataset.size() + (dataset.skipped() > 0 ? " (" + dataset.setAsideText() + ")" : ""));
        }
    }

    private record Run(String predictorSpec, List<PredictorEvaluation.Item> items, long trainNanos,
            long predictNanos) {}

    private static Run run(PredictorTrainer trainer, LatencyDataset.Split split) {
        long t0 = System.nanoTime();
        LatencyPredictor predictor = trainer.train(split.train());
        long trainNanos = System.nanoTime() - t0;
        List<Architecture> archs = split.test().records().stream().map(LatencyRecord::architecture).toList();
        List<Prediction> predictions = predictor.predictAll(archs); // warm-up: JIT, memo, lazy tables
        long t1 = System.nanoTime();
        predictions = predictor.predictAll(archs);
        long predictNanos = System.nanoTime() - t1;
        if (predictions.size() != archs.size()) {
            throw new IllegalStateException(predictor.info().spec() + " predictAll returned " + predictions.size()
                    + " predictions for " + archs.size() + " architectures");
        }
        List<PredictorEvaluation.Item> items = new ArrayList<>(archs.size());
        for (int i = 0; i < archs.size(); i++) {
            LatencyRecord r = split.test().records().get(i);
            Prediction p = predictions.get(i);
            items.add(new PredictorEvaluation.Item(r.architecture().canonical(), r.latencyMs(), p.latencyMs(),
                    p.stdMs()));
        }
        return new Run(predictor.info().spec(), items, trainNanos, predictNanos);
    }

    private static PredictorEvaluation evaluation(String spec, LatencyDataset dataset, String protocol, int nTrain,
            List<PredictorEvaluation.Item> items, long trainNanos, long predictNanos, int predictions) {
        double[] measured = new double[items.size()];
        double[] predicted = new double[items.size()];
        for (int i = 0; i < measured.length; i++) {
            measured[i] = items.get(i).measuredMs();
            predicted[i] = items.get(i).predictedMs();
        }
        Metrics m = Metrics.of(measured, predicted);
        return PredictorEvaluation.builder()
                .predictor(spec).space(dataset.space()).device(dataset.device()).source(dataset.source())
                .protocol(protocol).datasetSha256(dataset.sha256()).nTrain(nTrain)
                .rmseMs(m.rmseMs()).mape(m.mape()).within5(m.within5()).within10(m.within10())
                .spearman(m.spearman()).kendall(m.kendall())
                .predictUs(predictNanos / 1e3 / predictions).trainSeconds(trainNanos / 1e9)
                .items(items)
                .build();
    }
}
