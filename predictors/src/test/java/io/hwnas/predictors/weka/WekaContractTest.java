package io.hwnas.predictors.weka;

import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.nio.file.Path;

/** The default Weka predictor keeps the contract every predictor keeps. */
class WekaContractTest extends LatencyPredictorContract {

    /** Weka's home is per process: every Weka test uses the one {@link WekaProviderTest} checks. */
    @Override
    protected PredictorContext context(SearchSpace space, long seed, Path home) {
        return PredictorContext.of(space, seed, WekaProviderTest.HOME);
    }

    @Override
    protected PredictorProvider provider() {
        return new WekaProvider();
    }
}
