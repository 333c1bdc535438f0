package io.hwnas.core.table;

import io.hwnas.core.io.OneLine;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A CSV keyed by architecture: one column of architectures in any spelling the space accepts (normalised to the
 * canonical string on reading) and numeric columns. Benchmark tables (NAS-Bench-201 accuracies, HELP latencies) and
 * users' own tables are read through it. A {@code .gz} file is read through gzip.
 *
 * <p>A cell is a value (a decimal number, as {@code 93.5}, {@code -1}, {@code 2e-3}), missing (empty or blank: the
 * table has no value there) or malformed (anything else: text, {@code NaN}, {@code Infinity}, a number too large
 * for a double). A malformed cell does not stop the file from loading, as a table may carry text columns nobody
 * asks for; asking for its column with {@link #column} or {@link #lookup} fails naming the file, the line and the
 * column. {@link #cells} and {@link #malformedRows} give a reader that sets bad rows aside what it needs.
 *
 * <pre>{@code
 * ArchTable t = ArchTable.read(Path.of("acc.csv"), nb201, "arch");
 * Map<String, Double> acc = t.lookup("top1", v -> v >= 0 && v <= 100, "an accuracy in % (0 to 100)");
 * }</pre>
 */
public final class ArchTable {

    private final String source;
    private final String archColumn;
    private final List<Architecture> architectures;
    private final int[] lines;
    private final Map<String, Integer> rowOf;
    private final Map<String, Column> columns;
    private final Set<String> repeatedNames;

    /** One column: NaN where a cell is missing or malformed, which rows are malformed and the first one's text. */
    private record Column(double[] values, BitSet malformed, String firstMalformed) {}

    private ArchTable(String source, String archColumn, List<Architecture> architectures, int[] lines,
            Map<String, Column> columns, Set<String> repeatedNames) {
        this.source = source;
        this.archColumn = archColumn;
        this.architectures = List.copyOf(architectures);
        this.lines = lines;
        this.columns = Collections.unmodifiableMap(columns);
        this.repeatedNames = Set.copyOf(repeatedNames);
        Map<String, Integer> rows = new HashMap<>(architectures.size() * 2);
        for (int i = 0; i < architectures.size(); i++) {
            rows.putIfAbsent(architectures.get(i).canonical(), i);
        }
        this.rowOf = rows;
    }

    /**
     * Reads a file; see {@link #read(InputStream, String, SearchSpace, String)}. A path that is not there or is a
     * folder is a caller's mistake, naming it.
     */
    public static ArchTable read(Path file, SearchSpace space, String archColumn) throws IOException {
        if (Files.isDirectory(file) || !Files.exists(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.isDirectory(file) ? "a folder, not a table"
                    : "no such file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), space, archColumn);
        }
    }

    /**
     * Reads a whole table. Every architecture must decode in {@code space}: one that does not fails naming the
     * source, the line and the reason; a missing architecture column fails listing the columns there are, a row
     * with another number of fields than the header names its line, and a {@code .gz} source that is not gzip says
     * so. Each fails with an {@link IllegalArgumentException}, the source named.
     *
     * @param source what to call the table in messages (a path, a resource name); ending in {@code .gz} means gzip
     *               (and {@code in} is closed when read)
     * @throws IOException when the stream cannot be read
     */
    public static ArchTable read(InputStream in, String source, SearchSpace space, String archColumn)
            throws IOException {
        if (!source.endsWith(".gz")) {
            return parse(reader(in), source, space, archColumn);
        }
        // Closed here, so that its inflater's native memory goes now rather than when a cleaner gets to it.
        try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
            return parse(reader(gz), source, space, archColumn);
        } catch (ZipException | EOFException e) {
            throw new IllegalArgumentException(source + ": not a whole gzip file (" + e.getMessage() + ")", e);
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static ArchTable parse(BufferedReader r, String source, SearchSpace space, String archColumn)
            throws IOException {
        String header = r.readLine();
        if (header == null) {
            throw new IllegalArgumentException(source + ": empty file, expected a CSV header");
        }
        List<String> names = Csv.split(header.startsWith("\uFEFF") ? header.substring(1) : header);
        int archIdx = names.indexOf(archColumn);
        if (archIdx < 0) {
            throw new IllegalArgumentException(source + ": no column '" + OneLine.of(archColumn, OneLine.QUOTED)
                    + "'; columns: " + shownNames(names));
        }
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                repeated.add(n);
            }
        }
        List<Architecture> archs = new ArrayList<>();
        List<Integer> lineOf = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        BitSet[] malformed = new BitSet[names.size()];
        String[] firstMalformed = new String[names.size()];
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
                if (Double.isInfinite(v[i])) { // the mark number() leaves on a malformed cell
                    v[i] = Double.NaN;
                    if (malformed[i] == null) {
                        malformed[i] = new BitSet();
                        firstMalformed[i] = cells.get(i);
                    }
                    malformed[i].set(rows.size());
                }
            }
            rows.add(v);
            lineOf.add(lineNo);
        }
        Map<String, Column> cols = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) {
            if (c == archIdx || cols.containsKey(names.get(c))) {
                continue;
            }
            double[] col = new double[rows.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = rows.get(i)[c];
            }
            cols.put(names.get(c), new Column(col, malformed[c] == null ? new BitSet() : malformed[c],
                    firstMalformed[c]));
        }
        return new ArchTable(source, archColumn, archs, lineOf.stream().mapToInt(Integer::intValue).toArray(), cols,
                repeated);
    }

    /**
     * The value of a cell: NaN when it is missing (blank), infinity when it is malformed (a decimal number is never
     * read as infinite: one too large for a double is malformed too).
     */
    private static double number(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            // Double.parseDouble also takes NaN, Infinity, hexadecimal and a trailing d or f: none is a table's number.
            if (!(ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                return Double.POSITIVE_INFINITY;
            }
        }
        try {
            double v = Double.parseDouble(t);
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        } catch (NumberFormatException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static List<String> shownNames(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size() && i < 50; i++) {
            out.add(OneLine.of(names.get(i), OneLine.QUOTED));
        }
        if (names.size() > 50) {
            out.add("... " + (names.size() - 50) + " more");
        }
        return out;
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

    /** The line of the file row {@code row} was read from (the header is line 1; blank lines count). */
    public int line(int row) {
        return lines[row];
    }

    /** The numeric column names, in file order (the architecture column left out). */
    public List<String> columns() {
        return List.copyOf(columns.keySet());
    }

    /**
     * A copy of a column, NaN where a cell is missing. A column with a malformed cell fails naming the source, the
     * line, the column and the cell, with how many more there are; a missing one lists the columns there are.
     */
    public double[] column(String name) {
        requireWellFormed(name);
        return requireColumn(name).values().clone();
    }

    /** A copy of a column as read, NaN where a cell is missing or malformed; {@link #malformedRows} tells which. */
    public double[] cells(String name) {
        return requireColumn(name).values().clone();
    }

    /** The rows whose cell in {@code name} is malformed (neither a number nor empty). */
    public BitSet malformedRows(String name) {
        return (BitSet) requireColumn(name).malformed().clone();
    }

    /** The row of {@code canonical} (the first, when a table repeats an architecture). */
    public OptionalInt row(String canonical) {
        Integer i = rowOf.get(canonical);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** {@link #lookup(String, DoublePredicate, String)} taking any number. */
    public Map<String, Double> lookup(String column) {
        return lookup(column, v -> true, "");
    }

    /**
     * A lookup from canonical architecture to the value in {@code column}, missing cells left out. Fails naming the
     * source and the line for a malformed cell, for a value that {@code valid} refuses (saying it is not
     * {@code expected}, e.g. "an accuracy in % (0 to 100)"), and for an architecture listed twice with two values
     * (naming both lines); an architecture listed twice with one value is one entry.
     */
    public Map<String, Double> lookup(String column, DoublePredicate valid, String expected) {
        double[] c = column(column);
        Map<String, Double> out = new HashMap<>(c.length * 2);
        Map<String, Integer> firstRow = new HashMap<>(c.length * 2);
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i])) {
                continue;
            }
            if (!valid.test(c[i])) {
                throw new IllegalArgumentException(source + ":" + lines[i] + ": column '"
                        + OneLine.of(column, OneLine.QUOTED) + "': " + show(c[i]) + " is not " + expected);
            }
            String a = architectures.get(i).canonical();
            Integer before = firstRow.putIfAbsent(a, i);
            if (before != null && c[before] != c[i]) {
                throw new IllegalArgumentException(source + ": column '" + OneLine.of(column, OneLine.QUOTED)
                        + "': architecture " + a + " has two values, " + show(c[before]) + " (line " + lines[before]
                        + ") and " + show(c[i]) + " (line " + lines[i] + "); a table gives one value an architecture");
            }
            out.putIfAbsent(a, c[i]);
        }
        return out;
    }

    /** A number as a message shows it: whole numbers without ".0". */
    public static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private void requireWellFormed(String name) {
        Column c = requireColumn(name);
        BitSet bad = c.malformed();
        if (bad.isEmpty()) {
            return;
        }
        int first = bad.nextSetBit(0);
        int count = bad.cardinality();
        List<String> next = new ArrayList<>();
        for (int i = bad.nextSetBit(first + 1); i >= 0 && next.size() < 5; i = bad.nextSetBit(i + 1)) {
            next.add(Integer.toString(lines[i]));
        }
        String more = count == 1 ? "" : " (and " + (count - 1) + " more in the column: line"
                + (count > 2 ? "s " : " ") + String.join(", ", next) + (count - 1 > next.size() ? ", ..." : "") + ")";
        throw new IllegalArgumentException(source + ":" + lines[first] + ": column '"
                + OneLine.of(name, OneLine.QUOTED) + "': '" + OneLine.of(c.firstMalformed(), OneLine.QUOTED)
                + "' is not a number" + more
                + "; leave a cell empty where there is no value");
    }

    private Column requireColumn(String name) {
        Column c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException(source + ": no column '" + OneLine.of(name, OneLine.QUOTED)
                    + "'; columns: " + shownNames(columns()));
        }
        if (repeatedNames.contains(name)) {
            throw new IllegalArgumentException(source + ": the header names column '" + OneLine.of(name, OneLine.QUOTED)
                    + "' more than once; which one is meant is not clear");
        }
        return c;
    }
}
