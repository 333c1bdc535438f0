package io.hwnas.predictors.data;

import io.hwnas.core.io.OneLine;
import java.util.Locale;

/**
 * What a latency table that lists one architecture on several rows with different latencies means: a mistake to
 * refuse (the default: a table that says 16 ms and 999 ms for one network is not to be trusted as it is), or
 * repeated measurements to average. Rows with the same latency are one row either way.
 */
public enum Duplicates {
    REFUSE,
    AVERAGE;

    /** {@code refuse} or {@code average}, as {@code --duplicates} takes it. */
    public static Duplicates parse(String word) {
        if (word != null) {
            switch (word.trim().toLowerCase(Locale.ROOT)) {
                case "refuse":
                    return REFUSE;
                case "average":
                    return AVERAGE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("--duplicates must be refuse or average, but was '"
                + OneLine.of(word, OneLine.QUOTED) + "'");
    }
}
