package io.hwnas.predictors;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.testing.Fixtures;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * HELP's NAS-Bench-201 latency table, the copy committed under {@code data/} ({@link Fixtures#helpTablePath()}), as
 * the predictors read it, and small seeded samples of it. Never absent: a test that needs it runs everywhere.
 */
public final class SharedData {

    public static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    /** The latency columns of the table. */
    public static final String[] NB201_COLUMNS = Fixtures.HELP_COLUMNS.toArray(String[]::new);

    private static volatile LatencyTable nb201;

    private SharedData() {}

    /** The whole NAS-Bench-201 latency table (15,625 rows), read once. */
    public static LatencyTable nb201Table() {
        LatencyTable t = nb201;
        if (t == null) {
            synchronized (SharedData.class) {
                if (nb201 == null) {
                    try {
                        nb201 = LatencyTable.read(Fixtures.helpTablePath(), NB201, Fixtures.ARCH_COLUMN);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                t = nb201;
            }
        }
        return t;
    }

    /** A seeded sample of {@code rows} rows of one column of the table. */
    public static LatencyDataset nb201(String column, int rows, long seed) {
        LatencyDataset all = nb201Table().dataset(column);
        if (rows >= all.size()) {
            return all;
        }
        return all.split((double) rows / all.size(), seed).train();
    }
}
