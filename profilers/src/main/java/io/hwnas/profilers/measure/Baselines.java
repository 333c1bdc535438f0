package io.hwnas.profilers.measure;

import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.BaselineStore;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A device's baseline speed for a reference model, for measuring paths outside {@link CachingMeasurer} (the kernel
 * tracer): read from the database, or calibrated once as the measurer does and stored there, so that both paths
 * correct against the same figure.
 *
 * <pre>{@code
 * Baseline b = Baselines.of(device.runner(profiler), store, reading.referenceSha256(), device.id(), err::println);
 * DriftReading calibrated = reading.calibrated(b.baselineMs());
 * }</pre>
 */
public final class Baselines {

    private Baselines() {}

    /**
     * The baseline of the reference with this digest on the runner's device (keyed by {@code runner.key}),
     * calibrating the whole ladder through the runner when the store has none yet.
     *
     * @param notices told once when calibration starts (it takes a few seconds)
     */
    public static Baseline of(ModelRunner runner, BaselineStore store, String referenceSha256, String deviceId,
            Consumer<String> notices) throws MeasuringException, MeasurementStoreException, IOException {
        return Calibration.baseline(runner, store, referenceSha256, deviceId, notices);
    }
}
