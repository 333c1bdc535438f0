package io.hwnas.core.measure.trace;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.stats.Stats;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The kernels one model ran on one device, in execution order, with their median durations.
 *
 * <p>Under drift control the trace also timed a reference model in alternation with its kept runs
 * ({@code drift}); once that reading is calibrated against the device's baseline, the trace has a
 * {@linkplain #speedFactor() speed factor} and {@link #correctedKernels()} are the kernels' times on the machine at
 * its baseline speed (raw time / speed factor), the labels the kernel predictor learns from. {@link #kernels()}
 * stay the raw times.
 *
 * <pre>{@code
 * double us = trace.correctedKernels().get(0).medianUs();   // == kernels().get(0).medianUs() / speedFactor
 * }</pre>
 *
 * @param model            the model file's name (or label)
 * @param deviceId         the device profile the session used
 * @param settings         its runtime settings (threads, optimisation level, ...)
 * @param ortVersion       the ONNX Runtime version, e.g. {@code 1.29.0}
 * @param plan             warm-up and kept runs
 * @param kernels          one entry per kernel, in the order the first kept run executed them
 * @param modelRunsUs      ORT's own {@code model_run} duration of each kept run, profiling included
 * @param traceMs          wall time of the whole trace: session creation, all runs, parsing
 * @param drift            the reference's runs, one beside each kept run (paired with {@code modelRunsUs}), or null
 *                         for a trace without drift control
 */
public record KernelTrace(String model, String deviceId, DeviceSettings settings, String ortVersion, TracePlan plan,
        List<KernelTiming> kernels, List<Double> modelRunsUs, double traceMs, DriftReading drift) {

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
        if (drift != null && drift.referenceSamplesMs().size() != modelRunsUs.size()) {
            throw new IllegalArgumentException("trace of model " + model + " pairs " + modelRunsUs.size()
                    + " runs with " + drift.referenceSamplesMs().size() + " reference runs");
        }
    }

    /** A trace without drift control. */
    public KernelTrace(String model, String deviceId, DeviceSettings settings, String ortVersion, TracePlan plan,
            List<KernelTiming> kernels, List<Double> modelRunsUs, double traceMs) {
        this(model, deviceId, settings, ortVersion, plan, kernels, modelRunsUs, traceMs, null);
    }

    /** The reference's reading, when the trace was drift-controlled. */
    public Optional<DriftReading> driftReading() {
        return Optional.ofNullable(drift);
    }

    /** This trace with its reading calibrated against the baseline of its reference on this device. */
    public KernelTrace calibrated(double baselineMs) {
        if (drift == null) {
            throw new IllegalStateException("trace of model " + model + " on " + deviceId + " has no reference "
                    + "reading to calibrate (traced without drift control)");
        }
        return new KernelTrace(model, deviceId, settings, ortVersion, plan, kernels, modelRunsUs, traceMs,
                drift.calibrated(baselineMs));
    }

    /**
     * How much slower the machine ran than its baseline while traced (1.2: 20 % slower): the reference's median over
     * the trace / its baseline; empty without drift control or before calibration.
     */
    public OptionalDouble speedFactor() {
        return drift != null && drift.isCalibrated() ? OptionalDouble.of(drift.speedFactor()) : OptionalDouble.empty();
    }

    /**
     * The kernels with their times divided by the {@linkplain #speedFactor() speed factor}; {@link #kernels()}
     * themselves when the trace has none.
     */
    public List<KernelTiming> correctedKernels() {
        OptionalDouble f = speedFactor();
        return f.isEmpty() ? kernels : kernels.stream().map(k -> k.corrected(f.getAsDouble())).toList();
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
