package io.hwnas.core.measure.drift;

import java.util.Locale;

/**
 * Whether a measurement runs the device's reference model interleaved with the candidate and reports a latency
 * corrected for the machine's speed at that moment ({@code on}, the default), or times the candidate alone
 * ({@code off}, the raw behaviour).
 */
public enum DriftControl {
    ON, OFF;

    /** {@code on} or {@code off}, any case; anything else is refused with a message naming the flag. */
    public static DriftControl parse(String word) {
        if (word != null) {
            switch (word.trim().toLowerCase(Locale.ROOT)) {
                case "on":
                    return ON;
                case "off":
                    return OFF;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("--drift-control must be on or off, but was '" + word + "'");
    }

    public boolean on() {
        return this == ON;
    }

    /** The word the command line takes. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
