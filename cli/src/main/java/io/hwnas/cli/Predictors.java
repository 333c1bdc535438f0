package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.profilers.trace.OrtKernelTracer;
import java.nio.file.Path;
import java.util.List;

/** The predictor plugins found on the class path, and the context every command gives them. */
public final class Predictors {

    /** The predictor a command uses when none is named: the best we have. */
    public static final String DEFAULT = "weka";

    private Predictors() {}

    public static PredictorRegistry registry() {
        return PredictorRegistry.discover(Predictors.class.getClassLoader());
    }

    public static PredictorContext context(SearchSpace space, long seed) {
        return context(space, seed, List.of());
    }

    /**
     * The kernel predictor traces with ONNX Runtime on the devices every command knows: the built-ins, the profiles
     * in {@code $HWNAS_HOME/devices} and in each of {@code deviceDirs}, and the plugins (read on its first trace).
     */
    public static PredictorContext context(SearchSpace space, long seed, List<Path> deviceDirs) {
        return PredictorContext.of(space, seed, HwnasHome.fromEnvironment().dir())
                .withTracer(new OrtKernelTracer(() -> Devices.registry(deviceDirs)));
    }
}
