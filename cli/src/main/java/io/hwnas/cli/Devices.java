package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.transfer.SpecSheet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The device registry every command uses: the built-ins, the JSON profiles in {@code $HWNAS_HOME/devices/} and in
 * each {@code --device-dir}, and the plugins on the class path.
 */
public final class Devices {

    private Devices() {}

    /**
     * A device's spec as {@code SpecTransfer} takes it: a CPU's cores are its intra-op threads; a GPU or NPU has 0
     * (its operators are dispatched by a host its sheet does not describe).
     */
    public static SpecSheet specSheet(DeviceProfile d, DeviceSpec spec) {
        return new SpecSheet(d.id(), spec.peakGflops(), spec.memoryBandwidthGBs(),
                d.kind() == DeviceKind.CPU ? d.settings().intraOpThreads() : 0, spec.source());
    }

    public static DeviceRegistry registry(List<Path> extraDirs) {
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
