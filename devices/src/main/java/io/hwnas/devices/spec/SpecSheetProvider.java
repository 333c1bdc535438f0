package io.hwnas.devices.spec;

import io.hwnas.devices.json.DeviceProfiles;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Spec-sheet profiles of real edge chips, with their published figures and where they come from (each file's
 * {@code spec.source}): nothing is measured on them; a search predicts their latency from a measured reference
 * device's measurements and both spec sheets (or, with {@code --spec-reference none}, a roofline).
 */
public final class SpecSheetProvider implements DeviceProvider {

    static final List<String> FILES = List.of("rpi4.json", "rpi5.json", "jetson-nano.json");

    @Override
    public List<DeviceProfile> profiles() {
        List<DeviceProfile> out = new ArrayList<>();
        for (String f : FILES) {
            String resource = "/io/hwnas/devices/builtin/" + f;
            try (InputStream in = SpecSheetProvider.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in device profile " + resource + " is missing from the "
                            + "class path; rebuild hwnas");
                }
                out.add(DeviceProfiles.read(in, "built-in " + f, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
