package io.hwnas.devices.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MemoryFigures;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.measure.StopReason;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.provenance.Provenance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * The wire format between {@link AgentClient} and the profiling agent, in one place so both sides agree.
 *
 * <p>{@code GET /health} answers {@link #info}; {@code POST /measure?warmup=10&min_runs=20&...} with the model
 * bytes as the body answers {@link #measurement} (every field of the {@link Measurement}, raw samples included,
 * with its statistics for readers; the client recomputes the statistics from the samples). Errors answer
 * {@code {"error": "reason"}} with a 4xx or 5xx status. Every request carries {@code Authorization: Bearer TOKEN}.
 *
 * <p>Drift control: {@code drift_control=on} asks the agent to time its reference model (the rung of this hwnas's
 * {@link io.hwnas.core.measure.drift.ReferenceModel#ladder()} nearest the model, built by the agent itself) in
 * alternation with the model; the answer then has a {@code drift} object: {@code reference},
 * {@code reference_sha256}, {@code reference_samples_ms} (run {@code i} beside {@code samples_ms[i]}), {@code ratio}
 * and {@code ratio_shift}, not calibrated (the baseline lives in the client's database). The parameter is sent only
 * when on, so a request without drift control is one an older agent still takes.
 */
public final class AgentProtocol {

    public static final String HEALTH = "/health";
    public static final String MEASURE = "/measure";

    /** The query parameters of {@code POST /measure}; anything else is refused. */
    public static final List<String> MEASURE_PARAMETERS =
            List.of("warmup", "min_runs", "max_runs", "target_error", "max_time_ms", "seed", "threads", "name",
                    "drift_control");

    /** The query parameter that turns drift control on; absent means off. */
    public static final String DRIFT_CONTROL = "drift_control";

    /** Reads an agent's answers too: a key named twice is refused, not read as its last value. */
    static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private AgentProtocol() {}

    /** The query string of a measure request (without {@code ?}); {@code name} is a label only, never a file name. */
    public static String measureQuery(MeasurementPlan plan, OptionalInt threads, long seed, String name) {
        return measureQuery(plan, threads, seed, name, DriftControl.OFF);
    }

    /** As {@link #measureQuery(MeasurementPlan, OptionalInt, long, String)}, with {@code drift_control=on} if on. */
    public static String measureQuery(MeasurementPlan plan, OptionalInt threads, long seed, String name,
            DriftControl drift) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("warmup", Integer.toString(plan.warmupRuns()));
        q.put("min_runs", Integer.toString(plan.minRuns()));
        q.put("max_runs", Integer.toString(plan.maxRuns()));
        q.put("target_error", Double.toString(plan.targetRelativeError()));
        q.put("max_time_ms", Long.toString(plan.budget().toMillis()));
        q.put("seed", Long.toString(seed));
        threads.ifPresent(t -> q.put("threads", Integer.toString(t)));
        if (name != null) {
            q.put("name", name);
        }
        if (drift.on()) {
            q.put(DRIFT_CONTROL, drift.word());
        }
        StringJoiner j = new StringJoiner("&");
        q.forEach((k, v) -> j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    public static String toJson(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static ObjectNode error(String reason) {
        return MAPPER.createObjectNode().put("error", reason);
    }

    public static ObjectNode info(AgentInfo i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", "ok");
        o.set("provenance", provenance(i.provenance()));
        o.put("ort_version", i.ortVersion());
        o.put("cores", i.cores());
        o.put("device", i.deviceId());
        o.put("device_name", i.deviceName());
        o.set("settings", settings(i.settings()));
        o.put("measured", i.measured());
        o.put("queued", i.queued());
        o.put("max_upload_bytes", i.maxUploadBytes());
        return o;
    }

    public static AgentInfo info(JsonNode o) {
        return new AgentInfo(provenance(req(o, "provenance")), text(o, "ort_version"), req(o, "cores").asInt(),
                text(o, "device"), text(o, "device_name"), settings(req(o, "settings")), req(o, "measured").asLong(),
                req(o, "queued").asInt(), req(o, "max_upload_bytes").asLong());
    }

    /** A measurement as the agent took it, with the agent's host beside it for convenience. */
    public static ObjectNode measurement(Measurement m, String name) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("device", m.deviceId());
        o.set("settings", settings(m.settings()));
        if (m.space() != null) {
            o.put("space", m.space());
        }
        if (m.architecture() != null) {
            o.put("arch", m.architecture());
        }
        if (name != null) {
            o.put("name", name);
        }
        o.put("sha256", m.modelSha256());
        o.put("ort_version", m.ortVersion());
        o.put("measured_at", m.measuredAt().toString());
        LatencyStats s = m.stats();
        ObjectNode stats = o.putObject("stats");
        stats.put("runs", s.runs());
        stats.put("median_ms", s.medianMs());
        stats.put("mean_ms", s.meanMs());
        stats.put("p90_ms", s.p90Ms());
        stats.put("p99_ms", s.p99Ms());
        stats.put("min_ms", s.minMs());
        stats.put("max_ms", s.maxMs());
        stats.put("std_ms", s.stdMs());
        stats.put("cv", s.cv());
        stats.put("rse_median", s.rseMedian());
        ArrayNode samples = o.putArray("samples_ms");
        m.samplesMs().forEach(samples::add);
        o.put("stop_reason", m.stopReason().name());
        o.put("session_create_ms", m.sessionCreateMs());
        ObjectNode mem = o.putObject("memory");
        mem.put("rss_before_kib", m.memory().rssBeforeKib());
        mem.put("rss_after_session_kib", m.memory().rssAfterSessionKib());
        mem.put("rss_after_runs_kib", m.memory().rssAfterRunsKib());
        mem.put("peak_rss_kib", m.memory().peakRssKib());
        MeasurementPlan p = m.plan();
        ObjectNode plan = o.putObject("plan");
        plan.put("warmup", p.warmupRuns());
        plan.put("min_runs", p.minRuns());
        plan.put("max_runs", p.maxRuns());
        plan.put("target_error", p.targetRelativeError());
        plan.put("max_time_ms", p.budget().toMillis());
        o.set("provenance", provenance(m.provenance()));
        m.driftReading().ifPresent(d -> o.set("drift", drift(d)));
        return o;
    }

    static ObjectNode drift(DriftReading d) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("reference", d.reference());
        o.put("reference_sha256", d.referenceSha256());
        ArrayNode refs = o.putArray("reference_samples_ms");
        d.referenceSamplesMs().forEach(refs::add);
        o.put("ratio", d.ratio());
        o.put("ratio_shift", d.ratioShift());
        if (d.isCalibrated()) {
            o.put("baseline_ms", d.baselineMs());
            o.put("speed_factor", d.speedFactor());
            o.put("corrected_median_ms", d.correctedMedianMs());
        }
        return o;
    }

    /**
     * The reading of a {@code drift} object beside the candidate's samples; like the statistics, the ratio and its
     * shift are recomputed from the paired samples (so the client's estimator applies), and a {@code baseline_ms}
     * (never sent by an agent) calibrates it.
     */
    static DriftReading drift(JsonNode o, List<Double> samplesMs) {
        try {
            JsonNode a = req(o, "reference_samples_ms");
            if (!a.isArray() || a.isEmpty()) {
                throw new IllegalArgumentException("reference_samples_ms: must be a non-empty array");
            }
            List<Double> refs = new ArrayList<>();
            a.forEach(v -> refs.add(v.asDouble()));
            DriftReading d = DriftReading.of(text(o, "reference"), text(o, "reference_sha256"), samplesMs, refs);
            return o.hasNonNull("baseline_ms") ? d.calibrated(o.get("baseline_ms").asDouble()) : d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drift: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@link #measurement(Measurement, String)}'s JSON back; the statistics are recomputed from the samples.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static Measurement measurement(JsonNode o) {
        List<Double> samples = new ArrayList<>();
        JsonNode a = req(o, "samples_ms");
        if (!a.isArray() || a.isEmpty()) {
            throw new IllegalArgumentException("samples_ms: must be a non-empty array");
        }
        a.forEach(v -> samples.add(v.asDouble()));
        JsonNode mem = req(o, "memory");
        JsonNode plan = req(o, "plan");
        return Measurement.builder()
                .deviceId(text(o, "device")).settings(settings(req(o, "settings")))
                .space(o.hasNonNull("space") ? o.get("space").asText() : null)
                .architecture(o.hasNonNull("arch") ? o.get("arch").asText() : null)
                .modelSha256(text(o, "sha256")).ortVersion(text(o, "ort_version"))
                .measuredAt(Instant.parse(text(o, "measured_at")))
                .samplesAndStats(samples)
                .stopReason(StopReason.valueOf(text(o, "stop_reason")))
                .sessionCreateMs(req(o, "session_create_ms").asDouble())
                .memory(new MemoryFigures(req(mem, "rss_before_kib").asLong(), req(mem, "rss_after_session_kib").asLong(),
                        req(mem, "rss_after_runs_kib").asLong(), req(mem, "peak_rss_kib").asLong()))
                .plan(MeasurementPlan.builder().warmupRuns(req(plan, "warmup").asInt())
                        .minRuns(req(plan, "min_runs").asInt()).maxRuns(req(plan, "max_runs").asInt())
                        .targetRelativeError(req(plan, "target_error").asDouble())
                        .budget(Duration.ofMillis(req(plan, "max_time_ms").asLong())).build())
                .provenance(provenance(req(o, "provenance")))
                .drift(o.hasNonNull("drift") ? drift(o.get("drift"), samples) : null)
                .build();
    }

    static ObjectNode provenance(Provenance p) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("tool_version", p.toolVersion());
        o.put("java_version", p.javaVersion());
        o.put("os_name", p.osName());
        o.put("os_arch", p.osArch());
        o.put("host", p.host());
        return o;
    }

    static Provenance provenance(JsonNode o) {
        return new Provenance(text(o, "tool_version"), text(o, "java_version"), text(o, "os_name"),
                text(o, "os_arch"), text(o, "host"));
    }

    static ObjectNode settings(DeviceSettings s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("intra_op_threads", s.intraOpThreads());
        o.put("inter_op_threads", s.interOpThreads());
        o.put("optimization_level", s.optimizationLevel().name());
        o.put("execution_mode", s.executionMode().name());
        o.put("execution_provider", s.executionProvider());
        return o;
    }

    static DeviceSettings settings(JsonNode o) {
        return new DeviceSettings(req(o, "intra_op_threads").asInt(), req(o, "inter_op_threads").asInt(),
                OptimizationLevel.valueOf(text(o, "optimization_level")),
                ExecutionMode.valueOf(text(o, "execution_mode")), text(o, "execution_provider"));
    }

    private static JsonNode req(JsonNode o, String field) {
        JsonNode v = o == null ? null : o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        return req(o, field).asText();
    }
}
