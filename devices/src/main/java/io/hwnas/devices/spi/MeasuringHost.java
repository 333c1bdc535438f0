package io.hwnas.devices.spi;

import io.hwnas.core.measure.ModelRunner;

/**
 * What the measuring process lends a device profile to build its {@link ModelRunner} with: what only it can
 * provide, as ONNX Runtime in this process (the profilers module's {@code OrtProfiler} is one).
 *
 * <pre>{@code
 * ModelRunner runner = device.runner(new OrtProfiler());
 * }</pre>
 */
@FunctionalInterface
public interface MeasuringHost {

    /** Measures models in this process with the device's settings. */
    ModelRunner local(DeviceProfile device);
}
