package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE}: the measurement database, by default {@code $HWNAS_HOME/hwnas.db}. */
public final class DatabaseOption {

    @Option(names = "--db", paramLabel = "FILE",
            description = "Measurement database (default: $HWNAS_HOME/hwnas.db, HWNAS_HOME defaulting to ~/.hwnas).")
    Path db;

    public Path path() {
        return db != null ? db : HwnasHome.fromEnvironment().database();
    }

    /** Opens (creating if needed) the database; fails before any work when the path is unusable. */
    public SqliteMeasurementStore open() throws MeasurementStoreException {
        return SqliteMeasurementStore.open(path());
    }

    /** Opens the database for reading what was measured; one that is not there yet is named, not created. */
    public SqliteMeasurementStore openExisting() throws MeasurementStoreException {
        if (!Files.exists(path())) {
            throw new IllegalArgumentException("no measurement database at " + path());
        }
        return open();
    }
}
