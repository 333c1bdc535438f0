package io.hwnas.profilers.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MemoryFigures;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.measure.StopReason;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures the inference latency of ONNX model files with ONNX Runtime on the local machine.
 *
 * <pre>{@code
 * OrtProfiler profiler = new OrtProfiler();
 * MeasurementKey key = profiler.keyFor(model, device);        // look in the store first
 * Measurement m = profiler.measure(ProfileRequest.builder(model, device).space("nb201").architecture(a).build());
 * }</pre>
 *
 * <p>One session per call, with the device's settings mapped through typed {@code SessionOptions} setters. Inputs
 * are random data made once ({@link RandomInputs}); only {@code session.run} is timed, with
 * {@link System#nanoTime()}. The stopping rules are {@link MeasurementPlan}'s; the median's error is checked at
 * {@code minRuns} and then every {@value #CHECK_EVERY} runs, since sorting all samples after every run would
 * cost more than a small model's inference.
 *
 * <p>It is the {@link MeasuringHost} of local devices: {@code device.runner(profiler)} measures with it.
 *
 * <p>Thread-safe, but measurements taken in parallel disturb each other; run them one at a time.
 */
public final class OrtProfiler implements MeasuringHost {

    static final int CHECK_EVERY = 5;

    private final OrtEnvironment env;
    private final Provenance provenance;
    private final ReferenceSessions references;

    /** Uses the process's one ORT environment and this process's provenance. */
    public OrtProfiler() {
        this(Provenance.current());
    }

    public OrtProfiler(Provenance provenance) {
        this.env = OrtEnvironment.getEnvironment();
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.references = new ReferenceSessions(env);
    }

    /** The ONNX Runtime version measurements are taken with, e.g. "1.29.0". */
    public String ortVersion() {
        return env.getVersion();
    }

    /** The store key a measurement of this file on this device would have; hashes the file. */
    public MeasurementKey keyFor(Path model, DeviceProfile device) throws ProfilingException {
        Objects.requireNonNull(device, "device");
        return new MeasurementKey(hash(model, device.id()), device.id(), device.settings(), ortVersion());
    }

    /**
     * Measures models on {@code device} in this process: keyed by the device's settings and this runtime's version,
     * each run's input seeded by the run (else {@value ProfileRequest#DEFAULT_SEED}).
     */
    @Override
    public ModelRunner local(DeviceProfile device) {
        Objects.requireNonNull(device, "device");
        return new ModelRunner() {
            @Override
            public MeasurementKey key(String modelSha256) {
                return new MeasurementKey(modelSha256, device.id(), device.settings(), ortVersion());
            }

            @Override
            public Measurement measure(ModelRun run) throws ProfilingException {
                return OrtProfiler.this.measure(ProfileRequest.builder(run.model(), device).plan(run.plan())
                        .space(run.space()).architecture(run.architecture())
                        .seed(run.inputSeed().orElse(ProfileRequest.DEFAULT_SEED)).drift(run.drift()).build());
            }
        };
    }

    public Measurement measure(ProfileRequest request) throws ProfilingException {
        Objects.requireNonNull(request, "request");
        Path model = request.model();
        DeviceProfile device = request.device();
        String deviceId = device.id();
        DeviceSettings settings = OrtSessions.usableSettings(device, model, "this profiler");
        String sha256 = hash(model, deviceId);
        MeasurementPlan plan = request.plan();

        long rssBefore = ProcMemory.rssKib();
        try (OrtSession.SessionOptions options = options(device, settings, model, deviceId)) {
            long created = System.nanoTime();
            try (OrtSession session = open(model, options, deviceId)) {
                double sessionCreateMs = (System.nanoTime() - created) / 1e6;
                // after the candidate's own session, so that a device that runs nothing is not blamed on the reference
                List<ReferenceSessions.Rung> ladder = request.drift().on() ? references.ladder(device, settings) : null;
                long rssAfterSession = ProcMemory.rssKib();
                Instant measuredAt = Instant.now();
                try (RandomInputs inputs = RandomInputs.create(env, session, request.seed(), model, deviceId)) {
                    Timed timed = run(session, inputs, plan, ladder);
                    MemoryFigures memory = new MemoryFigures(rssBefore, rssAfterSession, ProcMemory.rssKib(),
                            ProcMemory.peakRssKib());
                    return Measurement.builder()
                            .deviceId(deviceId).settings(settings)
                            .space(request.space()).architecture(request.architecture())
                            .modelSha256(sha256).ortVersion(ortVersion())
                            .measuredAt(measuredAt)
                            .samplesMs(timed.samplesMs).stats(timed.stats).stopReason(timed.reason)
                            .sessionCreateMs(sessionCreateMs).memory(memory)
                            .plan(plan).provenance(provenance).drift(timed.reading())
                            .build();
                }
            }
        } catch (OrtException e) {
            // from run() or closing a session: the model loaded but could not be run
            throw new ProfilingException("inference failed for model: " + model, model, deviceId, e);
        }
    }

    private record Timed(List<Double> samplesMs, LatencyStats stats, StopReason reason, DriftReading reading) {}

    /**
     * Warm-up, then timed runs until the plan stops them. With a reference ladder, the rung nearest the candidate
     * (by their latencies just now) runs after each candidate run, and the stopping rule watches the median of the
     * ratios, the figure the corrected latency is made of.
     */
    private static Timed run(OrtSession session, RandomInputs inputs, MeasurementPlan plan,
            List<ReferenceSessions.Rung> ladder) throws OrtException {
        long deadline = System.nanoTime() + plan.budget().toNanos();
        double warm = Double.POSITIVE_INFINITY;
        for (int i = 0; i < plan.warmupRuns(); i++) {
            double ms = time(session, inputs);
            warm = i >= plan.warmupRuns() / 2 ? Math.min(warm, ms) : warm;
        }
        ReferenceSessions.Rung rung = ladder == null ? null
                : ReferenceSessions.nearest(ladder, Double.isInfinite(warm) ? time(session, inputs) : warm);
        List<Double> samples = new ArrayList<>(Math.min(plan.maxRuns(), 1024));
        List<Double> refs = new ArrayList<>(rung == null ? 0 : Math.min(plan.maxRuns(), 1024));
        List<Double> ratios = new ArrayList<>(refs.size());
        while (true) {
            double ms = time(session, inputs);
            samples.add(ms);
            if (rung != null) {
                double r = rung.timeMs();
                refs.add(r);
                ratios.add(ms / r);
            }
            int n = samples.size();
            StopReason reason = null;
            if (n >= plan.minRuns() && ((n - plan.minRuns()) % CHECK_EVERY == 0 || n >= plan.maxRuns())
                    && LatencyStats.of(rung == null ? samples : ratios).medianWithin(plan.targetRelativeError())) {
                reason = StopReason.TARGET_REACHED;
            } else if (n >= plan.maxRuns()) {
                reason = StopReason.MAX_RUNS;
            } else if (n >= plan.minRuns() && System.nanoTime() - deadline >= 0) {
                reason = StopReason.BUDGET;
            }
            if (reason != null) {
                DriftReading reading = rung == null ? null
                        : DriftReading.of(rung.model().name(), rung.model().sha256(), samples, refs);
                return new Timed(samples, LatencyStats.of(samples), reason, reading);
            }
        }
    }

    /** One timed inference; only {@code session.run} is inside the clock. */
    static double time(OrtSession session, RandomInputs inputs) throws OrtException {
        long start = System.nanoTime();
        long end;
        try (OrtSession.Result result = session.run(inputs.tensors())) {
            end = System.nanoTime();
            sink += result.size();
        }
        return (end - start) / 1e6;
    }

    /** Reads each result, so that nothing can drop the call as unused. */
    private static volatile int sink;

    private static OrtSession.SessionOptions options(DeviceProfile device, DeviceSettings settings, Path model,
            String deviceId)
            throws ProfilingException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            OrtSessions.apply(device, settings, options);
            return options;
        } catch (OrtException e) {
            options.close();
            throw new ProfilingException("cannot apply device settings " + settings + " for model: " + model,
                    model, deviceId, e);
        }
    }

    private OrtSession open(Path model, OrtSession.SessionOptions options, String deviceId) throws ProfilingException {
        try {
            return env.createSession(model.toString(), options);
        } catch (OrtException e) {
            OrtException.OrtErrorCode code = e.getCode();
            String problem = code == OrtException.OrtErrorCode.ORT_INVALID_PROTOBUF
                    || code == OrtException.OrtErrorCode.ORT_NO_MODEL
                    ? "not an ONNX model: " : "cannot load ONNX model: ";
            throw new ProfilingException(problem + model, model, deviceId, e);
        }
    }

    /** Checks the file before ORT sees it, so a missing file gets a plain message, then hashes it. */
    private static String hash(Path model, String deviceId) throws ProfilingException {
        Objects.requireNonNull(model, "model");
        if (!Files.exists(model)) {
            throw new ProfilingException("model file not found: " + model, model, deviceId, null);
        }
        if (!Files.isRegularFile(model)) {
            throw new ProfilingException("model path is not a regular file: " + model, model, deviceId, null);
        }
        if (!Files.isReadable(model)) {
            throw new ProfilingException("model file is not readable: " + model, model, deviceId, null);
        }
        try {
            if (Files.size(model) == 0) {
                throw new ProfilingException("not an ONNX model (empty file): " + model, model, deviceId, null);
            }
            return Sha256.ofFile(model);
        } catch (IOException e) {
            throw new ProfilingException("cannot read model file: " + model + ": " + e.getMessage(), model, deviceId, e);
        }
    }
}
