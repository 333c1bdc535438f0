package io.hwnas.profilers.trace;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.Calibration;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The kernel predictor's traces from ONNX Runtime: each network exported (seeded random weights) to a temporary
 * file, traced with {@link OrtTracer} on the device of that id, and the file deleted.
 *
 * <pre>{@code
 * KernelTracer tracer = new OrtKernelTracer(() -> registry);   // the devices the command line knows
 * KernelTracer steady = new OrtKernelTracer(() -> registry, DriftControl.ON,
 *         () -> SqliteMeasurementStore.open(db), err::println);
 * }</pre>
 *
 * <p>Under drift control each trace times the nearest reference beside its kept runs and is
 * {@linkplain KernelTrace#calibrated calibrated} against the device's baseline for that reference, read from the
 * measurement database (the one the measurer corrects against) or calibrated there once as the measurer does
 * ({@link Calibration}); its {@link KernelTrace#correctedKernels() corrected kernels} are then the predictor's labels.
 * A trace whose correction did not hold (the ratio to the reference moved, {@link DriftReading#steady()}) is taken
 * again, up to {@value #ATTEMPTS} times, and the last is kept with a notice. Without drift control a trace is what
 * {@link OrtTracer} gives, as before.
 *
 * <p>The devices are read, ONNX Runtime loaded and the database opened on the first trace that needs them, so a
 * process that never traces pays for none of them.
 */
public final class OrtKernelTracer implements KernelTracer {

    /** The weights' seed: weights do not change where time goes, only that every trace is of the same bytes. */
    static final long WEIGHTS_SEED = 42;

    /** Traces taken of one network while its correction does not hold, as the measurer measures again. */
    static final int ATTEMPTS = 3;

    /** Opens the database that keeps the devices' baselines; the tracer closes it after each use. */
    @FunctionalInterface
    public interface BaselineDatabase {
        SqliteMeasurementStore open() throws MeasurementStoreException;
    }

    private final Supplier<DeviceRegistry> devices;
    private final DriftControl drift;
    private final BaselineDatabase database;
    private final Consumer<String> notices;
    private final Map<MeasurementKey, Double> baselines = new ConcurrentHashMap<>();
    private DeviceRegistry registry;
    private OrtTracer tracer;
    private OrtProfiler profiler;

    /** @param devices the devices to trace on, by id; asked once, on the first trace; without drift control */
    public OrtKernelTracer(Supplier<DeviceRegistry> devices) {
        this(devices, DriftControl.OFF, () -> {
            throw new IllegalStateException("no baseline database without drift control");
        }, line -> {});
    }

    /**
     * @param devices  the devices to trace on, by id; asked once, on the first trace
     * @param drift    {@code ON}: each trace times the reference beside its runs and carries the speed factor
     * @param database the measurement database with the devices' baselines; opened only under drift control
     * @param notices  told when a device's baseline is calibrated and when a trace's correction did not hold
     */
    public OrtKernelTracer(Supplier<DeviceRegistry> devices, DriftControl drift, BaselineDatabase database,
            Consumer<String> notices) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.drift = Objects.requireNonNull(drift, "drift");
        this.database = Objects.requireNonNull(database, "database");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /** Whether traces are drift-controlled and carry a speed factor. */
    public DriftControl driftControl() {
        return drift;
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

    private synchronized OrtProfiler profiler() {
        if (profiler == null) {
            profiler = new OrtProfiler();
        }
        return profiler;
    }

    @Override
    public KernelTrace trace(Architecture architecture, Graph graph, String deviceId, TracePlan plan)
            throws MeasuringException {
        DeviceProfile device = device(deviceId);
        Path model = null;
        try {
            model = Files.createTempFile("hwnas-kernel", ".onnx");
            OnnxExporter.defaults().write(graph, Weights.random(graph, WEIGHTS_SEED), model);
            return drift.on() ? corrected(architecture, model, device, plan, graph)
                    : tracer().trace(model, device, plan, graph);
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

    /** A drift-controlled trace, calibrated, taken again while its correction does not hold. */
    private KernelTrace corrected(Architecture architecture, Path model, DeviceProfile device, TracePlan plan,
            Graph graph) throws MeasuringException {
        KernelTrace t = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            t = tracer().trace(model, device, plan, graph, DriftControl.ON);
            DriftReading d = t.driftReading().orElseThrow();
            t = t.calibrated(baselineMs(device, d.referenceSha256()));
            if (d.steady()) {
                return t;
            }
            notices.accept("trace of " + architecture + " on " + device.id() + ": the machine's speed moved too much"
                    + " to correct (within the trace " + d.shifts() + ")"
                    + (attempt < ATTEMPTS ? "; tracing again" : "; kept as it is"));
        }
        return t;
    }

    /** The device's baseline for this reference: remembered, else from the database, calibrated there if missing. */
    private double baselineMs(DeviceProfile device, String referenceSha256) throws MeasuringException {
        ModelRunner runner = device.runner(profiler());
        MeasurementKey key = runner.key(referenceSha256);
        Double known = baselines.get(key);
        if (known != null) {
            return known;
        }
        synchronized (this) { // one calibration at a time: two would time each other
            known = baselines.get(key);
            if (known != null) {
                return known;
            }
            try (SqliteMeasurementStore store = database.open()) {
                double ms = Calibration.baseline(runner, store, referenceSha256, device.id(), notices).baselineMs();
                baselines.put(key, ms);
                return ms;
            } catch (MeasurementStoreException | IOException e) {
                throw new MeasuringException("cannot find or calibrate the drift-control baseline of device '"
                        + device.id() + "': " + e.getMessage(), device.id(), e);
            }
        }
    }
}
