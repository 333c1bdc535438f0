package io.hwnas.profilers.ort;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;

/** A device's runtime settings as ONNX Runtime session options: the one mapping the profiler and tracer share. */
public final class OrtSessions {

    private OrtSessions() {}

    /** Sets threads, optimisation level and execution mode of {@code options} from {@code settings}. */
    public static void apply(DeviceSettings settings, OrtSession.SessionOptions options) throws OrtException {
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(settings.interOpThreads());
        options.setOptimizationLevel(optLevel(settings));
        options.setExecutionMode(settings.executionMode() == ExecutionMode.PARALLEL
                ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    }

    static OrtSession.SessionOptions.OptLevel optLevel(DeviceSettings settings) {
        return switch (settings.optimizationLevel()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case LAYOUT -> OrtSession.SessionOptions.OptLevel.LAYOUT_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        };
    }
}
