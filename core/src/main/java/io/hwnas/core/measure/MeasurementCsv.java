package io.hwnas.core.measure;

import io.hwnas.core.table.Csv;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes measurements as CSV (RFC 4180 quoting, {@code \n} line ends), one row per measurement, for
 * spreadsheets and pandas. Numbers use Java's shortest round-trip form; unknown values are empty fields.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("measurements.csv"))) {
 *     MeasurementCsv.write(store.all(), out);
 * }
 * }</pre>
 */
public final class MeasurementCsv {

    /** The header, in column order. */
    public static final List<String> HEADER = List.of(
            "id", "space", "arch", "device_id", "intra_threads", "inter_threads", "opt_level", "ort_version",
            "model_sha256", "host", "measured_at", "median_ms", "mean_ms", "p90_ms", "p99_ms", "min_ms", "max_ms",
            "std_ms", "cv", "runs", "session_create_ms", "rse_median", "stop_reason", "exec_mode", "provider",
            "rss_before_kib", "rss_after_session_kib", "rss_after_runs_kib", "peak_rss_kib",
            "plan_warmup_runs", "plan_min_runs", "plan_max_runs", "plan_target_rse", "plan_budget_ms",
            "tool_version", "java_version", "os_name", "os_arch",
            "corrected_median_ms", "speed_factor", "baseline_ms", "drift_reference", "drift_ratio_shift",
            "reference_median_ms");

    private MeasurementCsv() {}

    public static void write(List<StoredMeasurement> rows, Writer out) throws IOException {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(out, "out");
        writeLine(out, HEADER);
        for (StoredMeasurement row : rows) {
            writeLine(out, fields(row));
        }
        out.flush();
    }

    static List<String> fields(StoredMeasurement row) {
        Measurement m = row.measurement();
        LatencyStats s = m.stats();
        DeviceSettings d = m.settings();
        MemoryFigures mem = m.memory();
        MeasurementPlan p = m.plan();
        List<String> f = new ArrayList<>(HEADER.size());
        f.add(Long.toString(row.id()));
        f.add(m.space());
        f.add(m.architecture());
        f.add(m.deviceId());
        f.add(Integer.toString(d.intraOpThreads()));
        f.add(Integer.toString(d.interOpThreads()));
        f.add(d.optimizationLevel().name());
        f.add(m.ortVersion());
        f.add(m.modelSha256());
        f.add(m.host());
        f.add(m.measuredAt().toString());
        f.add(number(s.medianMs()));
        f.add(number(s.meanMs()));
        f.add(number(s.p90Ms()));
        f.add(number(s.p99Ms()));
        f.add(number(s.minMs()));
        f.add(number(s.maxMs()));
        f.add(number(s.stdMs()));
        f.add(number(s.cv()));
        f.add(Integer.toString(s.runs()));
        f.add(number(m.sessionCreateMs()));
        f.add(number(s.rseMedian()));
        f.add(m.stopReason().name());
        f.add(d.executionMode().name());
        f.add(d.executionProvider());
        f.add(kib(mem.rssBeforeKib()));
        f.add(kib(mem.rssAfterSessionKib()));
        f.add(kib(mem.rssAfterRunsKib()));
        f.add(kib(mem.peakRssKib()));
        f.add(Integer.toString(p.warmupRuns()));
        f.add(Integer.toString(p.minRuns()));
        f.add(Integer.toString(p.maxRuns()));
        f.add(number(p.targetRelativeError()));
        f.add(number(p.budget().toNanos() / 1e6));
        f.add(m.provenance().toolVersion());
        f.add(m.provenance().javaVersion());
        f.add(m.provenance().osName());
        f.add(m.provenance().osArch());
        // empty for a measurement taken without drift control
        var drift = m.driftReading();
        var calibrated = drift.filter(x -> x.isCalibrated());
        f.add(calibrated.map(x -> number(x.correctedMedianMs())).orElse(""));
        f.add(calibrated.map(x -> number(x.speedFactor())).orElse(""));
        f.add(calibrated.map(x -> number(x.baselineMs())).orElse(""));
        f.add(drift.map(x -> x.reference()).orElse(""));
        f.add(drift.map(x -> number(x.ratioShift())).orElse(""));
        f.add(drift.map(x -> number(x.referenceMedianMs())).orElse(""));
        return f;
    }

    /** Quotes a field if it holds a comma, quote, CR or LF, doubling inner quotes; null becomes empty. */
    public static String escape(String field) {
        return Csv.quote(field);
    }

    private static void writeLine(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(escape(fields.get(i)));
        }
        out.write('\n');
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String kib(long v) {
        return v == MemoryFigures.UNKNOWN ? "" : Long.toString(v);
    }
}
