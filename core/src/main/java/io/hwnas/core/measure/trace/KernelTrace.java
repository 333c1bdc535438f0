package io.hwnas.core.measure.trace;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.stats.Stats;
import java.util.List;
import java.util.Objects;

/**
 * The kernels one model ran on one device, in execution order, with their median durations.
 *
 * @param model            the model file's name (or label)
 * @param deviceId         the device profile the session used
 * @param settings         its runtime settings (threads, optimisation level, ...)
 * @param ortVersion       the ONNX Runtime version, e.g. {@code 1.29.0}
 * @param plan             warm-up and kept runs
 * @param kernels          one entry per kernel, in the order the first kept run executed them
 * @param modelRunsUs      ORT's own {@code model_run} duration of each kept run, profiling included
 * @param traceMs          wall time of the whole trace: session creation, all runs, parsing
 */
public record KernelTrace(String model, String deviceId, DeviceSettings settings, String ortVersion, TracePlan plan,
        List<KernelTiming> kernels, List<Double> modelRunsUs, double traceMs) {

    public KernelTrace {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ortVersion, "ortVersion");
        Objects.requireNonNull(plan, "plan");
        kernels = List.copyOf(kernels);
        modelRunsUs = List.copyOf(modelRunsUs);
        if (modelRunsUs.isEmpty()) {
            throw new IllegalArgumentException("trace of model " + model + " has no runs");
        }
        if (kernels.isEmpty()) {
            throw new IllegalArgumentException("trace of model " + model + " has no kernels");
        }
    }

    /** Median {@code model_run} duration of the kept runs. */
    public double modelRunMedianUs() {
        return Stats.median(modelRunsUs);
    }

    /**
     * Shortest {@code model_run} of the kept runs: on a machine shared with other work, the run least disturbed by
     * it.
     */
    public double modelRunMinUs() {
        return modelRunsUs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** Sum of the kernels' medians, in microseconds: the time inside kernels, without the executor's overhead. */
    public double kernelSumUs() {
        return kernels.stream().mapToDouble(KernelTiming::medianUs).sum();
    }

    /** The share of kernel time in kernels that carry an IR node's name. */
    public double attributedShare() {
        double sum = kernelSumUs();
        return sum == 0 ? 0 : kernels.stream().filter(KernelTiming::attributed).mapToDouble(KernelTiming::medianUs)
                .sum() / sum;
    }
}
