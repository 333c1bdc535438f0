package io.hwnas.predictors.spi;

import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.space.SearchSpace;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a provider may need to build a trainer: the space, the seed, the tool's home folder (Weka keeps its own
 * home under it), for analytic predictors the device's published figures, and for the kernel predictor a tracer of
 * networks on devices (lent by the command-line tool: ONNX Runtime's, on the devices it knows).
 *
 * <pre>{@code
 * PredictorContext c = PredictorContext.of(nb201, 1, home).withTracer(tracer);
 * }</pre>
 *
 * @param peakGflops        device peak GFLOP/s, or empty when unknown
 * @param bandwidthGBs      device memory bandwidth in GB/s, or empty when unknown
 * @param tracer            per-kernel timings of a network on a device; {@link KernelTracer#none()} when none is lent.
 *                          Whether its traces are drift-controlled is the tracer's: a trace with a speed factor gives
 *                          corrected kernel times ({@code KernelTrace.correctedKernels()}) as labels
 */
public record PredictorContext(SearchSpace space, long seed, Path home, OptionalDouble peakGflops,
        OptionalDouble bandwidthGBs, KernelTracer tracer) {

    public PredictorContext {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(home, "home");
        peakGflops = peakGflops == null ? OptionalDouble.empty() : peakGflops;
        bandwidthGBs = bandwidthGBs == null ? OptionalDouble.empty() : bandwidthGBs;
        tracer = tracer == null ? KernelTracer.none() : tracer;
    }

    /** Without a tracer. */
    public PredictorContext(SearchSpace space, long seed, Path home, OptionalDouble peakGflops,
            OptionalDouble bandwidthGBs) {
        this(space, seed, home, peakGflops, bandwidthGBs, KernelTracer.none());
    }

    public static PredictorContext of(SearchSpace space, long seed, Path home) {
        return new PredictorContext(space, seed, home, OptionalDouble.empty(), OptionalDouble.empty());
    }

    public PredictorContext withSeed(long seed) {
        return new PredictorContext(space, seed, home, peakGflops, bandwidthGBs, tracer);
    }

    public PredictorContext withTracer(KernelTracer tracer) {
        return new PredictorContext(space, seed, home, peakGflops, bandwidthGBs, tracer);
    }
}
