package io.hwnas.predictors.kernel;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.nio.file.Path;

/** The kernel predictor keeps the contract every predictor keeps, with the traces its context lends. */
class KernelContractTest extends LatencyPredictorContract {

    @Override
    protected PredictorProvider provider() {
        return new KernelProvider();
    }

    @Override
    protected PredictorContext context(SearchSpace space, long seed, Path home) {
        return PredictorContext.of(space, seed, home).withTracer(new RooflineTraces());
    }
}
