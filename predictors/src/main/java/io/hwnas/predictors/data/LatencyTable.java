package io.hwnas.predictors.data;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published latency table: a CSV with an architecture column in the space's canonical form and one or more
 * latency columns in ms (NAS-Bench-201 / HELP style: one column per device). Cells are kept as parsed numbers;
 * an empty, unparsable or non-positive latency is {@code NaN} and is skipped (and counted) when a dataset is
 * taken from a column.
 *
 * <pre>{@code
 * LatencyTable t = LatencyTable.read(path, nb201, "arch_str");
 * LatencyDataset pixel = t.dataset("essential_ph_1_ms");
 * }</pre>
 */
public final class LatencyTable {

    private final Path file;
    private final String space;
    private final String archColumn;
    private final List<Architecture> architectures;
    private final Map<String, double[]> columns;

    private LatencyTable(Path file, String space, String archColumn, List<Architecture> architectures,
            Map<String, double[]> columns) {
        this.file = file;
        this.space = space;
        this.archColumn = archColumn;
        this.architectures = List.copyOf(architectures);
        this.columns = columns;
    }

    /**
     * Reads the whole table. Every architecture must decode in {@code space}: an unknown one fails naming the file,
     * the line and the reason. Numeric columns are all the others.
     */
    public static LatencyTable read(Path file, SearchSpace space, String archColumn) throws IOException {
        ArchTable t = ArchTable.read(file, space, archColumn);
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String c : t.columns()) {
            double[] v = t.column(c);
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.isFinite(v[i]) && v[i] > 0 ? v[i] : Double.NaN;
            }
            cols.put(c, v);
        }
        return new LatencyTable(file, space.name(), archColumn, t.architectures(), cols);
    }

    public Path file() {
        return file;
    }

    public List<Architecture> architectures() {
        return architectures;
    }

    public List<String> columns() {
        return List.copyOf(columns.keySet());
    }

    /** A copy of a column, {@code NaN} where the cell is empty or not a positive number. */
    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException(file + ": no column '" + name + "'; columns: " + columns());
        }
        return c.clone();
    }

    /** The rows of one latency column, skipping (and counting) rows without a positive latency. */
    public LatencyDataset dataset(String latencyColumn) {
        double[] c = column(latencyColumn);
        List<LatencyRecord> rs = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i])) {
                skipped++;
            } else {
                rs.add(new LatencyRecord(architectures.get(i), c[i]));
            }
        }
        return new LatencyDataset(space, latencyColumn, file.getFileName() + "#" + latencyColumn + " (arch "
                + archColumn + ")", rs, skipped);
    }
}
