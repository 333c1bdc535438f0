package io.hwnas.devices.spec;

import java.util.Objects;

/**
 * What a device's spec sheet says: enough for a roofline estimate when nothing can be measured, or to carry a
 * measured reference device's latencies over to it (a spec transfer, which needs the reference's figures too).
 *
 * @param peakGflops         peak arithmetic throughput in GFLOP/s at the precision models run in
 * @param memoryBandwidthGBs peak memory bandwidth in GB/s
 * @param memoryMiB          memory, or 0 when not stated
 * @param source             where the figures come from (a datasheet, a product brief, and how they were derived)
 */
public record DeviceSpec(double peakGflops, double memoryBandwidthGBs, long memoryMiB, String source) {

    public DeviceSpec {
        if (!(peakGflops > 0) || !Double.isFinite(peakGflops)) {
            throw new IllegalArgumentException("peakGflops must be > 0, was " + peakGflops);
        }
        if (!(memoryBandwidthGBs > 0) || !Double.isFinite(memoryBandwidthGBs)) {
            throw new IllegalArgumentException("memoryBandwidthGBs must be > 0, was " + memoryBandwidthGBs);
        }
        if (memoryMiB < 0) {
            throw new IllegalArgumentException("memoryMiB must be >= 0, was " + memoryMiB);
        }
        Objects.requireNonNull(source, "source");
    }
}
