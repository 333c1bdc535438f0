package io.hwnas.predictors.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Latency tables as {@code predictor eval}, {@code train}, {@code transfer} and {@code spec-transfer} read them: any
 * file either loads or is refused with an {@link IllegalArgumentException} naming it; every column's dataset, with
 * duplicates refused and averaged, either is one (positive finite labels, every row of the file either a record or
 * set aside for a stated reason) or is refused the same way. Nothing else escapes. The corpus (a cut-down HELP
 * table and the edge cases found) replays as an ordinary test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class LatencyTableFuzzTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static Path dir;

    @BeforeAll
    static void folder() throws IOException {
        dir = Files.createTempDirectory("hwnas-latency-fuzz");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(dir.resolve("t.csv"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "10s")
    void anyTableGivesDatasetsOrIsRefusedNamingTheFile(byte[] data) throws IOException {
        Path f = Files.write(dir.resolve("t.csv"), data);
        for (Duplicates d : Duplicates.values()) {
            LatencyTable t;
            try {
                t = LatencyTable.read(f, NB201, "arch_str", d);
            } catch (IllegalArgumentException expected) {
                requireNamed(expected, f);
                return;
            }
            for (String c : t.columns()) {
                try {
                    check(t.dataset(c), t.column(c));
                } catch (IllegalArgumentException expected) {
                    requireNamed(expected, f);
                }
            }
        }
    }

    private static void check(LatencyDataset d, double[] column) {
        int present = 0;
        for (double v : column) {
            present += Double.isNaN(v) ? 0 : 1;
        }
        if (present != d.size()) {
            throw new IllegalStateException(d.size() + " records, but the column has " + present + " latencies");
        }
        for (LatencyRecord r : d.records()) {
            if (!(r.latencyMs() > 0 && Double.isFinite(r.latencyMs()))) {
                throw new IllegalStateException("label " + r.latencyMs());
            }
        }
    }

    private static void requireNamed(IllegalArgumentException e, Path file) {
        if (e.getMessage() == null || !e.getMessage().startsWith(file.toString())) {
            throw new IllegalStateException("an error that does not name " + file + ": " + e.getMessage(), e);
        }
    }
}
