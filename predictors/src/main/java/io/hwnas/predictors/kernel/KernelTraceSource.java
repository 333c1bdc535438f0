package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.trace.KernelTrace;
import io.hwnas.profilers.trace.OrtTracer;
import io.hwnas.profilers.trace.TracePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a kernel trainer gets an architecture's per-kernel timings: by tracing its exported model in ONNX Runtime
 * ({@link #ort}), or from traces taken before ({@link #of}).
 */
@FunctionalInterface
public interface KernelTraceSource {

    /**
     * The trace of {@code architecture}, whose graph is {@code graph}, on {@code device}.
     *
     * @throws ProfilingException when the model cannot be exported, loaded or run
     */
    KernelTrace trace(Architecture architecture, Graph graph, DeviceProfile device) throws ProfilingException;

    /**
     * Exports each architecture (seeded random weights) to a temporary file, traces it with {@link OrtTracer} and
     * deletes the file.
     */
    static KernelTraceSource ort(TracePlan plan) {
        Objects.requireNonNull(plan, "plan");
        OrtTracer tracer = new OrtTracer();
        return (architecture, graph, device) -> {
            Path model = null;
            try {
                model = Files.createTempFile("hwnas-kernel", ".onnx");
                OnnxExporter.defaults().write(graph, Weights.random(graph, 42), model);
                return tracer.trace(model, device, plan, graph);
            } catch (IOException e) {
                Path where = model == null ? Path.of(System.getProperty("java.io.tmpdir")) : model;
                throw new ProfilingException("cannot export " + architecture + " for tracing to " + where + ": "
                        + e.getMessage(), where, device.id(), e);
            } finally {
                if (model != null) {
                    try {
                        Files.deleteIfExists(model);
                    } catch (IOException ignored) {
                        // a stale temporary model is harmless
                    }
                }
            }
        };
    }

    /** Traces taken before, by canonical architecture string; an architecture without one fails naming it. */
    static KernelTraceSource of(Map<String, KernelTrace> byCanonical) {
        Map<String, KernelTrace> copy = Map.copyOf(byCanonical);
        return (architecture, graph, device) -> {
            KernelTrace t = copy.get(architecture.canonical());
            if (t == null) {
                throw new IllegalArgumentException("no trace for " + architecture + " among " + copy.size()
                        + " given traces");
            }
            if (!t.deviceId().equals(device.id())) {
                throw new IllegalArgumentException("the trace of " + architecture + " is from device "
                        + t.deviceId() + ", not " + device.id());
            }
            return t;
        };
    }

    /** Remembers each architecture's trace on each device, so that training twice traces once. Thread-safe. */
    static KernelTraceSource caching(KernelTraceSource source) {
        Objects.requireNonNull(source, "source");
        Map<String, KernelTrace> cache = new ConcurrentHashMap<>();
        return (architecture, graph, device) -> {
            String key = device.id() + "|" + architecture;
            KernelTrace t = cache.get(key);
            if (t == null) {
                t = source.trace(architecture, graph, device);
                cache.put(key, t);
            }
            return t;
        };
    }
}
