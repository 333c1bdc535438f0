package io.hwnas.core.measure;

import java.util.OptionalLong;

/**
 * Process memory around one measurement, in KiB, read from {@code /proc/self/status} on Linux
 * ({@value #UNKNOWN} where it cannot be read, e.g. on another OS).
 *
 * <p>These are resident-set sizes (VmRSS) of the whole JVM process, so they include Java heap growth and
 * anything else the process did meanwhile; they are a coarse guide to what loading and running the model
 * costs, not an exact footprint. {@code peakRssKib} is VmHWM, the process's high-water mark since it started.
 *
 * @param rssBeforeKib       VmRSS before the session was created
 * @param rssAfterSessionKib VmRSS after the session was created, before the first run
 * @param rssAfterRunsKib    VmRSS after the last timed run, with the session still open
 * @param peakRssKib         VmHWM after the last timed run
 */
public record MemoryFigures(long rssBeforeKib, long rssAfterSessionKib, long rssAfterRunsKib, long peakRssKib) {

    public static final long UNKNOWN = -1;

    public MemoryFigures {
        check("rssBeforeKib", rssBeforeKib);
        check("rssAfterSessionKib", rssAfterSessionKib);
        check("rssAfterRunsKib", rssAfterRunsKib);
        check("peakRssKib", peakRssKib);
    }

    public static MemoryFigures unknown() {
        return new MemoryFigures(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    /** Resident-set growth while creating the session (may be negative if the JVM released memory). */
    public OptionalLong sessionGrowthKib() {
        return difference(rssAfterSessionKib, rssBeforeKib);
    }

    /** Resident-set growth from before the session to after the runs (may be negative). */
    public OptionalLong totalGrowthKib() {
        return difference(rssAfterRunsKib, rssBeforeKib);
    }

    private static OptionalLong difference(long after, long before) {
        return after == UNKNOWN || before == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(after - before);
    }

    private static void check(String field, long value) {
        if (value < UNKNOWN) {
            throw new IllegalArgumentException(field + " must be >= 0 or " + UNKNOWN + " (unknown), but was " + value);
        }
    }
}
