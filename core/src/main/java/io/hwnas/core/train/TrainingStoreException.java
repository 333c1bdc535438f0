package io.hwnas.core.train;

import java.nio.file.Path;

/** The training database failed (a file, a lock, a corrupt row); the message names the database file. */
public class TrainingStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TrainingStoreException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
