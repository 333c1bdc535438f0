package io.hwnas.predictors.weka;

import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.predictors.spi.PredictorProvider;

/** The default Weka predictor keeps the contract every predictor keeps. */
class WekaContractTest extends LatencyPredictorContract {

    @Override
    protected PredictorProvider provider() {
        return new WekaProvider();
    }
}
