package io.hwnas.predictors.data;

import io.hwnas.core.io.OneLine;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A published latency table: a CSV with an architecture column in the space's canonical form and one or more
 * latency columns in ms (NAS-Bench-201 / HELP style: one column per device). One architecture is one row of the
 * table however often the file lists it.
 *
 * <p>A dataset taken from a column sets rows aside and says which and why ({@link LatencyDataset#setAside()}): an
 * empty cell (no latency), a cell that is not a finite number (text, {@code NaN}, {@code Infinity}), a zero or
 * negative latency, and a row that repeats an architecture with the latency it already has. An architecture listed
 * with two different latencies is refused naming both lines, unless the table is read with
 * {@link Duplicates#AVERAGE}, which averages them.
 *
 * <pre>{@code
 * LatencyTable t = LatencyTable.read(path, nb201, "arch_str");
 * LatencyDataset pixel = t.dataset("essential_ph_1_ms");
 * }</pre>
 */
public final class LatencyTable {

    private final Path file;
    private final String space;
    private final ArchTable table;
    private final Duplicates duplicates;
    /** The architectures once each, in the order of their first row. */
    private final List<Architecture> architectures;
    /** For each row of the file, its architecture's index in {@link #architectures}. */
    private final int[] archOfRow;

    private LatencyTable(Path file, String space, ArchTable table, Duplicates duplicates) {
        this.file = file;
        this.space = space;
        this.table = table;
        this.duplicates = duplicates;
        List<Architecture> rows = table.architectures();
        Map<String, Integer> index = new HashMap<>(rows.size() * 2);
        List<Architecture> unique = new ArrayList<>();
        archOfRow = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Integer at = index.putIfAbsent(rows.get(i).canonical(), unique.size());
            if (at == null) {
                at = unique.size();
                unique.add(rows.get(i));
            }
            archOfRow[i] = at;
        }
        this.architectures = List.copyOf(unique);
    }

    /** {@link #read(Path, SearchSpace, String, Duplicates)}, refusing an architecture with two latencies. */
    public static LatencyTable read(Path file, SearchSpace space, String archColumn) throws IOException {
        return read(file, space, archColumn, Duplicates.REFUSE);
    }

    /**
     * Reads the whole table. Every architecture must decode in {@code space}: an unknown one fails naming the file,
     * the line and the reason. Numeric columns are all the others.
     */
    public static LatencyTable read(Path file, SearchSpace space, String archColumn, Duplicates duplicates)
            throws IOException {
        Objects.requireNonNull(duplicates, "duplicates");
        return new LatencyTable(file, space.name(), ArchTable.read(file, space, archColumn), duplicates);
    }

    public Path file() {
        return file;
    }

    /** Each architecture once, in the order of its first row. */
    public List<Architecture> architectures() {
        return architectures;
    }

    public List<String> columns() {
        return table.columns();
    }

    /**
     * A column by {@link #architectures()}: each one's latency, {@code NaN} where none of its rows has a positive
     * one.
     *
     * @throws IllegalArgumentException for an unknown column, or an architecture with two latencies in it when
     *                                  duplicates are refused
     */
    public double[] column(String name) {
        return merge(name).latency;
    }

    /** The rows of one latency column, one record an architecture, saying which rows were set aside and why. */
    public LatencyDataset dataset(String latencyColumn) {
        Merged m = merge(latencyColumn);
        List<LatencyRecord> rs = new ArrayList<>();
        for (int a = 0; a < architectures.size(); a++) {
            if (!Double.isNaN(m.latency[a])) {
                rs.add(new LatencyRecord(architectures.get(a), m.latency[a]));
            }
        }
        List<LatencyDataset.SetAside> why = new ArrayList<>();
        for (Reason r : Reason.values()) {
            if (m.count[r.ordinal()] > 0) {
                why.add(new LatencyDataset.SetAside(r.text(duplicates), m.count[r.ordinal()],
                        m.lines.get(r.ordinal())));
            }
        }
        int skipped = table.architectures().size() - rs.size();
        String source = file.getFileName() + "#" + latencyColumn + " (arch " + table.archColumn() + ")";
        return new LatencyDataset(space, latencyColumn, source, rs, skipped, why);
    }

    /** Why a row gives no record of its own, in the order a dataset lists them. */
    private enum Reason {
        EMPTY, NOT_A_NUMBER, NOT_POSITIVE, REPEATED;

        String text(Duplicates d) {
            return switch (this) {
                case EMPTY -> "with no latency";
                case NOT_A_NUMBER -> "with a latency that is not a finite number";
                case NOT_POSITIVE -> "with a zero or negative latency";
                case REPEATED -> d == Duplicates.AVERAGE ? "repeating an architecture of an earlier row (averaged)"
                        : "repeating an architecture of an earlier row with the same latency (merged)";
            };
        }
    }

    private static final class Merged {
        final double[] latency;
        final int[] count = new int[Reason.values().length];
        final List<List<Integer>> lines = new ArrayList<>();

        Merged(int architectures) {
            latency = new double[architectures];
            java.util.Arrays.fill(latency, Double.NaN);
            for (int i = 0; i < count.length; i++) {
                lines.add(new ArrayList<>());
            }
        }

        void setAside(Reason r, int line) {
            count[r.ordinal()]++;
            List<Integer> l = lines.get(r.ordinal());
            if (l.size() < LatencyDataset.SetAside.LINES_SHOWN) {
                l.add(line);
            }
        }
    }

    /** One latency an architecture from its rows' cells, counting the rows set aside by reason. */
    private Merged merge(String column) {
        double[] cells = table.cells(column);
        BitSet malformed = table.malformedRows(column);
        Merged m = new Merged(architectures.size());
        int[] firstRow = new int[architectures.size()];
        double[] sum = new double[architectures.size()];
        int[] n = new int[architectures.size()];
        boolean[] differ = new boolean[architectures.size()];
        for (int i = 0; i < cells.length; i++) {
            int line = table.line(i);
            if (malformed.get(i)) {
                m.setAside(Reason.NOT_A_NUMBER, line);
                continue;
            }
            double v = cells[i];
            if (Double.isNaN(v)) {
                m.setAside(Reason.EMPTY, line);
                continue;
            }
            if (!(v > 0)) {
                m.setAside(Reason.NOT_POSITIVE, line);
                continue;
            }
            int a = archOfRow[i];
            if (n[a] == 0) {
                firstRow[a] = i;
            } else {
                double first = cells[firstRow[a]];
                if (v != first && duplicates == Duplicates.REFUSE) {
                    throw new IllegalArgumentException(file + ": column '" + OneLine.of(column, OneLine.QUOTED)
                            + "': architecture " + architectures.get(a).canonical() + " has two latencies, "
                            + ArchTable.show(first) + " ms (line " + table.line(firstRow[a]) + ") and "
                            + ArchTable.show(v) + " ms (line " + line
                            + "); a table gives one latency an architecture: correct it, or average them "
                            + "(--duplicates average)");
                }
                differ[a] |= v != first;
                m.setAside(Reason.REPEATED, line);
            }
            sum[a] += v;
            n[a]++;
        }
        for (int a = 0; a < n.length; a++) {
            if (n[a] > 0) {
                // The same latency repeated stays exactly itself; only different ones are averaged.
                m.latency[a] = differ[a] ? sum[a] / n[a] : cells[firstRow[a]];
            }
        }
        return m;
    }
}
