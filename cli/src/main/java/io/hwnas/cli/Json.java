package io.hwnas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.drift.DriftReading;

/** The JSON that commands print with {@code --json}: one object, snake_case keys, on one line. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String line(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The statistics and settings of a measurement, as {@code measure --json} prints them. */
    public static ObjectNode measurement(Measurement m, long id, boolean cached) {
        LatencyStats s = m.stats();
        ObjectNode o = object();
        o.put("median_ms", s.medianMs());
        if (m.correctedMedianMs().isPresent()) {
            DriftReading d = m.driftReading().orElseThrow();
            o.put("corrected_median_ms", d.correctedMedianMs());
            o.put("speed_factor", d.speedFactor());
            o.put("baseline_ms", d.baselineMs());
            o.put("drift_reference", d.reference());
            o.put("reference_median_ms", d.referenceMedianMs());
            o.put("drift_steady", d.steady());
        } else {
            o.putNull("corrected_median_ms");
            o.putNull("speed_factor");
        }
        o.put("mean_ms", s.meanMs());
        o.put("p90_ms", s.p90Ms());
        o.put("p99_ms", s.p99Ms());
        o.put("min_ms", s.minMs());
        o.put("max_ms", s.maxMs());
        o.put("std_ms", s.stdMs());
        o.put("cv", s.cv());
        o.put("rse_median", s.rseMedian());
        o.put("runs", s.runs());
        o.put("stop_reason", m.stopReason().name().toLowerCase(java.util.Locale.ROOT));
        o.put("threads", m.settings().intraOpThreads());
        o.put("inter_op_threads", m.settings().interOpThreads());
        o.put("optimization_level", m.settings().optimizationLevel().name());
        o.put("execution_provider", m.settings().executionProvider());
        o.put("device", m.deviceId());
        o.put("ort_version", m.ortVersion());
        o.put("sha256", m.modelSha256());
        o.put("session_create_ms", m.sessionCreateMs());
        o.put("rss_after_session_kib", m.memory().rssAfterSessionKib());
        o.put("peak_rss_kib", m.memory().peakRssKib());
        if (m.space() != null) {
            o.put("space", m.space());
        }
        if (m.architecture() != null) {
            o.put("arch", m.architecture());
        }
        o.put("measured_at", m.measuredAt().toString());
        o.put("host", m.host());
        o.put("id", id);
        o.put("cached", cached);
        return o;
    }
}
