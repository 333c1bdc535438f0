package io.hwnas.devices.json;

import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProfileContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** Every kind of JSON profile keeps the device-profile contract. */
class ConfiguredProfileContractTest {

    private static DeviceProfile read(String json) {
        try {
            return DeviceProfiles.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json",
                    Path.of("/tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    class Remote extends DeviceProfileContract {
        @Override
        protected DeviceProfile profile() {
            return read("{\"id\": \"pi5\", \"method\": \"remote\", \"threads\": 4, \"remote\": {\"url\": "
                    + "\"http://127.0.0.1:8123\", \"tokenFile\": \"t\"}}");
        }
    }

    @Nested
    class Adb extends DeviceProfileContract {
        @Override
        protected DeviceProfile profile() {
            return read("{\"id\": \"a50\", \"method\": \"adb\", \"adb\": {\"serial\": \"R58M\", \"tokenFile\": \"t\"}}");
        }
    }

    @Nested
    class SpecSheet extends DeviceProfileContract {
        @Override
        protected DeviceProfile profile() {
            return DeviceRegistry.builtIns().get("jetson-nano");
        }
    }

    @Nested
    class CudaBuiltIn extends DeviceProfileContract {
        @Override
        protected DeviceProfile profile() {
            return DeviceRegistry.builtIns().get("cuda");
        }
    }
}
