package io.hwnas.core.measure;

import java.util.Objects;

/** A measurement with the id its store gave it. */
public record StoredMeasurement(long id, Measurement measurement) {

    public StoredMeasurement {
        if (id < 1) {
            throw new IllegalArgumentException("id must be >= 1, but was " + id);
        }
        Objects.requireNonNull(measurement, "measurement");
    }
}
