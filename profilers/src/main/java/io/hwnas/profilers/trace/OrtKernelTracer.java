package io.hwnas.profilers.trace;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.ProfilingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The kernel predictor's traces from ONNX Runtime: each network exported (seeded random weights) to a temporary
 * file, traced with {@link OrtTracer} on the device of that id, and the file deleted.
 *
 * <pre>{@code
 * KernelTracer tracer = new OrtKernelTracer(() -> registry);   // the devices the command line knows
 * }</pre>
 *
 * <p>The devices are read, and ONNX Runtime loaded, on the first trace, so a process that never traces pays for
 * neither.
 */
public final class OrtKernelTracer implements KernelTracer {

    /** The weights' seed: weights do not change where time goes, only that every trace is of the same bytes. */
    static final long WEIGHTS_SEED = 42;

    private final Supplier<DeviceRegistry> devices;
    private DeviceRegistry registry;
    private OrtTracer tracer;

    /** @param devices the devices to trace on, by id; asked once, on the first trace */
    public OrtKernelTracer(Supplier<DeviceRegistry> devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    private synchronized DeviceProfile device(String id) {
        if (registry == null) {
            registry = Objects.requireNonNull(devices.get(), "devices");
        }
        return registry.get(id);
    }

    private synchronized OrtTracer tracer() {
        if (tracer == null) {
            tracer = new OrtTracer();
        }
        return tracer;
    }

    @Override
    public KernelTrace trace(Architecture architecture, Graph graph, String deviceId, TracePlan plan)
            throws ProfilingException {
        DeviceProfile device = device(deviceId);
        Path model = null;
        try {
            model = Files.createTempFile("hwnas-kernel", ".onnx");
            OnnxExporter.defaults().write(graph, Weights.random(graph, WEIGHTS_SEED), model);
            return tracer().trace(model, device, plan, graph);
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
    }
}
