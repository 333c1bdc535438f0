package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementStoreException;

import java.util.List;
import java.util.Optional;

/** Where a device's baselines are kept: the measurement database, beside the measurements relative to them. */
public interface BaselineStore {

    /** The baseline of the reference with this key (its digest, the device, its settings, the runtime). */
    Optional<Baseline> baseline(MeasurementKey referenceKey) throws MeasurementStoreException;

    /** Stores a baseline at once; one per key, a second is refused. */
    void saveBaseline(Baseline baseline) throws MeasurementStoreException;

    /** Every baseline kept, oldest first. */
    List<Baseline> baselines() throws MeasurementStoreException;
}
