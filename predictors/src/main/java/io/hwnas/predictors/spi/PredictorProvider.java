package io.hwnas.predictors.spi;

/**
 * A predictor plugin, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.hwnas.predictors.spi.PredictorProvider}.
 *
 * <pre>{@code
 * PredictorTrainer t = registry.get("weka").trainer("weka.classifiers.trees.M5P -M 4", context);
 * LatencyPredictor p = t.train(dataset);
 * }</pre>
 */
public interface PredictorProvider {

    /** Short lower-case name, the part of {@code --predictor NAME[:options]} before the colon. */
    String name();

    /** One line for {@code --help} and listings. */
    String description();

    /**
     * A trainer for these options (the text after the colon; empty for defaults).
     *
     * @throws IllegalArgumentException naming the bad option
     */
    PredictorTrainer trainer(String options, PredictorContext context);
}
