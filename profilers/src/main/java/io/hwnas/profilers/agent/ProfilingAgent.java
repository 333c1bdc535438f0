package io.hwnas.profilers.agent;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.remote.AgentProtocol;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.agent.AgentFront.Answer;
import io.hwnas.profilers.agent.AgentFront.Step;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.ProfilingException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The profiling agent: an HTTP server on the target machine that measures uploaded ONNX models with
 * {@link OrtProfiler}, exactly as {@code hwnas measure} does locally, and answers the statistics as JSON. With
 * {@code drift_control=on} it times the reference ladder (built here, {@code ReferenceModel.ladder()}, never
 * uploaded) in alternation with the model and answers the reading uncalibrated: the baseline is the client's.
 *
 * <pre>{@code
 * try (ProfilingAgent agent = ProfilingAgent.start(AgentConfig.builder(token, LocalCpuProfile.oneThread(), work).build())) {
 *     agent.url();   // http://127.0.0.1:41234
 * }
 * }</pre>
 *
 * <p>The API is {@link AgentProtocol}'s. What it guards against, and how:
 * <ul>
 * <li>no thread waits on a client: one selector thread ({@link AgentFront}) reads every request and writes every
 *     answer, so clients that send slowly, or not at all, block nobody; a request's head must arrive within
 *     {@code headerTimeout} (10 s), the whole request within {@code requestReadTimeout}, else it is cut off;</li>
 * <li>at most {@code maxConnections} connections, {@code maxConnectionsPerClient} from one address; over a cap the
 *     oldest connection that is not doing admitted work is closed for the new one, so a client that reconnects
 *     without end churns its own connections while one that sends its request at once is served;</li>
 * <li>every request needs {@code Authorization: Bearer TOKEN}, compared in constant time on SHA-256 digests (so
 *     neither content nor length leaks through timing); otherwise 401 and nothing is read or run;</li>
 * <li>a model needs a {@code Content-Length} (411 otherwise, chunked included); one above the limit gets 413 before
 *     the body is read;</li>
 * <li>one measurement at a time on a single worker thread, at most {@code maxQueue} waiting; more get 503 before
 *     their body is read; after any answer the connection is drained briefly before it is closed, so that a client
 *     still sending reads its answer rather than a connection reset;</li>
 * <li>uploads go to {@code workDir} under names the agent makes up, and are deleted after the measurement; no
 *     name the client sends is used for a file; unknown query parameters and paths are refused.</li>
 * </ul>
 */
public final class ProfilingAgent implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final int MAX_NAME = 200;

    private final AgentConfig config;
    private final AgentFront front;
    private final ExecutorService worker;
    private final Semaphore admitted;
    private final byte[] tokenDigest;
    private final OrtProfiler profiler = new OrtProfiler();
    private final Provenance provenance = Provenance.current();
    private final AtomicLong measured = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    private ProfilingAgent(AgentConfig config) throws IOException {
        this.config = config;
        this.tokenDigest = sha256(config.token());
        this.admitted = new Semaphore(config.maxQueue() + 1);
        Files.createDirectories(config.workDir());
        this.worker = Executors.newSingleThreadExecutor(daemon("hwnas-agent-measure"));
        Duration head = config.headerTimeout().compareTo(config.requestReadTimeout()) < 0 ? config.headerTimeout()
                : config.requestReadTimeout();
        try {
            this.front = AgentFront.start(new InetSocketAddress(config.bind(), config.port()),
                    new AgentFront.Limits(head, config.requestReadTimeout(), config.maxConnections(),
                            config.maxConnectionsPerClient()), this::head, config.log());
        } catch (IOException | RuntimeException e) {
            worker.shutdownNow();
            throw e;
        }
    }

    /** Starts listening; the server runs on daemon threads until {@link #close()}. */
    public static ProfilingAgent start(AgentConfig config) throws IOException {
        return new ProfilingAgent(Objects.requireNonNull(config, "config"));
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        return URI.create("http://" + AgentFront.hostPort(front.address()));
    }

    /** Measurements finished since start. */
    public long measured() {
        return measured.get();
    }

    @Override
    public void close() {
        front.close();
        worker.shutdownNow();
    }

    /** A request's head, on the front's thread: everything here is quick, and nothing is read or run unless it passes. */
    private Step head(RequestHead h) {
        if (!authorized(h)) {
            return Answer.error(401, "missing or wrong bearer token");
        }
        String path = h.path();
        String method = h.method();
        if (AgentProtocol.HEALTH.equals(path)) {
            return "GET".equals(method) ? new Answer(200, AgentProtocol.info(info()))
                    : Answer.error(405, "use GET for " + AgentProtocol.HEALTH);
        }
        if (AgentProtocol.MEASURE.equals(path)) {
            return "POST".equals(method) ? measure(h) : Answer.error(405, "use POST for " + AgentProtocol.MEASURE);
        }
        return Answer.error(404, "no such endpoint; known: " + AgentProtocol.HEALTH + ", " + AgentProtocol.MEASURE);
    }

    AgentInfo info() {
        DeviceProfile d = config.device();
        return new AgentInfo(provenance, profiler.ortVersion(), Runtime.getRuntime().availableProcessors(), d.id(),
                d.name(), d.settings(), measured.get(), inFlight.get(), config.maxUploadBytes());
    }

    private boolean authorized(RequestHead h) {
        String a = h.header("Authorization");
        String given = a != null && a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : "";
        return MessageDigest.isEqual(tokenDigest, sha256(given));
    }

    private record Params(MeasurementPlan plan, long seed, Integer threads, String name, DriftControl drift) {}

    // Each refusal below comes before the body is read, so a refused client costs the agent no upload.
    private Step measure(RequestHead h) {
        Params p;
        try {
            p = params(h.query());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        long length;
        try {
            length = declaredLength(h);
        } catch (Refusal r) {
            return r.answer;
        }
        DeviceProfile device;
        try {
            device = p.threads() == null ? config.device() : config.device().withIntraOpThreads(p.threads());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        if (!admitted.tryAcquire()) {
            return Answer.error(503, "agent busy: " + (config.maxQueue() + 1)
                    + " measurements running or waiting, the most it takes");
        }
        inFlight.incrementAndGet();
        Path file = null;
        try {
            file = Files.createTempFile(config.workDir(), "upload-", ".onnx");
            return new Admitted(file, FileChannel.open(file, StandardOpenOption.WRITE), length, p, device);
        } catch (IOException e) {
            release(file);
            return Answer.error(500, "cannot store an upload in the agent's work folder: " + e.getMessage());
        }
    }

    /** A refusal of the request's declared body. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Answer answer;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.answer = Answer.error(status, reason);
        }
    }

    /** The body's declared length; refused when there is none, it is not a number, empty or too big. */
    private long declaredLength(RequestHead h) throws Refusal {
        if (h.header("Transfer-Encoding") != null) {
            throw new Refusal(411, "send the model with a Content-Length, not in chunks");
        }
        String length = h.header("Content-Length");
        if (length == null) {
            throw new Refusal(411, "send the model as the body, with a Content-Length");
        }
        if (!length.matches("[0-9]{1,18}")) {
            throw new Refusal(400, "Content-Length is not a number");
        }
        long n = Long.parseLong(length);
        if (n > config.maxUploadBytes()) {
            throw new Refusal(413, "model of " + n + " bytes exceeds the agent's limit of " + config.maxUploadBytes()
                    + " bytes");
        }
        if (n == 0) {
            throw new Refusal(400, "empty body: send the model bytes");
        }
        return n;
    }

    /**
     * An admitted upload: its admission and file are released exactly once, by {@link #abandoned()} if the body
     * never arrives, else by the measuring job (or by the waiter, for a job cancelled before it started).
     */
    private final class Admitted implements AgentFront.Upload {
        private final Path file;
        private final FileChannel sink;
        private final long length;
        private final Params p;
        private final DeviceProfile device;

        Admitted(Path file, FileChannel sink, long length, Params p, DeviceProfile device) {
            this.file = file;
            this.sink = sink;
            this.length = length;
            this.p = p;
            this.device = device;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public WritableByteChannel sink() {
            return sink;
        }

        @Override
        public void abandoned() {
            release(file);
        }

        @Override
        public CompletionStage<Answer> received() {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            Future<?> job;
            try {
                job = worker.submit(() -> {
                    try {
                        answer.complete(measureUpload(file, p, device));
                    } finally {
                        release(file);
                    }
                });
            } catch (RejectedExecutionException e) {
                release(file);
                return CompletableFuture.completedFuture(Answer.error(503, "agent is shutting down"));
            }
            // long enough for every queued measurement ahead of it
            long waitMs = (config.maxQueue() + 1L) * config.maxMeasurementTime().plus(GRACE).toMillis();
            return answer.orTimeout(waitMs, TimeUnit.MILLISECONDS).exceptionally(t -> {
                if (job.cancel(false)) {
                    release(file); // never started, so the job will not release it
                }
                return Answer.error(504, "measurement did not finish within " + waitMs / 1000 + " s");
            });
        }
    }

    /** Measures a received upload on the worker thread; every outcome is an answer. */
    private Answer measureUpload(Path model, Params p, DeviceProfile device) {
        try {
            Measurement m = profiler.measure(ProfileRequest.builder(model, device).plan(p.plan()).seed(p.seed())
                    .drift(p.drift()).build());
            measured.incrementAndGet();
            config.log().accept("measured " + (p.name() == null ? "a model" : p.name()) + " (" + m.modelSha256()
                    .substring(0, 12) + ") on " + m.deviceId() + ": median " + String.format("%.3f ms, %d runs",
                    m.stats().medianMs(), m.stats().runs()) + m.driftReading().map(d -> String.format(
                    ", %.3f times reference %s", d.ratio(), d.reference())).orElse(""));
            return new Answer(200, AgentProtocol.measurement(m, p.name()));
        } catch (ProfilingException e) {
            return Answer.error(422, "cannot measure the model: " + e.getMessage().replace(model.toString(),
                    "the upload"));
        } catch (RuntimeException e) {
            return Answer.error(500, "cannot measure the model: " + e);
        }
    }

    private void release(Path upload) {
        try {
            if (upload != null) {
                Files.deleteIfExists(upload);
            }
        } catch (IOException e) {
            config.log().accept("could not delete " + upload + ": " + e.getMessage());
        } finally {
            inFlight.decrementAndGet();
            admitted.release();
        }
    }

    private Params params(String rawQuery) {
        Map<String, String> q = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!AgentProtocol.MEASURE_PARAMETERS.contains(k)) {
                    throw new IllegalArgumentException("unknown parameter '" + clip(k) + "'; known: "
                            + AgentProtocol.MEASURE_PARAMETERS);
                }
                if (q.put(k, v) != null) {
                    throw new IllegalArgumentException("parameter '" + k + "' given twice");
                }
            }
        }
        MeasurementPlan d = MeasurementPlan.defaults();
        int warmup = intParam(q, "warmup", d.warmupRuns(), 0, MeasurementPlan.MAX_RUNS);
        int minRuns = intParam(q, "min_runs", d.minRuns(), 1, MeasurementPlan.MAX_RUNS);
        int maxRuns = intParam(q, "max_runs", d.maxRuns(), 1, MeasurementPlan.MAX_RUNS);
        long maxMs = config.maxMeasurementTime().toMillis();
        long maxTimeMs = longParam(q, "max_time_ms", Math.min(d.budget().toMillis(), maxMs), 1, maxMs);
        double target;
        try {
            target = q.containsKey("target_error") ? Double.parseDouble(q.get("target_error"))
                    : d.targetRelativeError();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target_error must be a number, but was '" + clip(q.get("target_error"))
                    + "'");
        }
        MeasurementPlan plan = MeasurementPlan.builder().warmupRuns(warmup).minRuns(minRuns).maxRuns(maxRuns)
                .targetRelativeError(target).budget(Duration.ofMillis(maxTimeMs)).build();
        long seed = longParam(q, "seed", ProfileRequest.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        Integer threads = q.containsKey("threads") ? intParam(q, "threads", 1, 1, DeviceSettings.MAX_THREADS) : null;
        String name = q.get("name");
        if (name != null && (name.isBlank() || name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 32))) {
            throw new IllegalArgumentException("name must be 1 to " + MAX_NAME + " printable characters");
        }
        return new Params(plan, seed, threads, name, driftParam(q));
    }

    /** Absent is off, as an older client means it. */
    private static DriftControl driftParam(Map<String, String> q) {
        String v = q.get(AgentProtocol.DRIFT_CONTROL);
        if (v == null) {
            return DriftControl.OFF;
        }
        return switch (v) {
            case "on" -> DriftControl.ON;
            case "off" -> DriftControl.OFF;
            default -> throw new IllegalArgumentException(AgentProtocol.DRIFT_CONTROL + " must be on or off, but was '"
                    + clip(v) + "'");
        };
    }

    private static int intParam(Map<String, String> q, String k, int dflt, int min, int max) {
        return (int) longParam(q, k, dflt, min, max);
    }

    private static long longParam(Map<String, String> q, String k, long dflt, long min, long max) {
        String v = q.get(k);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(k + " must be an integer, but was '" + clip(v) + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(k + " must be in " + min + ".." + max + ", but was " + n);
        }
        return n;
    }

    private static String clip(String s) {
        return RequestHead.clip(s);
    }

    private static byte[] sha256(String s) {
        return Sha256.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
