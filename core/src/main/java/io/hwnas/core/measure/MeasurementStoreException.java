package io.hwnas.core.measure;

import java.nio.file.Path;
import java.util.Objects;

/** The measurement store's storage failed (file, disk, database); the message names the store's location. */
public class MeasurementStoreException extends Exception {

    private final String location;

    public MeasurementStoreException(String location, String message, Throwable cause) {
        super(message, cause);
        this.location = Objects.requireNonNull(location, "location");
    }

    public MeasurementStoreException(Path location, String message, Throwable cause) {
        this(String.valueOf(location), message, cause);
    }

    /** Where the store lives, e.g. the database file. */
    public String location() {
        return location;
    }
}
