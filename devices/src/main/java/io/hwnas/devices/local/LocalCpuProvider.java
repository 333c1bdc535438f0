package io.hwnas.devices.local;

import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProvider;

import java.util.List;

/**
 * The built-in profiles {@code cpu} and {@code cpu-1t}. Not listed in {@code META-INF/services}: the registry
 * adds it itself, so it is there even without service discovery.
 */
public final class LocalCpuProvider implements DeviceProvider {

    @Override
    public List<DeviceProfile> profiles() {
        return List.of(LocalCpuProfile.allCores(), LocalCpuProfile.oneThread());
    }
}
