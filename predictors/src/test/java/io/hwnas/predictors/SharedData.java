package io.hwnas.predictors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.space.Shared;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The read-only {@code shared/} data tree, at {@code ../shared} from the project root (the system property
 * {@code hwnas.shared} overrides), and small seeded samples of its NAS-Bench-201 latency table. Tests that need it
 * are skipped, not failed, where it is absent.
 */
public final class SharedData {

    public static final io.hwnas.core.space.SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    public static final String NB201_LATENCY = "data/nas-bench-201/nb201_latency_sample_devices.csv";
    /** The latency columns of {@link #NB201_LATENCY}. */
    public static final String[] NB201_COLUMNS =
            {"1080ti_1_ms", "2080ti_1_ms", "silver_4114_ms", "samsung_a50_ms", "essential_ph_1_ms"};

    private static volatile LatencyTable nb201;

    private SharedData() {}

    /** The shared file, found as core's tests find it ({@link Shared#file}). */
    public static Optional<Path> file(String relative) {
        return Shared.file(relative);
    }

    /** The whole NAS-Bench-201 latency table (15,625 rows), read once; skips the calling test when absent. */
    public static LatencyTable nb201Table() {
        LatencyTable t = nb201;
        if (t == null) {
            Optional<Path> p = file(NB201_LATENCY);
            assumeTrue(p.isPresent(), "shared/" + NB201_LATENCY + " not found; set -Dhwnas.shared=DIR");
            synchronized (SharedData.class) {
                if (nb201 == null) {
                    try {
                        nb201 = LatencyTable.read(p.get(), SearchSpaces.builtIn().get("nb201"), "arch_str");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                t = nb201;
            }
        }
        return t;
    }

    /** A seeded sample of {@code rows} rows of one column of {@link #NB201_LATENCY}. */
    public static LatencyDataset nb201(String column, int rows, long seed) {
        LatencyDataset all = nb201Table().dataset(column);
        if (rows >= all.size()) {
            return all;
        }
        return all.split((double) rows / all.size(), seed).train();
    }
}
