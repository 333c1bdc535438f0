package io.hwnas.profilers.ort;

import io.hwnas.core.measure.MemoryFigures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident-set size (VmRSS) and its high-water mark (VmHWM) from Linux's /proc. */
final class ProcMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcMemory() {}

    /** VmRSS in KiB, or {@link MemoryFigures#UNKNOWN}. */
    static long rssKib() {
        return field("VmRSS:");
    }

    /** VmHWM in KiB, or {@link MemoryFigures#UNKNOWN}. */
    static long peakRssKib() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    // e.g. "VmRSS:	  123456 kB"
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: memory is a nice-to-have beside the latency
        }
        return MemoryFigures.UNKNOWN;
    }
}
