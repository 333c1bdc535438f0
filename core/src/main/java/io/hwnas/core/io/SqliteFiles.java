package io.hwnas.core.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Opens the SQLite files hwnas keeps its records in (the measurement and the training databases) the same way:
 * the folders made, the file checked writable before any work, WAL journal with {@code synchronous=FULL} (a commit
 * that returned survives a kill), the write lock taken and released at once (a read-only file fails here, not after
 * an hour of measuring), and the schema made, brought up to date or refused by {@code PRAGMA user_version}. Every
 * failure is one message naming the file and what it is. Needs a SQLite JDBC driver on the class path.
 */
public final class SqliteFiles {

    /** Brings a schema of an older version up to date, in place. */
    @FunctionalInterface
    public interface Migration {
        void migrate(Statement s, int fromVersion) throws SQLException;

        Migration NONE = (s, v) -> {
            throw new SQLException("no migration from schema version " + v);
        };
    }

    /** A file that cannot be used; the message names it. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SqliteFiles() {}

    /**
     * @param db        the file (made with its folders when missing)
     * @param what      what the file is, for messages: {@code "measurement database"}
     * @param version   the schema version this code writes
     * @param schema    the statements that make the schema in an empty file (the last sets the version)
     * @param migration from an older version to {@code version}
     */
    public static Connection open(Path db, String what, int version, String[] schema, Migration migration)
            throws Failure {
        Objects.requireNonNull(db, "db");
        Path folder = db.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Failure("cannot create folder " + folder + " for " + what + " " + db + ": " + describe(e), e);
        }
        if (Files.isDirectory(db)) {
            throw new Failure(what + " path is a folder: " + db, null);
        }
        if (!Files.isWritable(folder)) {
            throw new Failure("folder of " + what + " is not writable: " + folder, null);
        }
        if (Files.exists(db) && !Files.isWritable(db)) {
            throw new Failure(what + " is not writable: " + db, null);
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + db);
        } catch (SQLException e) {
            throw new Failure("cannot open " + what + " " + db + ": " + e.getMessage(), e);
        }
        try {
            prepare(c, db, what, version, schema, migration);
            return c;
        } catch (SQLException e) {
            close(c, e);
            throw new Failure("cannot use " + what + " " + db + ": " + e.getMessage(), e);
        } catch (Failure | RuntimeException e) {
            close(c, e);
            throw e;
        }
    }

    private static void prepare(Connection c, Path db, String what, int version, String[] schema,
            Migration migration) throws SQLException, Failure {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
            int found = intQuery(s, "PRAGMA user_version");
            if (found > version) {
                throw new Failure(what + " " + db + " has schema version " + found + ", newer than this hwnas "
                        + "supports (" + version + ")", null);
            }
            if (found == 0) {
                if (intQuery(s, "SELECT COUNT(*) FROM sqlite_master") > 0) {
                    throw new Failure("not an hwnas " + what + " (tables but no schema version): " + db, null);
                }
                inTransaction(c, () -> {
                    for (String ddl : schema) {
                        s.execute(ddl);
                    }
                });
            } else if (found < version) {
                inTransaction(c, () -> {
                    migration.migrate(s, found);
                    s.execute("PRAGMA user_version = " + version);
                });
            }
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void inTransaction(Connection c, Work w) throws SQLException {
        c.setAutoCommit(false);
        try {
            w.run();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The first column of the first row of {@code sql}. */
    public static int intQuery(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return r.getInt(1);
        }
    }

    private static void close(Connection c, Exception primary) {
        try {
            c.close();
        } catch (SQLException suppressed) {
            primary.addSuppressed(suppressed);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "a file that is not a folder is in the way (" + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
