package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.MeasurementKey;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A device's baseline speed: the long-run latency of one reference model on it, under its settings and runtime
 * version (the reference's measurement key). Speed factors are relative to it, and corrected latencies are what the
 * candidates take on the machine at this speed.
 *
 * <p>Calibration measures the reference in several short blocks spread over a few seconds and takes the fastest
 * block's median: the machine's sustained speed when nothing else holds it back. A machine that is loaded through the
 * whole calibration gets a slower baseline; every corrected latency is then relative to that speed, consistently.
 *
 * @param key        the reference's key on the device: its digest, the device, its settings, the runtime version
 * @param baselineMs the fastest block median, ms
 * @param blockMs    every block's median, in order, so that a user can see what calibration saw
 * @param host       the host that measured it
 */
public record Baseline(MeasurementKey key, String reference, double baselineMs, List<Double> blockMs,
                       Instant calibratedAt, String host) {

    public Baseline {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reference, "reference");
        blockMs = List.copyOf(blockMs);
        if (!(Double.isFinite(baselineMs) && baselineMs > 0)) {
            throw new IllegalArgumentException("baselineMs must be finite and > 0, but was " + baselineMs);
        }
        Objects.requireNonNull(calibratedAt, "calibratedAt");
        Objects.requireNonNull(host, "host");
    }

    /** The baseline of these block medians: the fastest. */
    public static Baseline of(MeasurementKey key, String reference, List<Double> blockMs, Instant at,
            String host) {
        if (blockMs.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one block");
        }
        double min = blockMs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return new Baseline(key, reference, min, blockMs, at, host);
    }
}
