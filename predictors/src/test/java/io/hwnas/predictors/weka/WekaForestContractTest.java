package io.hwnas.predictors.weka;

import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.predictors.spi.PredictorProvider;

/** A Weka learner with an uncertainty (a forest's spread) keeps the contract too. */
class WekaForestContractTest extends LatencyPredictorContract {

    @Override
    protected PredictorProvider provider() {
        return new WekaProvider();
    }

    @Override
    protected String options() {
        return "weka.classifiers.trees.RandomForest -I 20";
    }
}
