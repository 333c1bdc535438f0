package io.hwnas.cli;

import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStore;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The commands' measurer of a device's candidates, as this tool wires it: the device's own runner (ONNX Runtime
 * here lent to it), the measurement database in front, a failed measurement reported on the error stream as
 * {@code hwnas: measurement failed on DEVICE: ARCH: why} and left out.
 */
public final class DeviceMeasurer {

    private DeviceMeasurer() {}

    /**
     * @throws IllegalArgumentException when the device has nothing to measure on (a spec sheet)
     */
    public static CachingMeasurer of(SearchSpace space, DeviceProfile device, OrtProfiler profiler, MeasurementStore store,
            MeasurementPlan plan, long weightsSeed, Path scratch, DriftControl drift, PrintWriter err) {
        return CachingMeasurer.builder(device.id(), device.runner(profiler), store).space(space).plan(plan)
                .weightsSeed(weightsSeed).scratch(scratch).driftControl(drift).failures(line -> {
                    err.println("hwnas: " + line);
                    err.flush();
                }).notices(line -> {
                    err.println("hwnas: " + line);
                    err.flush();
                }).build();
    }
}
