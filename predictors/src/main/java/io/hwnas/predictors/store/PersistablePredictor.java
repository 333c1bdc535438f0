package io.hwnas.predictors.store;

import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.LatencyPredictor;

/**
 * A predictor that {@link PredictorStore} can save: besides what it is ({@link #info()}), the seed and the data it
 * was trained on, so that it can be trained again where its model no longer loads, and its model's bytes.
 */
public interface PersistablePredictor extends LatencyPredictor {

    /** The seed it was trained with. */
    long seed();

    /** The rows it was trained on, in training order. */
    LatencyDataset trainingData();

    /** The trained model in the plugin's own encoding (Java serialisation for Weka); empty when there is none. */
    byte[] model();
}
