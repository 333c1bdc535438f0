package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;

/** The predictor plugins found on the class path, and the context every command gives them. */
public final class Predictors {

    /** The predictor a command uses when none is named: the best we have. */
    public static final String DEFAULT = "weka";

    private Predictors() {}

    public static PredictorRegistry registry() {
        return PredictorRegistry.discover(Predictors.class.getClassLoader());
    }

    public static PredictorContext context(SearchSpace space, long seed) {
        return PredictorContext.of(space, seed, HwnasHome.fromEnvironment().dir());
    }
}
