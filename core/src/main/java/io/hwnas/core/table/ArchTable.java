package io.hwnas.core.table;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;

/**
 * A CSV keyed by architecture: one column of architectures in any spelling the space accepts (normalised to the
 * canonical string on reading) and numeric columns. Benchmark tables (NAS-Bench-201 accuracies, HELP latencies) and
 * users' own tables are read through it. A {@code .gz} file is read through gzip. A cell that is empty or not a
 * number is {@code NaN}; what that means is the reader's business.
 */
public final class ArchTable {

    private final String source;
    private final String archColumn;
    private final List<Architecture> architectures;
    private final Map<String, Integer> rowOf;
    private final Map<String, double[]> columns;

    private ArchTable(String source, String archColumn, List<Architecture> architectures,
            Map<String, double[]> columns) {
        this.source = source;
        this.archColumn = archColumn;
        this.architectures = List.copyOf(architectures);
        this.columns = Collections.unmodifiableMap(columns);
        Map<String, Integer> rows = new HashMap<>(architectures.size() * 2);
        for (int i = 0; i < architectures.size(); i++) {
            rows.putIfAbsent(architectures.get(i).canonical(), i);
        }
        this.rowOf = rows;
    }

    /** Reads a file; see {@link #read(InputStream, String, SearchSpace, String)}. */
    public static ArchTable read(Path file, SearchSpace space, String archColumn) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("a folder, not a table: " + file); // its read would say only that
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), space, archColumn);
        }
    }

    /**
     * Reads a whole table. Every architecture must decode in {@code space}: one that does not fails naming the
     * source, the line and the reason; a missing architecture column fails listing the columns there are.
     *
     * @param source what to call the table in messages (a path, a resource name); ending in {@code .gz} means gzip
     */
    public static ArchTable read(InputStream in, String source, SearchSpace space, String archColumn)
            throws IOException {
        InputStream raw = source.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16);
        String header = r.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file, expected a CSV header");
        }
        List<String> names = Csv.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
        int archIdx = names.indexOf(archColumn);
        if (archIdx < 0) {
            throw new IllegalArgumentException(source + ": no column '" + archColumn + "'; columns: " + names);
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
                throw new IllegalArgumentException(source + ":" + lineNo + ": " + cells.size()
                        + " fields, the header has " + names.size());
            }
            try {
                archs.add(space.decode(cells.get(archIdx)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": " + e.getMessage(), e);
            }
            double[] v = new double[names.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = i == archIdx ? Double.NaN : number(cells.get(i));
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
        return new ArchTable(source, archColumn, archs, cols);
    }

    private static double number(String s) {
        if (s.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public String source() {
        return source;
    }

    public String archColumn() {
        return archColumn;
    }

    /** The rows' architectures, in file order. */
    public List<Architecture> architectures() {
        return architectures;
    }

    /** The numeric column names, in file order (the architecture column left out). */
    public List<String> columns() {
        return List.copyOf(columns.keySet());
    }

    /** A copy of a column; a missing one fails naming the source and listing the columns. */
    public double[] column(String name) {
        return requireColumn(name).clone();
    }

    /** The row of {@code canonical} (the first, when a table repeats an architecture). */
    public OptionalInt row(String canonical) {
        Integer i = rowOf.get(canonical);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** A lookup from canonical architecture to the value in {@code column}, NaN cells left out. */
    public Map<String, Double> lookup(String column) {
        double[] c = requireColumn(column);
        Map<String, Double> out = new HashMap<>(c.length * 2);
        for (int i = 0; i < c.length; i++) {
            if (!Double.isNaN(c[i])) {
                out.putIfAbsent(architectures.get(i).canonical(), c[i]);
            }
        }
        return out;
    }

    private double[] requireColumn(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException(source + ": no column '" + name + "'; columns: " + columns());
        }
        return c;
    }
}
