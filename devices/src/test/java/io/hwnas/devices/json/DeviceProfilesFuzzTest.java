package io.hwnas.devices.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hwnas.devices.registry.DeviceRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Device profiles as users write them: any bytes either read as a profile or are refused with an
 * {@link IllegalArgumentException} that names the file; a profile read is then checked against the built-in ids
 * (refused the same way or kept), and what {@code devices show} prints of it reads back as the same profile. Nothing
 * else escapes. The corpus (the shipped spec sheets, the docs' examples and the edge cases found) replays as an
 * ordinary test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class DeviceProfilesFuzzTest {

    private static final String SOURCE = "fuzz.json";
    private static final Path BASE = Path.of("profiles").toAbsolutePath();

    @FuzzTest(maxDuration = "10s")
    void anyBytesReadAsAProfileOrAreRefusedNamingTheFile(byte[] data) throws IOException {
        ConfiguredProfile p;
        try {
            p = DeviceRegistry.requireOwnId(DeviceProfiles.read(new ByteArrayInputStream(data), SOURCE, BASE));
        } catch (IllegalArgumentException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(SOURCE)) {
                throw new IllegalStateException("an error that does not name the file: " + expected.getMessage(),
                        expected);
            }
            return;
        }
        String shown = DeviceProfiles.toJson(p);
        ConfiguredProfile again = DeviceProfiles.read(new ByteArrayInputStream(shown.getBytes(
                StandardCharsets.UTF_8)), SOURCE, BASE);
        if (!again.equals(p)) {
            throw new IllegalStateException("devices show of " + p + " reads back as " + again);
        }
    }
}
