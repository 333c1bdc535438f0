package io.hwnas.training.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.io.SqliteFiles;
import io.hwnas.core.train.EpochStats;
import io.hwnas.core.train.TrainingKey;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.core.train.TrainingStore;
import io.hwnas.core.train.TrainingStoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Training results in a SQLite file ({@code $HWNAS_HOME/trainings.db}), one row per {@link TrainingKey}, and the
 * trained weights of each, when kept, in a table of their own. WAL journal, {@code synchronous=FULL}, one committed
 * transaction per save: a search killed after a candidate's training keeps that training.
 *
 * <p>Weights are one BLOB of little-endian float32 values, the graph's parameters concatenated in initializer
 * order (the graph of a key is always the same, so the order needs no index): an nb201 network of 1.5 M parameters
 * takes 6 MB.
 *
 * <p>The schema version is {@code PRAGMA user_version} ({@value #SCHEMA_VERSION}); a newer file is refused, an older
 * one is brought up to date when opened (version 2 added {@code validation_loss}).
 */
public final class SqliteTrainingStore implements TrainingStore {

    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] SCHEMA = {
        "CREATE TABLE training ("
            + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " space TEXT NOT NULL, arch TEXT NOT NULL, dataset TEXT NOT NULL, budget TEXT NOT NULL,"
            + " seed INTEGER NOT NULL,"
            + " failure TEXT NOT NULL," // empty when it succeeded
            + " validation_accuracy REAL, test_accuracy REAL," // fractions; NULL when unknown
            + " validation_loss REAL," // nats (per token for a language model); NULL when unknown
            + " epochs REAL NOT NULL, steps INTEGER NOT NULL, best_epoch REAL NOT NULL, stopped_early INTEGER NOT NULL,"
            + " train_seconds REAL NOT NULL, images_per_second REAL NOT NULL, parameters INTEGER NOT NULL,"
            + " history TEXT NOT NULL, provenance TEXT NOT NULL," // JSON
            + " saved_at TEXT NOT NULL"
            + ")",
        "CREATE UNIQUE INDEX training_key ON training (space, arch, dataset, budget, seed)",
        "CREATE TABLE weights ("
            + " training_id INTEGER PRIMARY KEY REFERENCES training (id) ON DELETE CASCADE,"
            + " count INTEGER NOT NULL,"
            + " float32 BLOB NOT NULL"
            + ")",
        "PRAGMA user_version = " + SCHEMA_VERSION,
    };

    private static final String KEY_WHERE = "space = ? AND arch = ? AND dataset = ? AND budget = ? AND seed = ?";

    private final Path file;
    private final Connection connection;
    private boolean closed;

    private SqliteTrainingStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens {@code $HWNAS_HOME/trainings.db}, creating it if missing. */
    public static SqliteTrainingStore openDefault() throws TrainingStoreException {
        return open(HwnasHome.fromEnvironment().trainingDatabase());
    }

    /**
     * Opens the file, creating it, its folders and the schema if missing.
     *
     * @throws TrainingStoreException naming the path when it cannot be created, opened or written, is not a SQLite
     *                                file, or holds another schema
     */
    public static SqliteTrainingStore open(Path file) throws TrainingStoreException {
        Objects.requireNonNull(file, "file");
        Path db = file.toAbsolutePath().normalize();
        try {
            return new SqliteTrainingStore(db, SqliteFiles.open(db, "training database", SCHEMA_VERSION, SCHEMA,
                    (s, from) -> {
                        // version 2 added the validation loss
                        s.execute("ALTER TABLE training ADD COLUMN validation_loss REAL");
                    }));
        } catch (SqliteFiles.Failure e) {
            throw new TrainingStoreException(db, e.getMessage(), e.getCause());
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<TrainingResult> find(TrainingKey key) throws TrainingStoreException {
        checkOpen();
        try (PreparedStatement q = connection.prepareStatement("SELECT * FROM training WHERE " + KEY_WHERE)) {
            bind(q, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new TrainingStoreException(file, "cannot read the training of " + key + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(TrainingKey key, TrainingResult result, float[] weights)
            throws TrainingStoreException {
        Objects.requireNonNull(result, "result");
        checkOpen();
        try {
            connection.setAutoCommit(false);
            try {
                byte[] keptWeights = null;
                Long old = id(key);
                if (old != null) {
                    if (weights == null) {
                        keptWeights = blob(old);
                    }
                    try (PreparedStatement d = connection.prepareStatement("DELETE FROM training WHERE id = ?")) {
                        d.setLong(1, old);
                        d.executeUpdate();
                    }
                }
                long id = insert(key, result);
                byte[] w = weights != null ? bytes(weights) : keptWeights;
                if (w != null) {
                    try (PreparedStatement p = connection.prepareStatement(
                            "INSERT INTO weights (training_id, count, float32) VALUES (?, ?, ?)")) {
                        p.setLong(1, id);
                        p.setLong(2, w.length / 4);
                        p.setBytes(3, w);
                        p.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new TrainingStoreException(file, "cannot save the training of " + key + " in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<float[]> weights(TrainingKey key) throws TrainingStoreException {
        checkOpen();
        try {
            Long id = id(key);
            byte[] b = id == null ? null : blob(id);
            if (b == null) {
                return Optional.empty();
            }
            float[] out = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return Optional.of(out);
        } catch (SQLException e) {
            throw new TrainingStoreException(file, "cannot read the weights of " + key + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean delete(TrainingKey key) throws TrainingStoreException {
        checkOpen();
        try (PreparedStatement d = connection.prepareStatement("DELETE FROM training WHERE " + KEY_WHERE)) {
            bind(d, key);
            return d.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new TrainingStoreException(file, "cannot delete the training of " + key + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long count() throws TrainingStoreException {
        checkOpen();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM training")) {
            return r.getLong(1);
        } catch (SQLException e) {
            throw new TrainingStoreException(file, "cannot count trainings in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws TrainingStoreException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw new TrainingStoreException(file, "cannot close training database " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("training database " + file + " is closed");
        }
    }

    private static void bind(PreparedStatement q, TrainingKey k) throws SQLException {
        q.setString(1, k.space());
        q.setString(2, k.arch());
        q.setString(3, k.dataset());
        q.setString(4, k.budget());
        q.setLong(5, k.seed());
    }

    private Long id(TrainingKey key) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT id FROM training WHERE " + KEY_WHERE)) {
            bind(q, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : null;
            }
        }
    }

    private byte[] blob(long id) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT float32 FROM weights WHERE training_id = ?")) {
            q.setLong(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        }
    }

    private long insert(TrainingKey k, TrainingResult t) throws SQLException, JsonProcessingException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO training (space, arch, dataset, budget,"
                + " seed, failure, validation_accuracy, test_accuracy, epochs, steps, best_epoch, stopped_early,"
                + " train_seconds, images_per_second, parameters, history, provenance, saved_at, validation_loss)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(p, k);
            p.setString(6, t.failure());
            setNullable(p, 7, t.validationAccuracy());
            setNullable(p, 8, t.testAccuracy());
            p.setDouble(9, t.epochs());
            p.setInt(10, t.steps());
            p.setDouble(11, t.bestEpoch());
            p.setInt(12, t.stoppedEarly() ? 1 : 0);
            p.setDouble(13, t.trainSeconds());
            p.setDouble(14, finite(t.imagesPerSecond()));
            p.setLong(15, t.parameters());
            p.setString(16, JSON.writeValueAsString(t.history()));
            p.setString(17, JSON.writeValueAsString(t.provenance()));
            p.setString(18, Instant.now().toString());
            setNullable(p, 19, t.validationLoss());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static void setNullable(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            p.setNull(i, java.sql.Types.REAL);
        } else {
            p.setDouble(i, v);
        }
    }

    private static double nullable(ResultSet r, String column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    private static TrainingResult read(ResultSet r) throws SQLException, JsonProcessingException {
        List<EpochStats> history = JSON.readValue(r.getString("history"), new TypeReference<List<EpochStats>>() {});
        Map<String, String> prov = JSON.readValue(r.getString("provenance"),
                new TypeReference<Map<String, String>>() {});
        return new TrainingResult(nullable(r, "validation_accuracy"), nullable(r, "test_accuracy"),
                r.getDouble("epochs"), r.getInt("steps"), r.getDouble("best_epoch"), r.getInt("stopped_early") != 0,
                r.getDouble("train_seconds"), r.getDouble("images_per_second"), nullable(r, "validation_loss"),
                r.getLong("parameters"), history,
                r.getString("failure"), prov);
    }

    private static byte[] bytes(float[] w) {
        ByteBuffer b = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(w);
        return b.array();
    }
}
