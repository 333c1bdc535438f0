package io.hwnas.predictors.weka;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The NAS-Bench-201 latency table of the read-only {@code shared/} tree, for the tests of this module's features,
 * Weka plugin and store. Tests that need it are skipped where it is absent.
 */
public final class TestTables {

    public static final String NB201_LATENCY = "data/nas-bench-201/nb201_latency_sample_devices.csv";
    public static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    private static LatencyTable nb201;

    private TestTables() {}

    /**
     * Walks up from the working directory (the module when Maven runs the tests) and looks in {@code shared/} and
     * {@code ../shared/} at each level; the system property {@code hwnas.shared} overrides.
     */
    public static Optional<Path> shared(String relative) {
        String property = System.getProperty("hwnas.shared");
        if (property != null) {
            Path p = Path.of(property).resolve(relative);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path shared : new Path[] {dir.resolve("shared"), dir.resolveSibling("shared")}) {
                Path p = shared.resolve(relative);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p.normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** The whole table (read once per test run), or the test is skipped. */
    public static synchronized LatencyTable nb201Latency() {
        if (nb201 == null) {
            Optional<Path> p = shared(NB201_LATENCY);
            assumeTrue(p.isPresent(), "shared/" + NB201_LATENCY + " is not here");
            try {
                nb201 = LatencyTable.read(p.get(), NB201, "arch_str");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nb201;
    }

    /** The first {@code n} rows of a seeded shuffle of one column: a small, varied training set. */
    public static LatencyDataset nb201Sample(String column, int n, long seed) {
        LatencyDataset all = nb201Latency().dataset(column);
        LatencyDataset.Split s = all.split((double) n / all.size(), seed);
        return s.train();
    }
}
