package io.hwnas.predictors.weka;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.features.FeatureExtractor;
import io.hwnas.predictors.features.Features;
import io.hwnas.predictors.features.FeatureSchema;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import weka.classifiers.Classifier;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.core.Version;

/**
 * Trains a Weka regressor on {@code ln(latency ms)} from a space's features.
 *
 * <pre>{@code
 * WekaTrainer t = new WekaTrainer(WekaRegressorSpec.parse("weka.classifiers.trees.M5P -M 4"),
 *         PredictorContext.of(nb201, 42, home.dir()));
 * WekaPredictor p = t.train(table.dataset("1080ti_1_ms"));
 * }</pre>
 *
 * <p>Same data (rows in the same order), spec and seed give the same predictor: the regressor is seeded from the
 * seed, and features are computed in parallel but laid out in row order.
 */
public final class WekaTrainer implements PredictorTrainer {

    /** The name of the learned target: predictions are {@code exp} of it. */
    static final String TARGET = "ln_latency_ms";

    private final WekaRegressorSpec spec;
    private final SearchSpace space;
    private final long seed;
    private final FeatureExtractor features;

    /**
     * Checks the spec at once (unknown class, bad option, not a regressor), so a bad {@code --predictor} fails before
     * any data is read.
     *
     * @throws IllegalArgumentException naming the class or option
     */
    public WekaTrainer(WekaRegressorSpec spec, PredictorContext context, FeatureExtractor features) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(context, "context");
        this.space = context.space();
        this.seed = context.seed();
        this.features = Objects.requireNonNull(features, "features");
        WekaEnvironment.configure(context.home().resolve("weka"));
        WekaRegressors.create(spec, seed);
    }

    /** The space's {@linkplain Features#forSpace default features}. */
    public WekaTrainer(WekaRegressorSpec spec, PredictorContext context) {
        this(spec, context, Features.forSpace(context.space()));
    }

    public WekaRegressorSpec spec() {
        return spec;
    }

    public FeatureSchema schema() {
        return features.schema();
    }

    @Override
    public WekaPredictor train(LatencyDataset data) {
        Objects.requireNonNull(data, "data");
        if (!data.space().equals(space.name())) {
            throw new IllegalArgumentException("training data " + data.source() + " is of space '" + data.space()
                    + "', but this trainer is for '" + space.name() + "'");
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("need at least 2 records to train weka " + spec.shortName() + ", but "
                    + data.source() + " has " + data.size());
        }
        Instances instances = instances(data);
        Classifier model = WekaRegressors.create(spec, seed);
        try {
            model.buildClassifier(instances);
        } catch (Exception e) {
            throw new IllegalStateException("weka " + spec.shortName() + " failed to train on " + data.size()
                    + " rows of " + data.source() + ": " + e.getMessage(), e);
        }
        return new WekaPredictor(info(data), seed, data, features, model, new Instances(instances, 0));
    }

    /** Rebuilds a predictor from a saved model without training. */
    WekaPredictor restore(Classifier model, LatencyDataset data) {
        return new WekaPredictor(info(data), seed, data, features, model,
                WekaPredictor.header(features.schema().names()));
    }

    private Instances instances(LatencyDataset data) {
        List<LatencyRecord> rs = data.records();
        // Graph building dominates; rows are independent and each lands at its own index, so order is kept.
        double[][] x = rs.parallelStream().map(r -> features.extract(r.architecture())).toArray(double[][]::new);
        Instances out = WekaPredictor.header(features.schema().names());
        out = new Instances(out, rs.size());
        int n = features.schema().size();
        for (int i = 0; i < rs.size(); i++) {
            double[] row = new double[n + 1];
            System.arraycopy(x[i], 0, row, 0, n);
            row[n] = Math.log(rs.get(i).latencyMs());
            out.add(new DenseInstance(1.0, row));
        }
        return out;
    }

    private PredictorInfo info(LatencyDataset data) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("target", "ln(latency ms); predictions are exp of the model's output");
        d.put("weka.version", Version.VERSION);
        d.put("seed", Long.toString(seed));
        d.put("train.rows", Integer.toString(data.size()));
        d.put("train.sha256", data.sha256());
        d.put("train.source", data.source());
        return new PredictorInfo(WekaProvider.NAME, spec.text(), space.name(), data.device(),
                features.schema().id(), d);
    }
}
