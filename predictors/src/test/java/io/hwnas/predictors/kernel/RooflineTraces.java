package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.measure.trace.KernelTiming;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces of a pretend device whose every kernel takes a roofline's time (2 GMAC/s, 20 GB/s, 1 µs to start), made
 * without ONNX Runtime and the same on every call: the kernels are those {@link KernelDetector} finds at the
 * device's level, as if the runtime fused exactly as the detector says. A network's true latency is its kernels'
 * sum plus {@link #OVERHEAD_MS}, so what a trainer learns from these traces can be checked exactly. The real
 * tracer (ONNX Runtime's) is checked against the detector in the command-line tool's tests, where it is wired.
 */
final class RooflineTraces implements KernelTracer {

    static final double OVERHEAD_MS = 0.2;

    private final KernelDetector detector;
    private final DeviceSettings settings;

    RooflineTraces(OptimizationLevel level) {
        this.detector = KernelDetector.forLevel(level);
        this.settings = new DeviceSettings(1, 1, level, ExecutionMode.SEQUENTIAL, DeviceSettings.CPU_PROVIDER);
    }

    RooflineTraces() {
        this(OptimizationLevel.ALL);
    }

    static double kernelUs(Kernel k) {
        KernelFeatures f = k.features();
        return 1 + f.macs() / 2000.0 + (f.inputBytes() + f.outputBytes() + f.paramBytes()) / 20000.0;
    }

    /** The pretend device's latency of {@code a}'s network, in ms. */
    double latencyMs(SearchSpace space, Architecture a) {
        return OVERHEAD_MS + detector.detect(space.buildGraph(a)).stream().mapToDouble(RooflineTraces::kernelUs)
                .sum() / 1000;
    }

    @Override
    public KernelTrace trace(Architecture architecture, Graph graph, String deviceId, TracePlan plan) {
        List<KernelTiming> timings = new ArrayList<>();
        double sum = 0;
        for (Kernel k : detector.detect(graph)) {
            double us = kernelUs(k);
            sum += us;
            timings.add(new KernelTiming(k.head(), k.type(), DeviceSettings.CPU_PROVIDER, k.irNodes(), List.of(),
                    List.of(), k.features().paramBytes(), k.features().inputBytes(), k.features().outputBytes(), us,
                    List.of(us)));
        }
        return new KernelTrace(architecture.canonical(), deviceId, settings, "roofline", plan, timings,
                List.of(sum + OVERHEAD_MS * 1000), 0);
    }
}
