package io.hwnas.core.measure.trace;

/**
 * How many times to run a model while ONNX Runtime records per-kernel timings: {@code warmupRuns} whose events are
 * thrown away (the first run allocates, later ones warm caches), then {@code runs} whose medians are kept.
 *
 * <p>Profiling adds a few microseconds to every kernel, so a trace is for the split of time between kernels; take
 * whole-network latency from a measurement ({@link io.hwnas.core.measure.ModelRunner}).
 *
 * <pre>{@code
 * TracePlan quick = new TracePlan(3, 10);
 * }</pre>
 */
public record TracePlan(int warmupRuns, int runs) {

    public static final int DEFAULT_WARMUP_RUNS = 5;
    public static final int DEFAULT_RUNS = 20;

    public TracePlan {
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be >= 0, but was " + warmupRuns);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, but was " + runs);
        }
    }

    /** {@value #DEFAULT_WARMUP_RUNS} warm-up runs, {@value #DEFAULT_RUNS} kept runs. */
    public static TracePlan defaults() {
        return new TracePlan(DEFAULT_WARMUP_RUNS, DEFAULT_RUNS);
    }
}
