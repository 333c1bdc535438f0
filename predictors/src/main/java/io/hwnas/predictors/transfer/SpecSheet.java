package io.hwnas.predictors.transfer;

import java.util.Locale;
import java.util.Objects;

/**
 * The spec-sheet figures of one device that {@link SpecTransfer} carries a latency model across with.
 *
 * @param device       the device's id (or a table column), for messages and provenance
 * @param peakGflops   peak FP32 throughput of the cores (or GPU) a model runs on, GFLOP/s
 * @param bandwidthGBs memory bandwidth, GB/s
 * @param cores        the CPU cores the model runs on (its intra-op threads), so that {@code peakGflops / cores} is
 *                     one core's peak; 0 for a GPU or NPU, whose operators are dispatched by a host CPU that its
 *                     sheet does not describe
 * @param source       where the figures come from (a datasheet, how this machine's were measured); may be empty
 */
public record SpecSheet(String device, double peakGflops, double bandwidthGBs, int cores, String source) {

    public SpecSheet {
        Objects.requireNonNull(device, "device");
        source = source == null ? "" : source;
        if (!(peakGflops > 0) || !Double.isFinite(peakGflops)) {
            throw new IllegalArgumentException("peakGflops of " + device + " must be > 0, but was " + peakGflops);
        }
        if (!(bandwidthGBs > 0) || !Double.isFinite(bandwidthGBs)) {
            throw new IllegalArgumentException("bandwidthGBs of " + device + " must be > 0, but was " + bandwidthGBs);
        }
        if (cores < 0) {
            throw new IllegalArgumentException("cores of " + device + " must be >= 0 (0: a GPU or NPU), but was "
                    + cores);
        }
    }

    /** Figures without a stated source. */
    public SpecSheet(String device, double peakGflops, double bandwidthGBs, int cores) {
        this(device, peakGflops, bandwidthGBs, cores, "");
    }

    /** One core's peak in GFLOP/s, or {@code NaN} for a GPU or NPU ({@code cores == 0}). */
    public double corePeakGflops() {
        return cores == 0 ? Double.NaN : peakGflops / cores;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%.4g GFLOP/s, %.4g GB/s, %s)", device, peakGflops, bandwidthGBs,
                cores == 0 ? "accelerator" : cores + (cores == 1 ? " core" : " cores"));
    }
}
