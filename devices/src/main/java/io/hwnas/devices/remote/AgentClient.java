package io.hwnas.devices.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.drift.ReferenceModel;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Talks to a profiling agent ({@code hwnas agent}) over HTTP: its health, and measurements of model files.
 *
 * <pre>{@code
 * AgentClient agent = AgentClient.builder(URI.create("http://127.0.0.1:7070"), token).build();
 * AgentInfo info = agent.health();                  // device, runtime, host
 * RemoteMeasurement r = agent.measure(Path.of("m.onnx"), MeasurementPlan.defaults(), OptionalInt.of(4), 1);
 * RemoteMeasurement d = agent.measure(model, plan, OptionalInt.empty(), 1, DriftControl.ON);
 * d.measurement().driftReading();                   // the agent's reference beside each run, not calibrated
 * }</pre>
 *
 * <p>A connection that cannot be made, and an agent that answers 503 (its queue is full), are tried again with a
 * doubling pause, {@code tries} times in all; anything else fails at once, since a measurement the agent may have
 * started must not run twice. Every failure is an {@link AgentException} naming the agent's URL. Thread-safe.
 */
public final class AgentClient {

    private final URI base;
    private final String token;
    private final Duration requestTimeout;
    private final int tries;
    private final Duration backoff;
    private final HttpClient http;

    private AgentClient(Builder b) {
        String u = b.url.toString();
        this.base = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.token = b.token;
        this.requestTimeout = b.requestTimeout;
        this.tries = b.tries;
        this.backoff = b.backoff;
        this.http = HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param url   the agent, e.g. {@code http://127.0.0.1:7070}; http or https, no query
     * @param token the bearer token the agent was started with
     */
    public static Builder builder(URI url, String token) {
        return new Builder(url, token);
    }

    public URI url() {
        return base;
    }

    /**
     * The bearer token kept in {@code file} ({@link TokenFile#read}); warns once on standard error when others than
     * its owner may read the file.
     */
    public static String readToken(Path file) throws IOException {
        String token = TokenFile.read(file);
        TokenFile.warnOnce(file);
        return token;
    }

    /** {@code GET /health}: what the agent runs on. */
    public AgentInfo health() throws AgentException {
        HttpRequest r = request(AgentProtocol.HEALTH).timeout(requestTimeout).GET().build();
        JsonNode json = send(r);
        try {
            return AgentProtocol.info(json);
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
    }

    /** {@link #measure(Path, MeasurementPlan, OptionalInt, long, DriftControl)} without drift control. */
    public RemoteMeasurement measure(Path model, MeasurementPlan plan, OptionalInt threads, long seed)
            throws AgentException {
        return measure(model, plan, threads, seed, DriftControl.OFF);
    }

    /**
     * Asks {@link #health()} first, so a wrong token or a model over the agent's size limit is refused before
     * megabytes are sent (an agent that answers an upload early has to drop the connection, and the answer with it);
     * then uploads the model and measures it on the agent with this plan, seed and (if given) intra-op thread count.
     * With drift control on, the agent times its reference model in alternation with the model, and the measurement
     * carries that reading, not calibrated: the baseline is the client's to keep.
     *
     * @throws AgentException if the agent is unreachable, refuses the request or cannot measure the model (a
     *                        reference its device cannot run is named in the agent's reason); with drift control, if
     *                        the agent does not know it (an older hwnas) or timed a reference that is not one of this
     *                        hwnas's {@link ReferenceModel#ladder()} (an hwnas of another version)
     */
    public RemoteMeasurement measure(Path model, MeasurementPlan plan, OptionalInt threads, long seed,
            DriftControl drift) throws AgentException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(drift, "drift");
        AgentInfo info = health();
        long size;
        try {
            size = Files.size(model);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable file: " + model, e);
        }
        if (size > info.maxUploadBytes()) {
            throw refused(413, "model of " + size + " bytes exceeds the agent's limit of " + info.maxUploadBytes()
                    + " bytes");
        }
        Path name = model.getFileName();
        String query = AgentProtocol.measureQuery(plan, threads, seed, name == null ? null : name.toString(), drift);
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(model);
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("not a readable file: " + model, e);
        }
        // the agent answers when the measurement is done: its own budget on top of the request timeout
        HttpRequest r = request(AgentProtocol.MEASURE + "?" + query).timeout(requestTimeout.plus(plan.budget()))
                .header("Content-Type", "application/octet-stream").POST(body).build();
        JsonNode json;
        try {
            json = send(r);
        } catch (AgentException e) {
            if (drift.on() && e.status() == 400
                    && e.getMessage().contains("unknown parameter '" + AgentProtocol.DRIFT_CONTROL + "'")) {
                throw withoutDriftControl();
            }
            throw e;
        }
        Measurement m;
        try {
            m = AgentProtocol.measurement(json);
        } catch (RuntimeException e) {
            throw unreadable(e);
        }
        if (drift.on()) {
            checkReference(m.driftReading().orElseThrow(this::withoutDriftControl));
        }
        return new RemoteMeasurement(base, m.provenance().host(), m);
    }

    /** An agent of an hwnas before drift control: it refuses the parameter, or (a stand-in) ignores it. */
    private AgentException withoutDriftControl() {
        return new AgentException("agent at " + base + " does not measure with drift control (an hwnas older than "
                + "this one): update the agent, or measure with --drift-control off", base, 200, null);
    }

    /** The reference the agent timed must be one of ours, or its readings would be calibrated against another's. */
    private void checkReference(DriftReading d) throws AgentException {
        if (ReferenceModel.bySha256(d.referenceSha256()).isEmpty()) {
            throw new AgentException("agent at " + base + " timed a reference model that differs from this hwnas's ("
                    + d.reference() + ", sha256 " + d.referenceSha256().substring(0, 12) + ", not one of "
                    + ReferenceModel.ladder().stream().map(ReferenceModel::name).toList() + "): it is an hwnas of "
                    + "another version; run the same version on both sides, or measure with --drift-control off",
                    base, 200, null);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest request) throws AgentException {
        long pause = backoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                if (attempt >= tries) {
                    String why = e instanceof HttpConnectTimeoutException ? "connection timed out"
                            : "connection refused";
                    throw new AgentException("agent at " + base + " is not reachable: " + why + " (" + attempt
                            + (attempt == 1 ? " try)" : " tries)"), base, AgentException.NO_ANSWER, e);
                }
                sleep(pause);
                pause *= 2;
                continue;
            } catch (HttpTimeoutException e) {
                throw new AgentException("agent at " + base + " did not answer within "
                        + request.timeout().orElse(requestTimeout).toSeconds() + " s", base, AgentException.NO_ANSWER, e);
            } catch (IOException e) {
                throw new AgentException("agent at " + base + " closed the connection: " + e.getMessage(), base,
                        AgentException.NO_ANSWER, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("interrupted while waiting for the agent at " + base, base,
                        AgentException.NO_ANSWER, e);
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return AgentProtocol.MAPPER.readTree(response.body());
                } catch (IOException e) {
                    throw unreadable(e);
                }
            }
            if (status == 503 && attempt < tries) {
                sleep(pause);
                pause *= 2;
                continue;
            }
            throw refused(status, reason(response.body()));
        }
    }

    private AgentException refused(int status, String reason) {
        String what = switch (status) {
            case 401 -> "refused the token (HTTP 401): " + reason;
            case 413 -> "refused the model as too large (HTTP 413): " + reason;
            case 503 -> "is busy (HTTP 503, " + tries + " tries): " + reason;
            default -> "answered HTTP " + status + ": " + reason;
        };
        return new AgentException("agent at " + base + " " + what, base, status, null);
    }

    private AgentException unreadable(Exception e) {
        return new AgentException("agent at " + base + " sent an answer that cannot be read: " + e.getMessage(), base,
                200, e);
    }

    private static String reason(String body) {
        try {
            JsonNode n = AgentProtocol.MAPPER.readTree(body);
            if (n != null && n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not ours (a proxy's page?): show the start of it
        }
        String b = body == null ? "" : body.strip();
        return b.isEmpty() ? "(no reason given)" : b.substring(0, Math.min(200, b.length()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Defaults: connect timeout 5 s, request timeout 60 s (plus the plan's budget for a measurement), 3 tries, 250 ms first pause. */
    public static final class Builder {
        private final URI url;
        private final String token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int tries = 3;
        private Duration backoff = Duration.ofMillis(250);

        private Builder(URI url, String token) {
            this.url = url;
            this.token = token;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder tries(int tries) {
            this.tries = tries;
            return this;
        }

        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        public AgentClient build() {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null) {
                throw new IllegalArgumentException("agent url must be http://HOST:PORT or https://HOST:PORT, but was '"
                        + url + "'");
            }
            if (url.getRawQuery() != null || url.getRawFragment() != null) {
                throw new IllegalArgumentException("agent url must not have a query or fragment, but was '" + url + "'");
            }
            Objects.requireNonNull(token, "token");
            if (token.isBlank() || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
            }
            requirePositive("connectTimeout", connectTimeout);
            requirePositive("requestTimeout", requestTimeout);
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be >= 1, but was " + tries);
            }
            Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("backoff must be >= 0, but was " + backoff);
            }
            return new AgentClient(this);
        }

        private static void requirePositive(String field, Duration d) {
            Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be > 0, but was " + d);
            }
        }
    }
}
