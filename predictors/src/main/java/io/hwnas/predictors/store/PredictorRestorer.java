package io.hwnas.predictors.store;

import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorInfo;

/**
 * What a {@link io.hwnas.predictors.spi.PredictorProvider} implements, besides training, for {@link PredictorStore}
 * to load its saved models rather than train them again.
 */
public interface PredictorRestorer {

    /**
     * The id of the features this plugin feeds its models in {@code context}'s space, to refuse a saved predictor
     * that learned other ones; empty when it uses none.
     */
    String featureSchema(PredictorContext context);

    /**
     * The saved predictor, from its model bytes.
     *
     * @param context the space and home, with the saved seed
     * @throws Exception when the bytes do not load (a class changed since they were written); the store then trains
     *                   again from {@code data}
     */
    LatencyPredictor restore(PredictorInfo info, byte[] model, LatencyDataset data, PredictorContext context)
            throws Exception;
}
