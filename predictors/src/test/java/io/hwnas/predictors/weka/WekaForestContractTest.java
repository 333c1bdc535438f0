package io.hwnas.predictors.weka;

import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.nio.file.Path;

/** A Weka learner with an uncertainty (a forest's spread) keeps the contract too. */
class WekaForestContractTest extends LatencyPredictorContract {

    /** Weka's home is per process: every Weka test uses the one {@link WekaProviderTest} checks. */
    @Override
    protected PredictorContext context(SearchSpace space, long seed, Path home) {
        return PredictorContext.of(space, seed, WekaProviderTest.HOME);
    }

    @Override
    protected PredictorProvider provider() {
        return new WekaProvider();
    }

    @Override
    protected String options() {
        return "weka.classifiers.trees.RandomForest -I 20";
    }
}
