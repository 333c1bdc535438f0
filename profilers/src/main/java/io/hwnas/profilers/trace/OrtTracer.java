package io.hwnas.profilers.trace;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.io.Trees;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.trace.KernelTiming;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.OnnxImporter;
import io.hwnas.core.stats.Stats;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtSessions;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.ort.RandomInputs;
import io.hwnas.profilers.ort.ReferenceSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-kernel timings of a model from ONNX Runtime's own profiler: the kernels ORT actually runs after its graph
 * optimisations (fusions, layout changes), each mapped back to the IR nodes it computes.
 *
 * <pre>{@code
 * OrtTracer tracer = new OrtTracer();
 * KernelTrace t = tracer.trace(Path.of("m.onnx"), devices.get("cpu-1t"), TracePlan.defaults(), graph);
 * for (KernelTiming k : t.kernels()) {
 *     System.out.println(k.kernelName() + " " + k.opType() + " " + k.irNodes() + " " + k.medianUs() + " us");
 * }
 * }</pre>
 *
 * <p>One session per call, with the device's settings, and profiling on
 * ({@code SessionOptions.enableProfiling}). The trace file goes to a fresh temporary folder that is deleted before
 * the call returns. Every run is profiled; the events of the warm-up runs are dropped, and each kernel's duration is
 * the median over the kept runs. The mapping to IR nodes is {@link KernelAttribution}'s.
 *
 * <p>Profiling costs a few microseconds per kernel, and the executor's own time between kernels is not in any
 * kernel: the kernels' sum is a little below or above the unprofiled latency depending on the model. Use the trace
 * for how time splits between kernels.
 *
 * <p>With drift control ({@link #trace(Path, DeviceProfile, TracePlan, Graph, DriftControl)}), the rung of the
 * reference ladder nearest the model in latency (the profiler's {@link ReferenceSessions}, opened with the device's
 * settings, not profiled) runs after each kept run, and the trace carries the reading of the pairs (each kept run's
 * wall time beside the reference's), not yet calibrated: the caller that owns the baselines calibrates it
 * ({@link OrtKernelTracer}).
 */
public final class OrtTracer {

    private final OrtEnvironment env;
    private final ReferenceSessions references;

    public OrtTracer() {
        this.env = OrtEnvironment.getEnvironment();
        this.references = new ReferenceSessions(env);
    }

    /** The ONNX Runtime version, e.g. "1.29.0". */
    public String ortVersion() {
        return env.getVersion();
    }

    /** Traces a model file, importing it to map kernels to its nodes. */
    public KernelTrace trace(Path model, DeviceProfile device, TracePlan plan) throws ProfilingException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Graph graph;
        try {
            graph = OnnxImporter.read(model);
        } catch (IOException | IllegalArgumentException e) {
            throw new ProfilingException("cannot read model " + model + " to map its kernels: " + e.getMessage(),
                    model, device.id(), e);
        }
        return trace(model, device, plan, graph);
    }

    /**
     * Traces a model file whose IR is {@code graph} (the graph it was exported from: the node names must be the
     * file's).
     *
     * @throws ProfilingException naming the model and device when the device is unavailable, the file cannot be
     *                            loaded or run, or the profile cannot be read
     */
    public KernelTrace trace(Path model, DeviceProfile device, TracePlan plan, Graph graph) throws ProfilingException {
        return trace(model, device, plan, graph, DriftControl.OFF);
    }

    /**
     * Traces a model file whose IR is {@code graph}; with drift control {@code ON}, timing the nearest reference
     * beside each kept run (see the class comment).
     *
     * @throws ProfilingException naming the model and device when the device is unavailable, the file (or a
     *                            reference, under drift control) cannot be loaded or run, or the profile cannot be
     *                            read
     */
    public KernelTrace trace(Path model, DeviceProfile device, TracePlan plan, Graph graph, DriftControl drift)
            throws ProfilingException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(drift, "drift");
        String deviceId = device.id();
        DeviceSettings settings = OrtSessions.usableSettings(device, model, "the tracer");
        if (!Files.isRegularFile(model)) {
            throw new ProfilingException("model file not found: " + model, model, deviceId, null);
        }
        List<ReferenceSessions.Rung> ladder = drift.on() ? references.ladder(device, settings) : null;
        long start = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("hwnas-trace");
        } catch (IOException e) {
            throw new ProfilingException("cannot create a folder for the ONNX Runtime profile of " + model + ": "
                    + e.getMessage(), model, deviceId, e);
        }
        try {
            Profiled profiled = profile(model, device, settings, plan, ladder, dir);
            List<ChromeTrace.Run> runs = profiled.runs();
            List<ChromeTrace.Run> kept = runs.subList(Math.min(plan.warmupRuns(), runs.size()), runs.size());
            if (kept.size() != plan.runs()) {
                throw new ProfilingException("the ONNX Runtime profile of " + model + " has " + runs.size()
                        + " runs, expected " + (plan.warmupRuns() + plan.runs()), model, deviceId, null);
            }
            List<KernelTiming> kernels = aggregate(kept, graph);
            List<Double> modelRuns = kept.stream().map(r -> (double) r.durUs()).toList();
            String label = model.getFileName() == null ? model.toString() : model.getFileName().toString();
            return new KernelTrace(label, deviceId, settings, ortVersion(), plan, kernels, modelRuns,
                    (System.nanoTime() - start) / 1e6, profiled.reading());
        } finally {
            Trees.deleteQuietly(dir);
        }
    }

    /** The profile's runs, and under drift control the reading of the kept runs beside the reference's. */
    private record Profiled(List<ChromeTrace.Run> runs, DriftReading reading) {}

    private Profiled profile(Path model, DeviceProfile device, DeviceSettings settings, TracePlan plan,
            List<ReferenceSessions.Rung> ladder, Path dir) throws ProfilingException {
        String deviceId = device.id();
        String file;
        DriftReading reading;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            OrtSessions.apply(device, settings, options);
            options.enableProfiling(dir.resolve("ort").toString());
            try (OrtSession session = env.createSession(model.toString(), options)) {
                try (RandomInputs inputs = RandomInputs.create(env, session, 42, model, deviceId)) {
                    reading = run(session, inputs, plan, ladder, model, deviceId);
                }
                file = session.endProfiling();
            }
        } catch (OrtException | IllegalArgumentException e) {
            throw new ProfilingException("cannot trace model: " + model + (e instanceof OrtException ? ""
                    : ": " + e.getMessage()), model, deviceId, e);
        }
        Path trace = Path.of(file);
        if (!trace.isAbsolute()) {
            trace = dir.resolve(trace.getFileName().toString());
        }
        try {
            return new Profiled(ChromeTrace.parse(trace), reading);
        } catch (IOException | RuntimeException e) {
            throw new ProfilingException("cannot read the ONNX Runtime profile " + trace + " of model " + model
                    + ": " + e.getMessage(), model, deviceId, e);
        }
    }

    /**
     * Warm-up and kept runs, each profiled. With a ladder, the rung nearest the model (by the faster of the second
     * half of the warm-ups, else the first kept run) runs after each kept run, as the profiler pairs its runs; the
     * reading of the pairs, or null without a ladder.
     */
    private static DriftReading run(OrtSession session, RandomInputs inputs, TracePlan plan,
            List<ReferenceSessions.Rung> ladder, Path model, String deviceId) throws OrtException, ProfilingException {
        double warm = Double.POSITIVE_INFINITY;
        ReferenceSessions.Rung rung = null;
        List<Double> keptMs = new ArrayList<>(plan.runs());
        List<Double> referenceMs = new ArrayList<>(plan.runs());
        for (int i = 0; i < plan.warmupRuns() + plan.runs(); i++) {
            long start = System.nanoTime();
            double ms;
            try (OrtSession.Result r = session.run(inputs.tensors())) {
                ms = (System.nanoTime() - start) / 1e6; // only the run, as the profiler times its candidates
                if (r.size() == 0) {
                    throw new ProfilingException("model " + model + " produced no outputs", model, deviceId, null);
                }
            }
            if (i < plan.warmupRuns()) {
                warm = i >= plan.warmupRuns() / 2 ? Math.min(warm, ms) : warm;
            } else if (ladder != null) {
                rung = rung != null ? rung : ReferenceSessions.nearest(ladder, Double.isInfinite(warm) ? ms : warm);
                keptMs.add(ms);
                referenceMs.add(rung.timeMs());
            }
        }
        return rung == null ? null
                : DriftReading.of(rung.model().name(), rung.model().sha256(), keptMs, referenceMs);
    }

    /** Per kernel name: median over the kept runs; order of the first kept run. */
    private static List<KernelTiming> aggregate(List<ChromeTrace.Run> runs, Graph graph) {
        Map<String, ChromeTrace.NodeEvent> first = new LinkedHashMap<>();
        Map<String, double[]> durations = new LinkedHashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            for (ChromeTrace.NodeEvent e : runs.get(r).nodes()) {
                first.putIfAbsent(e.name(), e);
                double[] d = durations.computeIfAbsent(e.name(), k -> new double[runs.size()]);
                d[r] += e.durUs(); // a kernel run twice in one run (none seen) counts once, summed
            }
        }
        List<String> names = new ArrayList<>(first.keySet());
        List<List<String>> covered = KernelAttribution.attribute(graph, names);
        List<KernelTiming> out = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            ChromeTrace.NodeEvent e = first.get(names.get(k));
            double[] d = durations.get(names.get(k));
            List<Double> samples = Arrays.stream(d).boxed().toList();
            out.add(new KernelTiming(e.name(), e.opType(), e.provider(), covered.get(k), e.inputShapes(),
                    e.outputShapes(), e.parameterBytes(), e.activationBytes(), e.outputBytes(), Stats.median(d),
                    samples));
        }
        return out;
    }
}
