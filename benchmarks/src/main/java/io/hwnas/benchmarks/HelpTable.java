package io.hwnas.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * HELP's NAS-Bench-201 latency table as the benchmarks read it: the copy committed under {@code data/} (run from
 * the repository root, as the {@code bench/} scripts do), or the file {@code -Dhwnas.table=PATH} names.
 */
final class HelpTable {

    /** The latency columns, in the file's order. */
    static final List<String> COLUMNS =
            List.of("1080ti_1_ms", "2080ti_1_ms", "silver_4114_ms", "samsung_a50_ms", "essential_ph_1_ms");

    private static final String DEFAULT = "data/nas-bench-201/nb201_latency_sample_devices.csv.gz";

    private HelpTable() {}

    /** The table's path; fails naming it when there is no such file. */
    static Path path() {
        Path p = Path.of(System.getProperty("hwnas.table", DEFAULT));
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no latency table " + p.toAbsolutePath() + "; run from the repository "
                    + "root or pass -Dhwnas.table=PATH");
        }
        return p;
    }
}
