package io.hwnas.cli.predictor;

import io.hwnas.cli.DatabaseOption;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.data.MeasurementDatasets;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where latencies come from: a published table's column, or a device in the measurement database. */
final class LatencyData {

    static final class Table {
        @Option(names = "--table", required = true, paramLabel = "F", description = "CSV of latencies in ms.")
        Path file;

        @Option(names = "--arch-column", required = true, paramLabel = "C",
                description = "Column with architectures in the space's canonical form.")
        String archColumn;

        @Option(names = "--latency-column", required = true, paramLabel = "L", description = "Latency column.")
        String latencyColumn;
    }

    @ArgGroup(exclusive = false)
    Table table;

    @Option(names = "--device", paramLabel = "ID", description = "Measurements of this device in the database.")
    String device;

    /**
     * With {@code --device}, labels are corrected latencies when {@code labels} is on, raw medians when off. Data
     * without a single row fails naming where it came from and which rows were set aside.
     */
    LatencyDataset load(SearchSpace space, DatabaseOption database, DriftControl labels, DuplicatesOption duplicates)
            throws Exception {
        duplicates.requireTable(table != null);
        LatencyDataset d;
        if (table != null) {
            d = LatencyTable.read(existing(table.file), space, table.archColumn, duplicates.get())
                    .dataset(table.latencyColumn);
        } else {
            try (SqliteMeasurementStore store = database.openExisting()) {
                d = MeasurementDatasets.fromStore(store, space, device, labels);
            }
        }
        if (d.size() == 0) {
            throw new IllegalArgumentException("no latency to learn from in " + d.source()
                    + (d.skipped() > 0 ? ": " + d.setAsideText() : ""));
        }
        return d;
    }

    /** {@code file}, when it is one; a table that is not there, or is a folder, is named as such. */
    static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException((Files.isDirectory(file) ? "a folder, not a table: "
                    : Files.exists(file) ? "not a regular file, so not a table: " : "no such table: ") + file);
        }
        return file;
    }
}
