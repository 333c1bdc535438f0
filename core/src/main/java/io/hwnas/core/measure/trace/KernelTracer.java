package io.hwnas.core.measure.trace;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.space.Architecture;
import java.util.Map;

/**
 * Per-kernel timings of a network on a device: what the kernel predictor learns from. The command-line tool lends
 * one that exports the network and traces it with ONNX Runtime's profiler on the devices it knows (its own
 * registry, {@code --device-dir} included); tests and benchmarks give traces taken before ({@link #recorded}).
 *
 * <pre>{@code
 * KernelTrace t = tracer.trace(architecture, space.buildGraph(architecture), "cpu-1t", TracePlan.defaults());
 * }</pre>
 */
@FunctionalInterface
public interface KernelTracer {

    /**
     * The trace of {@code architecture}, whose graph is {@code graph}, on the device {@code deviceId}.
     *
     * @throws MeasuringException       when the model cannot be exported, loaded or run there
     * @throws IllegalArgumentException when no device has that id, naming the known ones
     */
    KernelTrace trace(Architecture architecture, Graph graph, String deviceId, TracePlan plan)
            throws MeasuringException;

    /** A tracer for a process that lends none: every trace fails, saying so. */
    static KernelTracer none() {
        return (architecture, graph, deviceId, plan) -> {
            throw new IllegalStateException("cannot trace " + architecture + " on " + deviceId + ": no kernel "
                    + "tracer was lent to this predictor (the command-line tool lends ONNX Runtime's)");
        };
    }

    /**
     * Traces taken before, by canonical architecture string; an architecture without one, or one traced on another
     * device, fails naming it.
     */
    static KernelTracer recorded(Map<String, KernelTrace> byCanonical) {
        Map<String, KernelTrace> copy = Map.copyOf(byCanonical);
        return (architecture, graph, deviceId, plan) -> {
            KernelTrace t = copy.get(architecture.canonical());
            if (t == null) {
                throw new IllegalArgumentException("no trace for " + architecture + " among " + copy.size()
                        + " given traces");
            }
            if (!t.deviceId().equals(deviceId)) {
                throw new IllegalArgumentException("the trace of " + architecture + " is from device "
                        + t.deviceId() + ", not " + deviceId);
            }
            return t;
        };
    }
}
