package io.hwnas.predictors.weka;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.features.FeatureExtractor;
import io.hwnas.predictors.features.Features;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.store.PredictorRestorer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import weka.classifiers.Classifier;

/**
 * The {@code weka} predictor plugin: any Weka regressor on a space's {@link Features}, learning {@code ln(latency)}.
 *
 * <pre>
 * --predictor weka                                          the default, {@link WekaRegressorSpec#DEFAULT}
 * --predictor weka:weka.classifiers.trees.M5P -M 4
 * --predictor weka:weka.classifiers.functions.GaussianProcesses -L 0.1 -K "weka.classifiers.functions.supportVector.RBFKernel -G 0.02"
 * </pre>
 *
 * <p>One provider keeps one memoised extractor per space, so trainers and predictors made from it share feature
 * vectors (five devices of one table build each graph once).
 */
public final class WekaProvider implements PredictorProvider, PredictorRestorer {

    public static final String NAME = "weka";

    private final Map<String, FeatureExtractor> features = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "any Weka regressor by class name and options on the space's features, learning ln(latency); "
                + "default " + WekaRegressorSpec.DEFAULT.text();
    }

    /**
     * @throws IllegalArgumentException for an unknown class, one that cannot predict numbers, or an option Weka
     *                                  refuses, naming it
     */
    @Override
    public WekaTrainer trainer(String options, PredictorContext context) {
        WekaEnvironment.configure(context.home().resolve("weka"));
        return new WekaTrainer(WekaRegressorSpec.parse(options), context, features(context.space()));
    }

    @Override
    public String featureSchema(PredictorContext context) {
        return features(context.space()).schema().id();
    }

    @Override
    public LatencyPredictor restore(PredictorInfo info, byte[] model, LatencyDataset data, PredictorContext context)
            throws IOException, ClassNotFoundException {
        WekaTrainer trainer = trainer(info.options(), context);
        Object o;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(model))) {
            o = in.readObject();
        }
        if (!(o instanceof Classifier c)) {
            throw new InvalidClassException(o == null ? "null" : o.getClass().getName(), "not a weka classifier");
        }
        return trainer.restore(c, data);
    }

    /** The memoised extractor this provider feeds its models in {@code space}; warm it to time training alone. */
    public FeatureExtractor features(SearchSpace space) {
        return features.computeIfAbsent(space.name(), n -> Features.forSpace(space));
    }

    @Override
    public String toString() {
        return "WekaProvider";
    }
}
