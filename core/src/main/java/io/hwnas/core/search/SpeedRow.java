package io.hwnas.core.search;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.drift.DriftReading;
import java.time.Instant;
import java.util.Objects;

/**
 * One measurement a search took or found, as its run's {@link SpeedLog} keeps it: when, on which of the search's
 * devices, of what, its raw and corrected medians and the machine's speed factor at that moment.
 *
 * @param device            the search's id of the device (a remote measurement's own id may name its host too)
 * @param arch              the measured network's label: the architecture, with {@code /graph} for an early-exit path
 * @param correctedMedianMs the median corrected for the machine's speed, NaN without a calibrated reading
 * @param speedFactor       1.0 at the device's baseline, 1.2 when it ran 20 % slower; NaN without a calibrated reading
 * @param unsteady          whether the correction did not hold through the measurement, and it was stored flagged
 * @param found             whether the search found it in the measurement database (taken earlier, perhaps by
 *                          another run) rather than taking it
 */
public record SpeedRow(Instant measuredAt, String device, String arch, double rawMedianMs, double correctedMedianMs,
        double speedFactor, boolean unsteady, boolean found) {

    public SpeedRow {
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(arch, "arch");
    }

    /** The row of {@code m}, taken or {@code found} on the search's device {@code device}. */
    public static SpeedRow of(String device, Measurement m, boolean found) {
        return new SpeedRow(m.measuredAt(), device, m.architectureString().orElse(m.modelSha256()),
                m.stats().medianMs(), m.correctedMedianMs().orElse(Double.NaN), m.speedFactor().orElse(Double.NaN),
                m.driftReading().map(d -> !d.steady()).orElse(false), found);
    }

    /** Whether the machine's speed is known for this measurement (it has a calibrated {@link DriftReading}). */
    public boolean hasSpeedFactor() {
        return !Double.isNaN(speedFactor);
    }
}
