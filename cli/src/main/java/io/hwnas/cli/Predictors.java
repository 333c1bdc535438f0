package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.profilers.trace.OrtKernelTracer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
     * Its traces are not drift-controlled.
     */
    public static PredictorContext context(SearchSpace space, long seed, List<Path> deviceDirs) {
        return PredictorContext.of(space, seed, HwnasHome.fromEnvironment().dir())
                .withTracer(new OrtKernelTracer(() -> Devices.registry(deviceDirs)));
    }

    /**
     * As {@link #context(SearchSpace, long, List)}, and with drift control {@code ON} each trace also times the
     * nearest reference model and carries the machine's speed factor against the device's baseline in the
     * measurement database {@code database} (calibrated there once when missing, as measuring does), so that the
     * kernel predictor learns corrected kernel times. Calibrating, and a trace whose correction did not hold, are
     * told on {@code err} as {@code hwnas: ...}; the database is opened only then.
     */
    public static PredictorContext context(SearchSpace space, long seed, List<Path> deviceDirs, DriftControl drift,
            Path database, PrintWriter err) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(err, "err");
        return PredictorContext.of(space, seed, HwnasHome.fromEnvironment().dir())
                .withTracer(new OrtKernelTracer(() -> Devices.registry(deviceDirs), drift,
                        () -> SqliteMeasurementStore.open(database), line -> {
                            err.println("hwnas: " + line);
                            err.flush();
                        }));
    }
}
