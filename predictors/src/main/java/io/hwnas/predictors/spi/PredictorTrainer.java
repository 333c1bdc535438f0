package io.hwnas.predictors.spi;

import io.hwnas.predictors.data.LatencyDataset;

/**
 * Holds a plugin's configuration and seed and turns measurements into an immutable {@link LatencyPredictor}. Training
 * twice on the same data with the same configuration gives the same predictor.
 */
public interface PredictorTrainer {

    LatencyPredictor train(LatencyDataset data);
}
