package io.hwnas.core.table;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * The shared table reader (NAS-Bench-201 accuracies, HELP latencies, users' accuracy and latency CSVs), as a user or
 * a broken download gives it: any bytes, plain or as a {@code .gz} source, either load or are refused with an
 * {@link IllegalArgumentException} that names the source; every column then either reads or is refused the same
 * way, also with the accuracy and latency ranges the oracles ask for. Nothing else escapes. The corpus (cut-down
 * copies of {@code data/nas-bench-201/} and the edge cases found) replays as an ordinary test; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class ArchTableFuzzTest {

    private static final List<SearchSpace> SPACES = List.of(SearchSpaces.builtIn().get("nb201"),
            SearchSpaces.builtIn().get("mbv3"));

    @FuzzTest(maxDuration = "10s")
    void anyCsvLoadsOrIsRefusedNamingTheSource(byte[] data) throws IOException {
        read(data, "fuzz.csv");
    }

    @FuzzTest(maxDuration = "10s")
    void anyGzipSourceLoadsOrIsRefusedNamingTheSource(byte[] data) throws IOException {
        read(data, "fuzz.csv.gz");
    }

    private static void read(byte[] data, String source) throws IOException {
        SearchSpace space = SPACES.get(data.length > 0 && data[data.length - 1] == '\t' ? 1 : 0);
        ArchTable t;
        try {
            t = ArchTable.read(new ByteArrayInputStream(data), source, space, "arch_str");
        } catch (IllegalArgumentException expected) {
            requireNamed(expected, source);
            return;
        }
        for (int i = 0; i < t.architectures().size(); i++) {
            if (t.line(i) < 2) {
                throw new IllegalStateException("row " + i + " on line " + t.line(i));
            }
        }
        for (String c : t.columns()) {
            try {
                t.cells(c);
                t.malformedRows(c);
                t.lookup(c, v -> v >= 0 && v <= 100, "an accuracy in %");
                t.lookup(c, v -> v > 0, "a latency in ms");
            } catch (IllegalArgumentException expected) {
                requireNamed(expected, source);
            }
        }
    }

    private static void requireNamed(IllegalArgumentException e, String source) {
        if (e.getMessage() == null || !e.getMessage().startsWith(source)) {
            throw new IllegalStateException("an error that does not name " + source + ": " + e.getMessage(), e);
        }
    }
}
