package io.hwnas.profilers.ort;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.devices.spi.DeviceProfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference ladder's sessions, opened once per device and settings and kept for the process: a reference runs
 * beside every candidate, and opening three sessions per measurement would cost more than many small candidates.
 * The profiler's measurements and the kernel tracer's traces both time their candidates against them.
 *
 * <pre>{@code
 * ReferenceSessions refs = new ReferenceSessions(env);
 * ReferenceSessions.Rung rung = ReferenceSessions.nearest(refs.ladder(device, settings), candidateMs);
 * double ms = rung.timeMs();   // one run, beside each of the candidate's
 * }</pre>
 */
public final class ReferenceSessions {

    /** One rung, ready to run. */
    public record Rung(ReferenceModel model, OrtSession session, RandomInputs inputs) {

        /** One timed run of the reference, as the profiler times its candidates. */
        public double timeMs() throws OrtException {
            return OrtProfiler.time(session, inputs);
        }
    }

    private final OrtEnvironment env;
    private final Map<String, List<Rung>> open = new ConcurrentHashMap<>();

    public ReferenceSessions(OrtEnvironment env) {
        this.env = env;
    }

    /**
     * The ladder on this device under these settings.
     *
     * @throws ProfilingException naming the reference and the device when a rung cannot run there (an op its
     *                            provider lacks)
     */
    public List<Rung> ladder(DeviceProfile device, DeviceSettings settings) throws ProfilingException {
        String key = device.id() + "|" + settings;
        List<Rung> rungs = open.get(key);
        if (rungs != null) {
            return rungs;
        }
        synchronized (this) {
            rungs = open.get(key);
            if (rungs == null) {
                rungs = openLadder(device, settings);
                open.put(key, rungs);
            }
            return rungs;
        }
    }

    /** The rung nearest a candidate in latency, each timed now: three runs, the faster of the last two. */
    public static Rung nearest(List<Rung> ladder, double candidateMs) throws OrtException {
        double[] ms = new double[ladder.size()];
        for (int i = 0; i < ms.length; i++) {
            Rung r = ladder.get(i);
            r.timeMs();
            ms[i] = Math.min(r.timeMs(), r.timeMs());
        }
        return ladder.get(ReferenceModel.nearest(candidateMs, ms));
    }

    private List<Rung> openLadder(DeviceProfile device, DeviceSettings settings) throws ProfilingException {
        List<Rung> rungs = new ArrayList<>();
        for (ReferenceModel ref : ReferenceModel.ladder()) {
            Path label = Path.of("reference " + ref.name());
            OrtSession session = null;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                OrtSessions.apply(device, settings, options);
                session = env.createSession(ref.bytes(), options);
                rungs.add(new Rung(ref, session, RandomInputs.create(env, session, ProfileRequest.DEFAULT_SEED, label,
                        device.id())));
            } catch (OrtException | ProfilingException e) {
                // the rungs opened so far are not kept: close them, and this one's session
                if (session != null && (rungs.isEmpty() || rungs.get(rungs.size() - 1).session() != session)) {
                    closeQuietly(session);
                }
                rungs.forEach(r -> {
                    r.inputs().close();
                    closeQuietly(r.session());
                });
                throw new ProfilingException("the drift-control reference model " + ref + " cannot run on device '"
                        + device.id() + "': " + e.getMessage() + " (measure with --drift-control off)", label,
                        device.id(), e);
            }
        }
        return List.copyOf(rungs);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // already failing: the first error is the one reported
        }
    }
}
