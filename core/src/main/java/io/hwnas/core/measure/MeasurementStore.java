package io.hwnas.core.measure;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/**
 * Port to where measurements are kept, so a model is measured once per device and settings.
 *
 * <pre>{@code
 * Optional<StoredMeasurement> cached = store.find(key);
 * Measurement m = cached.map(StoredMeasurement::measurement).orElse(null);
 * if (m == null || remeasure) {
 *     m = profiler.measure(...);
 *     store.save(m, remeasure);
 * }
 * }</pre>
 */
public interface MeasurementStore extends AutoCloseable {

    Optional<StoredMeasurement> find(MeasurementKey key) throws MeasurementStoreException;

    /**
     * Saves durably (the save is committed before this returns).
     *
     * @param replace whether a measurement already stored under the same key is deliberately replaced (the
     *                {@code --remeasure} path); without it such a save is refused
     * @return the stored measurement with its new id
     * @throws IllegalStateException if the key is taken and {@code replace} is false
     */
    StoredMeasurement save(Measurement measurement, boolean replace) throws MeasurementStoreException;

    /** Saves a measurement whose key is not stored yet. */
    default StoredMeasurement save(Measurement measurement) throws MeasurementStoreException {
        return save(measurement, false);
    }

    /** All measurements, oldest id first. */
    List<StoredMeasurement> all() throws MeasurementStoreException;

    long count() throws MeasurementStoreException;

    /** Writes all measurements as CSV with a header row ({@link MeasurementCsv}). */
    default void writeCsv(Writer out) throws MeasurementStoreException, IOException {
        MeasurementCsv.write(all(), out);
    }

    @Override
    void close() throws MeasurementStoreException;
}
