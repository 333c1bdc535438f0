package io.hwnas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --device ID [--threads N]}: the device profile to measure on, with an optional thread override. */
public final class DeviceOptions {

    @Option(names = "--device", paramLabel = "ID", description = "Device profile (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads, overriding the device's.")
    Integer threads;

    @Mixin
    DeviceDirsOption deviceDirs = new DeviceDirsOption();

    /** The {@code --threads} override, or null. */
    public Integer threads() {
        return threads;
    }

    /** The profile, refused as bad input when this machine cannot use it (a CUDA GPU without CUDA, say). */
    public DeviceProfile usable() {
        return usable(resolve());
    }

    /** {@code profile}, refused as bad input when this machine cannot use it, naming why. */
    public static DeviceProfile usable(DeviceProfile profile) {
        if (!profile.availability().available()) {
            throw new IllegalArgumentException("device " + profile.id() + " cannot be used here: "
                    + profile.availability().reason());
        }
        return profile;
    }

    public DeviceProfile resolve() {
        DeviceProfile p = deviceDirs.registry().get(device);
        if (threads == null) {
            return p;
        }
        return p.withIntraOpThreads(DeviceSettings.checkThreads("--threads", threads));
    }
}
