package io.hwnas.cli;

import io.hwnas.devices.registry.DeviceRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --device-dir DIR} (repeatable): folders of the user's JSON device profiles, besides the home's. */
public final class DeviceDirsOption {

    @Option(names = "--device-dir", paramLabel = "DIR", description = "A folder of JSON device profiles, besides "
            + "$HWNAS_HOME/devices (repeatable).")
    List<Path> dirs = new ArrayList<>();

    public List<Path> dirs() {
        return List.copyOf(dirs);
    }

    /** The profiles: built in, from the home's devices folder, from these folders and from plugins. */
    public DeviceRegistry registry() {
        return Devices.registry(dirs);
    }
}
