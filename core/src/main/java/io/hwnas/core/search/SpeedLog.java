package io.hwnas.core.search;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.table.Csv;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A search's {@code speed.csv}: every measurement it takes or finds while drift control is on, one row each
 * ({@link SpeedRow}), appended as it comes so that a killed run keeps what it measured, and continued by a resumed
 * run. A measurement found again (the same device, network and time) is not written twice. The columns:
 * {@code measured_at} (ISO-8601), {@code device}, {@code arch}, {@code raw_median_ms}, {@code corrected_median_ms}
 * and {@code speed_factor} (empty without a calibrated reading), {@code unsteady}, {@code found} (found in the
 * measurement database rather than taken).
 *
 * <pre>{@code
 * SpeedLog log = SpeedLog.at(runDir);
 * measurer.onMeasurement(log.of("cpu-1t"));     // (measurement, found)
 * List<SpeedRow> rows = SpeedLog.read(runDir);
 * }</pre>
 */
public final class SpeedLog {

    public static final String FILE = "speed.csv";
    static final String HEADER = "measured_at,device,arch,raw_median_ms,corrected_median_ms,speed_factor,unsteady,"
            + "found";

    private final Path dir;
    private final Path file;
    private final Set<String> written = new HashSet<>();
    private boolean ready;

    private SpeedLog(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
    }

    /**
     * The log of the run in {@code dir}: created with its header at its first row (a search that fails before it
     * measures leaves no file), or continued after the rows it holds.
     */
    public static SpeedLog at(Path dir) {
        return new SpeedLog(dir);
    }

    /** What logs each measurement taken or found on the search's device {@code device}. */
    public BiConsumer<Measurement, Boolean> of(String device) {
        return (m, found) -> add(SpeedRow.of(device, m, found));
    }

    /** Appends {@code row} unless it is already in the log. */
    public synchronized void add(SpeedRow row) {
        try {
            if (!ready) {
                prepare();
                ready = true;
            }
            if (written.add(key(row))) {
                append(file, line(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    private void prepare() throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            read(dir).forEach(r -> written.add(key(r)));
            if (!endsWithNewline(file)) {
                // A killed process may have left half a row: it is skipped when read, and the next starts afresh.
                append(file, "\n");
            }
        } else {
            Files.createDirectories(dir);
            append(file, HEADER + "\n");
        }
    }

    /** The rows of the log in {@code dir}, in order; none when it has no log. A half-written row is left out. */
    public static List<SpeedRow> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<SpeedRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            List<String> f = Csv.split(line);
            if (f.size() != 8 || !(f.get(7).equals("true") || f.get(7).equals("false"))) {
                continue;
            }
            try {
                rows.add(new SpeedRow(Instant.parse(f.get(0)), f.get(1), f.get(2), Double.parseDouble(f.get(3)),
                        number(f.get(4)), number(f.get(5)), f.get(6).equals("true"), f.get(7).equals("true")));
            } catch (DateTimeParseException | NumberFormatException e) {
                // the last row of a killed run, cut short
            }
        }
        return rows;
    }

    private static String line(SpeedRow r) {
        return r.measuredAt() + "," + Csv.quote(r.device()) + "," + Csv.quote(r.arch()) + "," + r.rawMedianMs() + ","
                + text(r.correctedMedianMs()) + "," + text(r.speedFactor()) + "," + r.unsteady() + "," + r.found()
                + "\n";
    }

    private static String key(SpeedRow r) {
        return r.device() + "\n" + r.arch() + "\n" + r.measuredAt();
    }

    private static String text(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(f.length() - 1);
            return f.read() == '\n';
        }
    }
}
