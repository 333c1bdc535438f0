package io.hwnas.predictors.weka;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.features.FeatureExtractor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.store.PersistablePredictor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import weka.classifiers.Classifier;
import weka.classifiers.IteratedSingleClassifierEnhancer;
import weka.classifiers.functions.GaussianProcesses;
import weka.classifiers.meta.Bagging;
import weka.classifiers.meta.RandomCommittee;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;

/**
 * A trained Weka regressor behind {@link io.hwnas.predictors.spi.LatencyPredictor}. It learned {@code ln(latency)}
 * from the features, so it predicts {@code exp} of its output: the median of a log-normal, which is what a
 * relative-error target wants (latencies span two orders of magnitude across spaces and devices, and ±10 % is the
 * same width in log space at 0.3 ms and at 30 ms).
 *
 * <p>The standard deviation is a Gaussian process's own ({@code getStandardDeviation}) or, for averaging ensembles
 * (Bagging, RandomForest, RandomCommittee), the spread of the members' outputs, both in log space and turned into ms
 * as a log-normal's; other regressors give none.
 *
 * <p>Thread-safe: Weka classifiers keep scratch state while predicting (IBk, MultilayerPerceptron), so calls into
 * the model take a lock; features are extracted, and memoised, outside it.
 */
public final class WekaPredictor implements PersistablePredictor {

    private final PredictorInfo info;
    private final long seed;
    private final LatencyDataset trainingData;
    private final FeatureExtractor features;
    private final Classifier model;
    private final Instances header;
    private final Classifier[] members;

    WekaPredictor(PredictorInfo info, long seed, LatencyDataset trainingData, FeatureExtractor features,
            Classifier model, Instances header) {
        this.info = Objects.requireNonNull(info, "info");
        this.seed = seed;
        this.trainingData = Objects.requireNonNull(trainingData, "trainingData");
        this.features = Objects.requireNonNull(features, "features");
        this.model = Objects.requireNonNull(model, "model");
        this.header = Objects.requireNonNull(header, "header");
        this.members = members(model);
    }

    /** Weka's dataset header for a feature layout: one numeric attribute per feature, then the class. */
    static Instances header(List<String> featureNames) {
        ArrayList<Attribute> atts = new ArrayList<>(featureNames.size() + 1);
        for (String n : featureNames) {
            atts.add(new Attribute(n));
        }
        atts.add(new Attribute(WekaTrainer.TARGET));
        Instances h = new Instances("hwnas", atts, 0);
        h.setClassIndex(atts.size() - 1);
        return h;
    }

    @Override
    public PredictorInfo info() {
        return info;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public LatencyDataset trainingData() {
        return trainingData;
    }

    /** The regressor's spec, as trained. */
    public WekaRegressorSpec spec() {
        return WekaRegressorSpec.parse(info.options());
    }

    @Override
    public Prediction predict(Architecture architecture) {
        double[] x = features.extract(architecture);
        double[] row = new double[x.length + 1];
        System.arraycopy(x, 0, row, 0, x.length);
        row[x.length] = weka.core.Utils.missingValue();
        Instance inst = new DenseInstance(1.0, row);
        inst.setDataset(header);
        double mu;
        double sigma = Double.NaN;
        synchronized (model) {
            try {
                if (members != null) {
                    // Bagging's numeric prediction is the members' mean: ask each member once for both.
                    double[] ms = meanAndSpread(inst);
                    mu = ms[0];
                    sigma = ms[1];
                } else {
                    mu = model.classifyInstance(inst);
                    if (model instanceof GaussianProcesses gp) {
                        sigma = gp.getStandardDeviation(inst);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("weka " + spec().shortName() + " failed to predict " + architecture
                        + ": " + e.getMessage(), e);
            }
        }
        if (!Double.isFinite(mu)) {
            throw new IllegalStateException("weka " + spec().shortName() + " predicted " + mu + " for " + architecture);
        }
        double median = Math.exp(mu);
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            return Prediction.of(median);
        }
        // Standard deviation of a log-normal with this median and log-space sigma.
        double s2 = sigma * sigma;
        return new Prediction(median, median * Math.sqrt(Math.expm1(s2) * Math.exp(s2)));
    }

    private double[] meanAndSpread(Instance inst) throws Exception {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (Classifier m : members) {
            double v = m.classifyInstance(inst);
            if (!weka.core.Utils.isMissingValue(v)) {
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        if (n == 0) {
            return new double[] {model.classifyInstance(inst), Double.NaN};
        }
        double mean = sum / n;
        return new double[] {mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean))};
    }

    /**
     * {@inheritDoc}
     *
     * <p>Empty for a model Weka cannot serialise (GaussianProcesses keeps an MTJ matrix that is not
     * {@code Serializable}): the saved file then holds its options, seed and rows, and loading trains it again, which
     * gives the same model.
     */
    @Override
    public byte[] model() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        synchronized (model) {
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(model);
            } catch (java.io.NotSerializableException e) {
                return new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise weka " + spec().shortName(), e);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The members of an averaging ensemble, whose spread is an uncertainty. Weka keeps them in a protected field
     * with no getter; a boosted ensemble's members fit residuals and their spread means nothing, so only
     * Bagging (RandomForest is one) and RandomCommittee are asked.
     */
    private static Classifier[] members(Classifier model) {
        if (!(model instanceof Bagging || model instanceof RandomCommittee)) {
            return null;
        }
        try {
            Field f = IteratedSingleClassifierEnhancer.class.getDeclaredField("m_Classifiers");
            f.setAccessible(true);
            Classifier[] m = (Classifier[]) f.get(model);
            return m == null || m.length < 2 ? null : m.clone();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // a later Weka without the field: predictions simply carry no spread
        }
    }

    @Override
    public String toString() {
        return "WekaPredictor[" + info.spec() + ", " + info.space() + "/" + info.device() + "]";
    }
}
