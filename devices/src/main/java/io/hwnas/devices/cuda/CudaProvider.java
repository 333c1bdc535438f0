package io.hwnas.devices.cuda;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.devices.json.ConfiguredProfile;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProvider;
import io.hwnas.devices.spi.MeasuringMethod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code cuda}: the first CUDA GPU through ONNX Runtime's CUDA execution provider. Usable when hwnas is built with
 * the GPU runtime ({@code mvn -Pcuda package}) on a machine with a CUDA driver; otherwise its availability says why.
 */
public final class CudaProvider implements DeviceProvider {

    @Override
    public List<io.hwnas.devices.spi.DeviceProfile> profiles() {
        DeviceSettings s = new DeviceSettings(1, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, Cuda.PROVIDER);
        return List.of(new ConfiguredProfile("cuda", "CUDA GPU 0 through ONNX Runtime", DeviceKind.GPU,
                MeasuringMethod.LOCAL, s, Map.of("device_id", "0"), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of("gpu"), "built-in"));
    }
}
