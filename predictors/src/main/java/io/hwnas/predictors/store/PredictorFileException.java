package io.hwnas.predictors.store;

import java.io.IOException;
import java.nio.file.Path;

/** A saved predictor file that cannot be read: not JSON, another format, or data that fails its checksum. */
public class PredictorFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public PredictorFileException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    public PredictorFileException(Path file, String message) {
        this(file, message, null);
    }

    public Path file() {
        return file;
    }
}
