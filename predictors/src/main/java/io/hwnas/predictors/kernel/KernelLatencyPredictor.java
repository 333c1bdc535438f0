package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A network's latency as the sum of its kernels' latencies plus a fitted overhead (after nn-Meter): the graph is
 * split into the kernels ONNX Runtime would run ({@link KernelDetector}), each kernel's time comes from the regressor
 * of its type ({@link KernelRegressor}), and
 * {@code latency = intercept + scale · Σ kernels + perKernel · kernels} maps the sum to the measured latency.
 * Made by {@link KernelTrainer}; immutable and thread-safe.
 *
 * <pre>{@code
 * KernelLatencyPredictor p = (KernelLatencyPredictor) trainer.train(dataset);
 * double ms = p.predict(arch).latencyMs();
 * double mine = p.predictGraph(OnnxImporter.read(Path.of("mine.onnx"))).latencyMs();
 * p.breakdown(graph).forEach(k -> System.out.println(k.kernel().type() + " " + k.predictedUs()));
 * }</pre>
 */
public final class KernelLatencyPredictor implements LatencyPredictor, GraphLatencyPredictor {

    /**
     * The map from the kernels' predicted sum to a network's latency, fitted by least squares on the training
     * networks: the executor's work between kernels, and the difference between a kernel timed alone by the
     * profiler and in an unprofiled run.
     *
     * @param interceptMs per network (session run, inputs and outputs)
     * @param scale       multiplies the kernels' sum
     * @param perKernelMs per kernel (the executor's step between kernels)
     */
    public record Overhead(double interceptMs, double scale, double perKernelMs) {

        public Overhead {
            if (!Double.isFinite(interceptMs) || !Double.isFinite(scale) || !Double.isFinite(perKernelMs)) {
                throw new IllegalArgumentException("overhead must be finite, but was " + interceptMs + ", " + scale
                        + ", " + perKernelMs);
            }
        }

        double apply(double kernelSumMs, int kernels) {
            return interceptMs + scale * kernelSumMs + perKernelMs * kernels;
        }
    }

    /** One kernel of a graph with its predicted time. */
    public record KernelEstimate(Kernel kernel, double predictedUs) {}

    private final PredictorInfo info;
    private final SearchSpace space;
    private final KernelDetector detector;
    private final Map<String, KernelRegressor> regressors;
    private final KernelRegressor fallback;
    private final Overhead overhead;

    KernelLatencyPredictor(PredictorInfo info, SearchSpace space, KernelDetector detector,
            Map<String, KernelRegressor> regressors, KernelRegressor fallback, Overhead overhead) {
        this.info = Objects.requireNonNull(info, "info");
        this.space = Objects.requireNonNull(space, "space");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.regressors = Collections.unmodifiableMap(new TreeMap<>(regressors));
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.overhead = Objects.requireNonNull(overhead, "overhead");
    }

    @Override
    public PredictorInfo info() {
        return info;
    }

    /** @throws IllegalArgumentException for an architecture of another space */
    @Override
    public Prediction predict(Architecture architecture) {
        Objects.requireNonNull(architecture, "architecture");
        if (!architecture.space().equals(space.name())) {
            throw new IllegalArgumentException("this kernel predictor is for space '" + space.name()
                    + "', but the architecture is " + architecture);
        }
        return predictGraph(space.buildGraph(architecture));
    }

    @Override
    public Prediction predictGraph(Graph graph) {
        List<KernelEstimate> kernels = breakdown(graph);
        double sumMs = kernels.stream().mapToDouble(KernelEstimate::predictedUs).sum() / 1000;
        double ms = overhead.apply(sumMs, kernels.size());
        // a fitted intercept can be negative; a latency cannot be below the kernels' own compute by much
        return Prediction.of(Math.max(ms, 0.1 * sumMs));
    }

    /** The graph's kernels, in execution order, each with its predicted time (overhead not included). */
    public List<KernelEstimate> breakdown(Graph graph) {
        Objects.requireNonNull(graph, "graph");
        List<KernelEstimate> out = new ArrayList<>();
        for (Kernel k : detector.detect(graph)) {
            KernelRegressor r = regressors.getOrDefault(k.type(), fallback);
            out.add(new KernelEstimate(k, r.predictUs(k.features().vector())));
        }
        return out;
    }

    public Overhead overhead() {
        return overhead;
    }

    /** The kernel types with a regressor of their own; others use one fitted on all kernels. */
    public Set<String> kernelTypes() {
        return regressors.keySet();
    }

    @Override
    public String toString() {
        return "KernelLatencyPredictor[" + info.spec() + ", " + space.name() + " on " + info.device() + ", types "
                + regressors.keySet() + ", " + overhead + "]";
    }
}
