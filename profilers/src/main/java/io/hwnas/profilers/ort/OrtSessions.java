package io.hwnas.profilers.ort;

import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.hwnas.devices.cuda.Cuda;
import io.hwnas.devices.spi.MeasuringMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.devices.spi.Availability;
import io.hwnas.devices.spi.DeviceProfile;
import java.nio.file.Path;

/** A device's runtime settings as ONNX Runtime session options: the one mapping the profiler and tracer share. */
public final class OrtSessions {

    private OrtSessions() {}

    /**
     * The device's settings, once it is known to be usable here: available, and on the CPU provider, the only one
     * this build runs.
     *
     * @param tool names who refuses, e.g. "this profiler"
     */
    public static DeviceSettings usableSettings(DeviceProfile device, Path model, String tool)
            throws ProfilingException {
        String deviceId = device.id();
        Availability availability = device.availability();
        if (!availability.available()) {
            throw new ProfilingException("device " + deviceId + " is unavailable for model " + model + ": "
                    + availability.reason(), model, deviceId, null);
        }
        if (device.method() != MeasuringMethod.LOCAL) {
            throw new ProfilingException("device " + deviceId + " is measured through its " + device.method().key()
                    + " method, not in this process by " + tool + ", model: " + model, model, deviceId, null);
        }
        DeviceSettings settings = device.settings();
        if (!DeviceSettings.CPU_PROVIDER.equals(settings.executionProvider())
                && !Cuda.PROVIDER.equals(settings.executionProvider())) {
            throw new ProfilingException("execution provider " + settings.executionProvider()
                    + " is not supported by " + tool + " (only " + DeviceSettings.CPU_PROVIDER + " and "
                    + Cuda.PROVIDER + "), model: " + model, model, deviceId, null);
        }
        return settings;
    }

    /**
     * Sets threads, optimisation level, execution mode and the execution provider (CUDA, with the profile's
     * provider options such as {@code device_id}) of {@code options} from the device.
     */
    public static void apply(DeviceProfile device, DeviceSettings settings, OrtSession.SessionOptions options)
            throws OrtException {
        apply(settings, options);
        if (Cuda.PROVIDER.equals(settings.executionProvider())) {
            Map<String, String> po = new LinkedHashMap<>(device.providerOptions());
            int id = Integer.parseInt(po.getOrDefault("device_id", "0"));
            try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(id)) {
                po.remove("device_id");
                for (Map.Entry<String, String> e : po.entrySet()) {
                    cuda.add(e.getKey(), e.getValue());
                }
                options.addCUDA(cuda);
            }
        }
    }

    /** Sets threads, optimisation level and execution mode of {@code options} from {@code settings}. */
    public static void apply(DeviceSettings settings, OrtSession.SessionOptions options) throws OrtException {
        options.setIntraOpNumThreads(settings.intraOpThreads());
        options.setInterOpNumThreads(settings.interOpThreads());
        options.setOptimizationLevel(optLevel(settings));
        options.setExecutionMode(settings.executionMode() == ExecutionMode.PARALLEL
                ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    }

    static OrtSession.SessionOptions.OptLevel optLevel(DeviceSettings settings) {
        return switch (settings.optimizationLevel()) {
            case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
            case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case LAYOUT -> OrtSession.SessionOptions.OptLevel.LAYOUT_OPT;
            case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        };
    }
}
