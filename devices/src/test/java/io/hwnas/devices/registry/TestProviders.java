package io.hwnas.devices.registry;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.devices.local.LocalCpuProfile;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProvider;

import java.util.List;

/** Providers for registry tests; public with no-argument constructors so ServiceLoader can make them. */
public final class TestProviders {

    private TestProviders() {}

    /** Offers a profile "pi5". */
    public static final class Pi5Provider implements DeviceProvider {
        @Override
        public List<DeviceProfile> profiles() {
            return List.of(new LocalCpuProfile("pi5", "Raspberry Pi 5 stand-in", DeviceSettings.cpu(4)));
        }
    }

    /** Offers another profile under the built-in id "cpu". */
    public static final class ClashingCpuProvider implements DeviceProvider {
        @Override
        public List<DeviceProfile> profiles() {
            return List.of(new LocalCpuProfile("cpu", "Another CPU", DeviceSettings.cpu(3)));
        }
    }
}
