package io.hwnas.profilers.agent;

import io.hwnas.core.measure.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.remote.AgentProtocol;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.ort.ProfilingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <li>every request needs {@code Authorization: Bearer TOKEN}, compared in constant time on SHA-256 digests (so
 *     neither content nor length leaks through timing); otherwise 401 and nothing is read or run;</li>
 * <li>a declared {@code Content-Length} above the limit gets 413 before the body is read (the JDK server then
 *     drops the connection rather than drain it); a chunked body is counted and cut off at the limit;</li>
 * <li>one measurement at a time on a single worker thread, at most {@code maxQueue} waiting; more get 503 before
 *     their body is read;</li>
 * <li>a client that sends too slowly is disconnected after {@code requestReadTimeout} by the JDK server's own
 *     timer ({@code sun.net.httpserver.maxReqTime}), while a small pool of handler threads serves the others;</li>
 * <li>uploads go to {@code workDir} under names the agent makes up, and are deleted after the measurement; no
 *     name the client sends is used for a file; unknown query parameters and paths are refused.</li>
 * </ul>
 */
public final class ProfilingAgent implements AutoCloseable {

    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    private static final int HANDLER_THREADS = 8;
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final int MAX_RUNS_LIMIT = 1_000_000;
    private static final int MAX_NAME = 200;

    private final AgentConfig config;
    private final HttpServer server;
    private final ExecutorService handlers;
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
        limitRequestTime(config.requestReadTimeout());
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 50);
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, daemon("hwnas-agent-http"));
        this.worker = Executors.newSingleThreadExecutor(daemon("hwnas-agent-measure"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts listening; the server runs on daemon threads until {@link #close()}. */
    public static ProfilingAgent start(AgentConfig config) throws IOException {
        return new ProfilingAgent(Objects.requireNonNull(config, "config"));
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** Measurements finished since start. */
    public long measured() {
        return measured.get();
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
        handlers.shutdownNow();
    }

    /**
     * The JDK server reads this property once, when its first server is made, and then closes any connection whose
     * request (headers and body) is not complete in time. Left alone if the user set it.
     */
    private static void limitRequestTime(Duration limit) {
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, Long.toString(limit.toSeconds()));
        }
    }

    private record Reply(int status, JsonNode body) {
        static Reply error(int status, String reason) {
            return new Reply(status, AgentProtocol.error(reason));
        }
    }

    private void handle(HttpExchange ex) {
        Reply reply;
        try {
            reply = dispatch(ex);
        } catch (RuntimeException e) {
            reply = Reply.error(500, "internal error: " + e);
        }
        try (ex) {
            if (reply.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            if (reply.status() != 200) {
                config.log().accept("refused " + ex.getRequestMethod() + " from " + ex.getRemoteAddress() + ": HTTP "
                        + reply.status() + " " + reply.body().path("error").asText());
            }
            byte[] body = (AgentProtocol.toJson(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            config.log().accept("could not answer " + ex.getRemoteAddress() + ": " + e.getMessage());
        }
    }

    private Reply dispatch(HttpExchange ex) {
        if (!authorized(ex)) {
            return Reply.error(401, "missing or wrong bearer token");
        }
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        if (AgentProtocol.HEALTH.equals(path)) {
            return "GET".equals(method) ? new Reply(200, AgentProtocol.info(info()))
                    : Reply.error(405, "use GET for " + AgentProtocol.HEALTH);
        }
        if (AgentProtocol.MEASURE.equals(path)) {
            return "POST".equals(method) ? measure(ex) : Reply.error(405, "use POST for " + AgentProtocol.MEASURE);
        }
        return Reply.error(404, "no such endpoint; known: " + AgentProtocol.HEALTH + ", " + AgentProtocol.MEASURE);
    }

    AgentInfo info() {
        DeviceProfile d = config.device();
        return new AgentInfo(provenance, profiler.ortVersion(), Runtime.getRuntime().availableProcessors(), d.id(),
                d.name(), d.settings(), measured.get(), inFlight.get(), config.maxUploadBytes());
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        String given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : "";
        return MessageDigest.isEqual(tokenDigest, sha256(given));
    }

    private record Params(MeasurementPlan plan, long seed, Integer threads, String name, DriftControl drift) {}

    // Each refusal below comes before the body is read, so a refused client costs the agent no upload.
    private Reply measure(HttpExchange ex) {
        Params p;
        try {
            p = params(ex.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        Reply badLength = checkDeclaredLength(ex);
        if (badLength != null) {
            return badLength;
        }
        DeviceProfile device;
        try {
            device = p.threads() == null ? config.device() : config.device().withIntraOpThreads(p.threads());
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage());
        }
        if (!admitted.tryAcquire()) {
            return Reply.error(503, "agent busy: " + (config.maxQueue() + 1)
                    + " measurements running or waiting, the most it takes");
        }
        inFlight.incrementAndGet();
        return uploadAndMeasure(ex, p, device);
    }

    /** A reply refusing the request's declared body (none, not a number, empty or too big), else null. */
    private Reply checkDeclaredLength(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (length == null && !chunked) {
            return Reply.error(411, "send the model as the body, with a Content-Length");
        }
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                return Reply.error(400, "Content-Length is not a number");
            }
            if (n > config.maxUploadBytes()) {
                return Reply.error(413, "model of " + n + " bytes exceeds the agent's limit of "
                        + config.maxUploadBytes() + " bytes");
            }
            if (n == 0) {
                return Reply.error(400, "empty body: send the model bytes");
            }
        }
        return null;
    }

    /**
     * An admitted request: stores the body, hands it to the worker and waits for the measurement. The admission and
     * the upload are released exactly once: here until the job is handed over, by the job (or a cancelled job's
     * waiter) after.
     */
    private Reply uploadAndMeasure(HttpExchange ex, Params p, DeviceProfile device) {
        Path upload = null;
        boolean handedOver = false;
        try {
            upload = Files.createTempFile(config.workDir(), "upload-", ".onnx");
            Reply tooBig = receive(ex.getRequestBody(), upload);
            if (tooBig != null) {
                return tooBig;
            }
            Path model = upload;
            Future<Measurement> job = worker.submit(() -> {
                try {
                    return profiler.measure(ProfileRequest.builder(model, device).plan(p.plan()).seed(p.seed())
                            .drift(p.drift()).build());
                } finally {
                    release(model);
                }
            });
            handedOver = true;
            return await(job, model, p);
        } catch (IOException e) {
            return Reply.error(400, "could not read the model: " + e.getMessage());
        } finally {
            if (!handedOver) {
                release(upload);
            }
        }
    }

    /** Waits for the worker's job long enough for every queued measurement ahead of it, and answers its result. */
    private Reply await(Future<Measurement> job, Path model, Params p) {
        long waitMs = (config.maxQueue() + 1L) * config.maxMeasurementTime().plus(GRACE).toMillis();
        try {
            Measurement m = job.get(waitMs, TimeUnit.MILLISECONDS);
            measured.incrementAndGet();
            config.log().accept("measured " + (p.name() == null ? "a model" : p.name()) + " (" + m.modelSha256()
                    .substring(0, 12) + ") on " + m.deviceId() + ": median " + String.format("%.3f ms, %d runs",
                    m.stats().medianMs(), m.stats().runs()) + m.driftReading().map(d -> String.format(
                    ", %.3f times reference %s", d.ratio(), d.reference())).orElse(""));
            return new Reply(200, AgentProtocol.measurement(m, p.name()));
        } catch (TimeoutException e) {
            if (job.cancel(false)) {
                release(model); // never started, so the job will not release it
            }
            return Reply.error(504, "measurement did not finish within " + waitMs / 1000 + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            String why = c instanceof ProfilingException ? c.getMessage().replace(model.toString(), "the upload")
                    : String.valueOf(c);
            return Reply.error(c instanceof ProfilingException ? 422 : 500, "cannot measure the model: " + why);
        } catch (CancellationException | InterruptedException e) {
            return Reply.error(503, "agent is shutting down");
        }
    }

    /** Copies the body to the file; a reply if it exceeds the limit (only possible when chunked), else null. */
    private Reply receive(InputStream in, Path upload) throws IOException {
        long limit = config.maxUploadBytes();
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(upload)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) {
                    return Reply.error(413, "model exceeds the agent's limit of " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
        }
        return total == 0 ? Reply.error(400, "empty body: send the model bytes") : null;
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
        int warmup = intParam(q, "warmup", d.warmupRuns(), 0, MAX_RUNS_LIMIT);
        int minRuns = intParam(q, "min_runs", d.minRuns(), 1, MAX_RUNS_LIMIT);
        int maxRuns = intParam(q, "max_runs", d.maxRuns(), 1, MAX_RUNS_LIMIT);
        long maxTimeMs = longParam(q, "max_time_ms", d.budget().toMillis(), 1, config.maxMeasurementTime().toMillis());
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
        Integer threads = q.containsKey("threads") ? intParam(q, "threads", 1, 1, 1024) : null;
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
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
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
