package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.devices.registry.DeviceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The device registry every command uses: the built-ins, the JSON profiles in {@code $HWNAS_HOME/devices/} and in
 * each {@code --device-dir}, and the plugins on the class path.
 */
final class Devices {

    private Devices() {}

    static DeviceRegistry registry(List<Path> extraDirs) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(HwnasHome.fromEnvironment().dir().resolve("devices"));
        dirs.addAll(extraDirs);
        try {
            return DeviceRegistry.load(Devices.class.getClassLoader(), dirs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
