package io.hwnas.cli;

import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;

/** Resolves {@code --device} and {@code --threads}. */
final class Devices {

    private Devices() {}

    static DeviceProfile resolve(DeviceRegistry registry, String id, Integer threads) {
        DeviceProfile p = registry.get(id);
        if (threads == null) {
            return p;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, but was " + threads);
        }
        return p.withIntraOpThreads(threads);
    }
}
