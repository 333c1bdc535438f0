package io.hwnas.core.search.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a measured device's latency is known during a search. */
public enum LatencyMode {
    /** A predictor trained on a measured warm-up sample, refitted as the search measures the candidates that matter. */
    LOOP,
    /** Every candidate measured. */
    MEASURED,
    /** A saved predictor alone; nothing measured. */
    PREDICTED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the known modes */
    @JsonCreator
    public static LatencyMode parse(String key) {
        return Arrays.stream(values()).filter(m -> m.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown latency mode '" + key + "'; known: loop, measured, predicted"));
    }
}
