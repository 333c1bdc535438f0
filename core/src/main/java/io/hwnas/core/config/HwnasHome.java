package io.hwnas.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The folder where hwnas keeps its state: {@code $HWNAS_HOME}, or {@code ~/.hwnas} when that is unset or blank.
 *
 * <pre>{@code
 * Path db = HwnasHome.fromEnvironment().database();   // ~/.hwnas/hwnas.db
 * }</pre>
 *
 * <p>Nothing is created here; whoever writes into the folder creates it and reports failures.
 */
public record HwnasHome(Path dir) {

    public static final String ENV_VAR = "HWNAS_HOME";
    public static final String DEFAULT_DIR_NAME = ".hwnas";
    public static final String DATABASE_FILE = "hwnas.db";
    public static final String TRAINING_DATABASE_FILE = "trainings.db";

    public HwnasHome {
        Objects.requireNonNull(dir, "dir");
        dir = dir.toAbsolutePath().normalize();
    }

    /** Resolves from this process's environment and {@code user.home}. */
    public static HwnasHome fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Resolves from the given environment; {@code userHome} is used when {@value #ENV_VAR} is unset or blank. */
    public static HwnasHome from(Map<String, String> env, Path userHome) {
        Objects.requireNonNull(env, "env");
        String value = env.get(ENV_VAR);
        if (value != null && !value.isBlank()) {
            return new HwnasHome(Path.of(value.strip()));
        }
        Objects.requireNonNull(userHome, "userHome");
        return new HwnasHome(userHome.resolve(DEFAULT_DIR_NAME));
    }

    /** The measurement database, {@code <home>/hwnas.db}. */
    public Path database() {
        return dir.resolve(DATABASE_FILE);
    }

    /** The training results (and trained weights), {@code <home>/trainings.db}. */
    public Path trainingDatabase() {
        return dir.resolve(TRAINING_DATABASE_FILE);
    }
}
