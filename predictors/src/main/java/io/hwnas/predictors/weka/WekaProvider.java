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
import java.io.ObjectInputFilter;
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

    /** The longest array a saved model may hold. */
    private static final int MAX_ARRAY = 50_000_000;

    /**
     * What a saved Weka model may hold. A model is a Java-serialised object graph (Weka has no other format), and a
     * predictor file may come from someone else: reading it unfiltered would let its bytes build any class on the
     * class path, the usual way serialised data runs code. Weka's classes, hwnas's own regressors, plain JDK values
     * and collections, MTJ's matrices (Weka's linear algebra) are allowed; anything else is refused before it is
     * built, and so is an array past 50 million elements (a few bytes claiming gigabytes).
     */
    static final ObjectInputFilter MODEL_FILTER = ObjectInputFilter.Config.createFilter(
            "maxarray=" + MAX_ARRAY + ";weka.**;io.hwnas.predictors.weka.*;java.lang.*;java.util.*;java.math.*;"
                    + "java.text.*;no.uib.cipr.matrix.**;!*");

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
        String[] refused = {null};
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(model))) {
            in.setObjectInputFilter(check -> {
                ObjectInputFilter.Status s = MODEL_FILTER.checkInput(check);
                if (s == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                    refused[0] = check.arrayLength() > MAX_ARRAY ? "an array of " + check.arrayLength() + " elements"
                            : check.serialClass() == null ? "a graph past the filter's limits"
                            : check.serialClass().getName();
                }
                return s;
            });
            o = in.readObject();
        } catch (InvalidClassException e) {
            if (refused[0] == null) {
                throw e;
            }
            InvalidClassException named = new InvalidClassException("saved weka model holds " + refused[0]
                    + ", which a Weka model does not; refused before it was built");
            named.initCause(e);
            throw named;
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
