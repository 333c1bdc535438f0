package io.hwnas.profilers.store;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStore;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MemoryFigures;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.measure.StopReason;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.BaselineStore;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.io.SqliteFiles;
import io.hwnas.core.provenance.Provenance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Measurements in a SQLite file, one row per measurement key.
 *
 * <pre>{@code
 * try (SqliteMeasurementStore store = SqliteMeasurementStore.openDefault()) {   // $HWNAS_HOME/hwnas.db
 *     Optional<StoredMeasurement> cached = store.find(profiler.keyFor(model, device));
 *     ...
 *     store.save(measurement, remeasure);
 * }
 * }</pre>
 *
 * <p>Opening checks that the file can be written (it takes and releases the write lock), so a bad path fails
 * before any measuring. The journal is in WAL mode with {@code synchronous=FULL} and every save is one committed
 * transaction: a process killed after {@code save} returns loses nothing, and other processes can read meanwhile.
 *
 * <p>Raw samples live in table {@code samples} as one BLOB per measurement (little-endian IEEE-754 float64,
 * {@code count * 8} bytes), not a row per sample: a measurement has up to thousands of samples and is always read
 * whole, a BLOB stores them in 8 bytes each, exactly, with one insert, while a row per sample would cost several
 * times the space and an insert per sample. Per-sample SQL queries were not needed; the statistics are columns.
 *
 * <p>The schema version is {@code PRAGMA user_version} ({@value #SCHEMA_VERSION}); a newer file is refused rather
 * than misread.
 */
public final class SqliteMeasurementStore implements MeasurementStore, BaselineStore {

    public static final int SCHEMA_VERSION = 2;

    /** What version 2 added: a measurement's drift reading (its reference's runs beside its own) and baselines. */
    private static final String[] DRIFT_SCHEMA = {
        "ALTER TABLE measurement ADD COLUMN drift_reference TEXT", // NULL: measured without drift control
        "ALTER TABLE measurement ADD COLUMN drift_reference_sha256 TEXT",
        "ALTER TABLE measurement ADD COLUMN drift_ratio REAL",
        "ALTER TABLE measurement ADD COLUMN drift_ratio_shift REAL",
        "ALTER TABLE measurement ADD COLUMN baseline_ms REAL",
        "ALTER TABLE measurement ADD COLUMN speed_factor REAL",
        "ALTER TABLE measurement ADD COLUMN corrected_median_ms REAL",
        "ALTER TABLE samples ADD COLUMN reference_ms BLOB", // count float64 values, run i beside run i
        "CREATE TABLE baseline ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " model_sha256 TEXT NOT NULL, device_id TEXT NOT NULL, intra_threads INTEGER NOT NULL,"
            + " inter_threads INTEGER NOT NULL, opt_level TEXT NOT NULL, exec_mode TEXT NOT NULL,"
            + " provider TEXT NOT NULL, ort_version TEXT NOT NULL,"
            + " reference TEXT NOT NULL, baseline_ms REAL NOT NULL, block_count INTEGER NOT NULL,"
            + " block_ms BLOB NOT NULL, calibrated_at TEXT NOT NULL, host TEXT NOT NULL"
            + ")",
        "CREATE UNIQUE INDEX baseline_key ON baseline (" + "model_sha256, device_id, intra_threads, inter_threads,"
            + " opt_level, exec_mode, provider, ort_version" + ")",
    };

    private static final String KEY_COLUMNS =
            "model_sha256, device_id, intra_threads, inter_threads, opt_level, exec_mode, provider, ort_version";
    private static final String KEY_WHERE = "model_sha256 = ? AND device_id = ? AND intra_threads = ? AND "
            + "inter_threads = ? AND opt_level = ? AND exec_mode = ? AND provider = ? AND ort_version = ?";

    private static final String[] SCHEMA = {
        "CREATE TABLE measurement ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " model_sha256 TEXT NOT NULL,"
            + " device_id TEXT NOT NULL,"
            + " intra_threads INTEGER NOT NULL,"
            + " inter_threads INTEGER NOT NULL,"
            + " opt_level TEXT NOT NULL,"
            + " exec_mode TEXT NOT NULL,"
            + " provider TEXT NOT NULL,"
            + " ort_version TEXT NOT NULL,"
            + " space TEXT,"
            + " arch TEXT,"
            + " host TEXT NOT NULL,"
            + " measured_at TEXT NOT NULL," // ISO-8601 UTC, Instant.toString()
            + " median_ms REAL NOT NULL, mean_ms REAL NOT NULL, p90_ms REAL NOT NULL, p99_ms REAL NOT NULL,"
            + " min_ms REAL NOT NULL, max_ms REAL NOT NULL, std_ms REAL NOT NULL, cv REAL NOT NULL,"
            + " rse_median REAL," // NULL: too few runs to estimate
            + " runs INTEGER NOT NULL,"
            + " stop_reason TEXT NOT NULL,"
            + " session_create_ms REAL NOT NULL,"
            + " rss_before_kib INTEGER, rss_after_session_kib INTEGER, rss_after_runs_kib INTEGER,"
            + " peak_rss_kib INTEGER," // NULL: unknown (not Linux)
            + " plan_warmup_runs INTEGER NOT NULL, plan_min_runs INTEGER NOT NULL, plan_max_runs INTEGER NOT NULL,"
            + " plan_target_rse REAL NOT NULL, plan_budget_ms REAL NOT NULL,"
            + " tool_version TEXT NOT NULL, java_version TEXT NOT NULL, os_name TEXT NOT NULL, os_arch TEXT NOT NULL"
            + ")",
        "CREATE UNIQUE INDEX measurement_key ON measurement (" + KEY_COLUMNS + ")",
        "CREATE INDEX measurement_arch ON measurement (space, arch)",
        "CREATE TABLE samples ("
            + " measurement_id INTEGER PRIMARY KEY REFERENCES measurement (id) ON DELETE CASCADE,"
            + " count INTEGER NOT NULL,"
            + " ms BLOB NOT NULL" // count little-endian float64 values
            + ")",
    };

    private static String[] schema() {
        String[] all = java.util.Arrays.copyOf(SCHEMA, SCHEMA.length + DRIFT_SCHEMA.length + 1);
        System.arraycopy(DRIFT_SCHEMA, 0, all, SCHEMA.length, DRIFT_SCHEMA.length);
        all[all.length - 1] = "PRAGMA user_version = " + SCHEMA_VERSION;
        return all;
    }

    /** Version 1 (before drift control) gains the empty columns: its measurements keep their raw figures only. */
    private static void migrate(Statement s, int from) throws SQLException {
        if (from != 1) {
            throw new SQLException("no migration from schema version " + from);
        }
        for (String ddl : DRIFT_SCHEMA) {
            s.execute(ddl);
        }
    }

    private static final String INSERT = "INSERT INTO measurement (" + KEY_COLUMNS + ", space, arch, host, measured_at,"
            + " median_ms, mean_ms, p90_ms, p99_ms, min_ms, max_ms, std_ms, cv, rse_median, runs, stop_reason,"
            + " session_create_ms, rss_before_kib, rss_after_session_kib, rss_after_runs_kib, peak_rss_kib,"
            + " plan_warmup_runs, plan_min_runs, plan_max_runs, plan_target_rse, plan_budget_ms,"
            + " tool_version, java_version, os_name, os_arch, drift_reference, drift_reference_sha256, drift_ratio,"
            + " drift_ratio_shift, baseline_ms, speed_factor, corrected_median_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String SELECT = "SELECT m.*, s.count AS sample_count, s.ms AS sample_ms,"
            + " s.reference_ms AS reference_ms FROM measurement m"
            + " JOIN samples s ON s.measurement_id = m.id";

    private final Path file;
    private final Connection connection;
    private boolean closed;

    private SqliteMeasurementStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens {@code $HWNAS_HOME/hwnas.db} (default {@code ~/.hwnas/hwnas.db}), creating it if missing. */
    public static SqliteMeasurementStore openDefault() throws MeasurementStoreException {
        return open(HwnasHome.fromEnvironment().database());
    }

    /**
     * Opens the database file, creating it, its folders and the schema if missing.
     *
     * @throws MeasurementStoreException naming the path, if it cannot be created, opened or written, is not a
     *                                   SQLite file, or has a schema this version does not know
     */
    public static SqliteMeasurementStore open(Path file) throws MeasurementStoreException {
        Objects.requireNonNull(file, "file");
        Path db = file.toAbsolutePath().normalize();
        try {
            return new SqliteMeasurementStore(db, SqliteFiles.open(db, "measurement database", SCHEMA_VERSION,
                    schema(), SqliteMeasurementStore::migrate));
        } catch (SqliteFiles.Failure e) {
            throw new MeasurementStoreException(db, e.getMessage(), e.getCause());
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<StoredMeasurement> find(MeasurementKey key) throws MeasurementStoreException {
        Objects.requireNonNull(key, "key");
        checkOpen();
        try (PreparedStatement q = connection.prepareStatement(SELECT + " WHERE " + KEY_WHERE.replace("model_sha256",
                "m.model_sha256"))) {
            bindKey(q, 1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("find " + key, e);
        }
    }

    @Override
    public synchronized StoredMeasurement save(Measurement m, boolean replace) throws MeasurementStoreException {
        Objects.requireNonNull(m, "measurement");
        checkOpen();
        try {
            connection.setAutoCommit(false);
            try {
                Optional<Long> existing = idOf(m.key());
                if (existing.isPresent()) {
                    if (!replace) {
                        throw new IllegalStateException("a measurement of " + m.key() + " is already stored as id "
                                + existing.get() + " in " + file + "; save with replace to remeasure");
                    }
                    delete(existing.get());
                }
                long id = insert(m);
                connection.commit();
                return new StoredMeasurement(id, m);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("save a measurement of " + m.key(), e);
        }
    }

    @Override
    public synchronized List<StoredMeasurement> all() throws MeasurementStoreException {
        checkOpen();
        List<StoredMeasurement> rows = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(SELECT + " ORDER BY m.id");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                rows.add(read(r));
            }
            return rows;
        } catch (SQLException e) {
            throw failure("list measurements", e);
        }
    }

    @Override
    public synchronized long count() throws MeasurementStoreException {
        checkOpen();
        try (Statement s = connection.createStatement()) {
            return intQuery(s, "SELECT COUNT(*) FROM measurement");
        } catch (SQLException e) {
            throw failure("count measurements", e);
        }
    }

    @Override
    public synchronized void close() throws MeasurementStoreException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private Optional<Long> idOf(MeasurementKey key) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT id FROM measurement WHERE " + KEY_WHERE)) {
            bindKey(q, 1, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    private void delete(long id) throws SQLException {
        // samples first, so this does not depend on foreign-key enforcement being on
        for (String sql : new String[] {"DELETE FROM samples WHERE measurement_id = ?", "DELETE FROM measurement WHERE id = ?"}) {
            try (PreparedStatement d = connection.prepareStatement(sql)) {
                d.setLong(1, id);
                d.executeUpdate();
            }
        }
    }

    private long insert(Measurement m) throws SQLException {
        long id;
        try (PreparedStatement p = connection.prepareStatement(INSERT)) {
            int i = bindKey(p, 1, m.key());
            p.setString(i++, m.space());
            p.setString(i++, m.architecture());
            p.setString(i++, m.host());
            p.setString(i++, m.measuredAt().toString());
            i = bindStats(p, i, m.stats());
            p.setString(i++, m.stopReason().name());
            p.setDouble(i++, m.sessionCreateMs());
            MemoryFigures mem = m.memory();
            for (long kib : new long[] {mem.rssBeforeKib(), mem.rssAfterSessionKib(), mem.rssAfterRunsKib(),
                mem.peakRssKib()}) {
                if (kib == MemoryFigures.UNKNOWN) {
                    p.setNull(i++, Types.INTEGER);
                } else {
                    p.setLong(i++, kib);
                }
            }
            MeasurementPlan plan = m.plan();
            p.setInt(i++, plan.warmupRuns());
            p.setInt(i++, plan.minRuns());
            p.setInt(i++, plan.maxRuns());
            p.setDouble(i++, plan.targetRelativeError());
            p.setDouble(i++, plan.budget().toNanos() / 1e6);
            Provenance prov = m.provenance();
            p.setString(i++, prov.toolVersion());
            p.setString(i++, prov.javaVersion());
            p.setString(i++, prov.osName());
            p.setString(i++, prov.osArch());
            bindDrift(p, i, m.driftReading().orElse(null));
            p.executeUpdate();
        }
        try (Statement s = connection.createStatement()) {
            id = intQuery(s, "SELECT last_insert_rowid()");
        }
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO samples (measurement_id, count, ms, reference_ms) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, id);
            p.setInt(2, m.samplesMs().size());
            p.setBytes(3, encode(m.samplesMs()));
            p.setBytes(4, m.driftReading().map(d -> encode(d.referenceSamplesMs())).orElse(null));
            p.executeUpdate();
        }
        return id;
    }

    private static int bindStats(PreparedStatement p, int first, LatencyStats s) throws SQLException {
        int i = first;
        for (double v : new double[] {s.medianMs(), s.meanMs(), s.p90Ms(), s.p99Ms(), s.minMs(), s.maxMs(), s.stdMs(),
            s.cv()}) {
            p.setDouble(i++, v);
        }
        if (Double.isNaN(s.rseMedian())) {
            p.setNull(i++, Types.REAL);
        } else {
            p.setDouble(i++, s.rseMedian());
        }
        p.setInt(i++, s.runs());
        return i;
    }

    private static void bindDrift(PreparedStatement p, int first, DriftReading d) throws SQLException {
        int i = first;
        p.setString(i++, d == null ? null : d.reference());
        p.setString(i++, d == null ? null : d.referenceSha256());
        for (double v : d == null ? new double[5] : new double[] {d.ratio(), d.ratioShift(), d.baselineMs(),
            d.speedFactor(), d.correctedMedianMs()}) {
            if (d == null || Double.isNaN(v)) {
                p.setNull(i++, Types.REAL);
            } else {
                p.setDouble(i++, v);
            }
        }
    }

    private static DriftReading readDrift(ResultSet r, int count) throws SQLException {
        String reference = r.getString("drift_reference");
        if (reference == null) {
            return null;
        }
        DriftReading d = new DriftReading(reference, r.getString("drift_reference_sha256"),
                decode(r.getBytes("reference_ms"), count), r.getDouble("drift_ratio"), r.getDouble("drift_ratio_shift"),
                Double.NaN, Double.NaN, Double.NaN);
        double baseline = r.getDouble("baseline_ms");
        return r.wasNull() ? d : d.calibrated(baseline);
    }

    @Override
    public synchronized Optional<Baseline> baseline(MeasurementKey referenceKey) throws MeasurementStoreException {
        Objects.requireNonNull(referenceKey, "referenceKey");
        checkOpen();
        try (PreparedStatement q = connection.prepareStatement("SELECT * FROM baseline WHERE " + KEY_WHERE)) {
            bindKey(q, 1, referenceKey);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(readBaseline(r)) : Optional.empty();
            }
        } catch (SQLException | RuntimeException e) {
            throw new MeasurementStoreException(file, "cannot read the baseline of " + referenceKey
                    + " in measurement database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void saveBaseline(Baseline b) throws MeasurementStoreException {
        Objects.requireNonNull(b, "baseline");
        checkOpen();
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO baseline (" + KEY_COLUMNS
                + ", reference, baseline_ms, block_count, block_ms, calibrated_at, host)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = bindKey(p, 1, b.key());
            p.setString(i++, b.reference());
            p.setDouble(i++, b.baselineMs());
            p.setInt(i++, b.blockMs().size());
            p.setBytes(i++, encode(b.blockMs()));
            p.setString(i++, b.calibratedAt().toString());
            p.setString(i, b.host());
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure("save the baseline of " + b.key(), e);
        }
    }

    @Override
    public synchronized List<Baseline> baselines() throws MeasurementStoreException {
        checkOpen();
        List<Baseline> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT * FROM baseline ORDER BY id");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                out.add(readBaseline(r));
            }
            return out;
        } catch (SQLException e) {
            throw failure("list baselines", e);
        }
    }

    private static Baseline readBaseline(ResultSet r) throws SQLException {
        return new Baseline(readKey(r), r.getString("reference"), r.getDouble("baseline_ms"),
                decode(r.getBytes("block_ms"), r.getInt("block_count")), Instant.parse(r.getString("calibrated_at")),
                r.getString("host"));
    }

    /** The key columns of a row (a measurement's or a baseline's). */
    private static MeasurementKey readKey(ResultSet r) throws SQLException {
        DeviceSettings settings = new DeviceSettings(r.getInt("intra_threads"), r.getInt("inter_threads"),
                OptimizationLevel.valueOf(r.getString("opt_level")), ExecutionMode.valueOf(r.getString("exec_mode")),
                r.getString("provider"));
        return new MeasurementKey(r.getString("model_sha256"), r.getString("device_id"), settings,
                r.getString("ort_version"));
    }

    private static int bindKey(PreparedStatement p, int first, MeasurementKey key) throws SQLException {
        int i = first;
        DeviceSettings d = key.settings();
        p.setString(i++, key.modelSha256());
        p.setString(i++, key.deviceId());
        p.setInt(i++, d.intraOpThreads());
        p.setInt(i++, d.interOpThreads());
        p.setString(i++, d.optimizationLevel().name());
        p.setString(i++, d.executionMode().name());
        p.setString(i++, d.executionProvider());
        p.setString(i++, key.ortVersion());
        return i;
    }

    private StoredMeasurement read(ResultSet r) throws SQLException {
        long id = r.getLong("id");
        try {
            DeviceSettings settings = readKey(r).settings();
            double rse = r.getDouble("rse_median");
            if (r.wasNull()) {
                rse = Double.NaN;
            }
            LatencyStats stats = new LatencyStats(r.getInt("runs"), r.getDouble("median_ms"), r.getDouble("mean_ms"),
                    r.getDouble("p90_ms"), r.getDouble("p99_ms"), r.getDouble("min_ms"), r.getDouble("max_ms"),
                    r.getDouble("std_ms"), r.getDouble("cv"), rse);
            MemoryFigures memory = new MemoryFigures(kib(r, "rss_before_kib"), kib(r, "rss_after_session_kib"),
                    kib(r, "rss_after_runs_kib"), kib(r, "peak_rss_kib"));
            MeasurementPlan plan = new MeasurementPlan(r.getInt("plan_warmup_runs"), r.getInt("plan_min_runs"),
                    r.getInt("plan_max_runs"), r.getDouble("plan_target_rse"),
                    Duration.ofNanos(Math.round(r.getDouble("plan_budget_ms") * 1e6)));
            Provenance provenance = new Provenance(r.getString("tool_version"), r.getString("java_version"),
                    r.getString("os_name"), r.getString("os_arch"), r.getString("host"));
            Measurement m = Measurement.builder()
                    .deviceId(r.getString("device_id")).settings(settings)
                    .space(r.getString("space")).architecture(r.getString("arch"))
                    .modelSha256(r.getString("model_sha256")).ortVersion(r.getString("ort_version"))
                    .measuredAt(Instant.parse(r.getString("measured_at")))
                    .stats(stats).samplesMs(decode(r.getBytes("sample_ms"), r.getInt("sample_count")))
                    .stopReason(StopReason.valueOf(r.getString("stop_reason")))
                    .sessionCreateMs(r.getDouble("session_create_ms"))
                    .memory(memory).plan(plan).provenance(provenance)
                    .drift(readDrift(r, r.getInt("sample_count")))
                    .build();
            return new StoredMeasurement(id, m);
        } catch (RuntimeException e) {
            throw new SQLException("measurement id " + id + " in " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static long kib(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? MemoryFigures.UNKNOWN : v;
    }

    static byte[] encode(List<Double> samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.size() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : samples) {
            b.putDouble(v);
        }
        return b.array();
    }

    static List<Double> decode(byte[] bytes, int count) {
        if (bytes == null || bytes.length != count * Double.BYTES) {
            throw new IllegalArgumentException("samples blob must hold " + count + " float64 values, but had "
                    + (bytes == null ? "none" : bytes.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Double> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            samples.add(b.getDouble());
        }
        return samples;
    }

    private static int intQuery(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("measurement store is closed: " + file);
        }
    }

    private MeasurementStoreException failure(String action, SQLException e) {
        return new MeasurementStoreException(file, "cannot " + action + " in measurement database " + file + ": "
                + e.getMessage(), e);
    }

}
