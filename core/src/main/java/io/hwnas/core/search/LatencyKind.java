package io.hwnas.core.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How a latency oracle knows a device's latency; the manifest and the reports write it by its {@link #key()}. */
public enum LatencyKind {
    /** A published table. */
    TABLE,
    /** Every candidate measured. */
    MEASURED,
    /** A predictor alone. */
    PREDICTED,
    /** A predictor kept honest by the measurements the search takes (a predictor in the loop). */
    LOOP,
    /** A spec sheet: predicted from its figures or transferred from a measured reference; nothing measured. */
    SPEC;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the latencies are (or end up) real measurements taken by hwnas. */
    public boolean measures() {
        return this == LOOP || this == MEASURED;
    }

    @JsonCreator
    public static LatencyKind parse(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown latency kind '" + key + "'; known: table, measured, predicted, "
                        + "loop, spec"));
    }

    @Override
    public String toString() {
        return key();
    }
}
