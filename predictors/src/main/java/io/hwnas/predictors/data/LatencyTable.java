package io.hwnas.predictors.data;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a CSV header");
            }
            List<String> names = Csv.split(header);
            int archIdx = names.indexOf(archColumn);
            if (archIdx < 0) {
                throw new IllegalArgumentException(file + ": no column '" + archColumn + "'; columns: " + names);
            }
            List<Architecture> archs = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.split(line);
                if (cells.size() != names.size()) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + cells.size() + " fields, header has "
                            + names.size());
                }
                try {
                    archs.add(space.decode(cells.get(archIdx)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
                double[] v = new double[names.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = i == archIdx ? Double.NaN : parse(cells.get(i));
                }
                rows.add(v);
            }
            Map<String, double[]> cols = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                if (c == archIdx) {
                    continue;
                }
                double[] col = new double[rows.size()];
                for (int i = 0; i < col.length; i++) {
                    col[i] = rows.get(i)[c];
                }
                cols.put(names.get(c), col);
            }
            return new LatencyTable(file, space.name(), archColumn, archs, cols);
        }
    }

    private static double parse(String s) {
        if (s.isBlank()) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) && d > 0 ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
