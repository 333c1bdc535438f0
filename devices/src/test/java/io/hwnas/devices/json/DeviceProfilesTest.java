package io.hwnas.devices.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceProfilesTest {

    @TempDir
    Path dir;

    private Path write(String name, String json) throws Exception {
        return Files.writeString(dir.resolve(name), json);
    }

    @Test
    void aRemoteProfileReadsEveryFieldAndResolvesItsTokenBesideTheFile() throws Exception {
        Path f = write("pi5.json", """
                {"id": "pi5", "name": "Pi 5 via agent", "kind": "cpu", "method": "remote", "threads": 4,
                 "optimizationLevel": "extended", "memoryLimitMiB": 2048,
                 "remote": {"url": "http://127.0.0.1:8123", "tokenFile": "pi5.token"},
                 "spec": {"peakGflops": 153.6, "memoryBandwidthGBs": 17.1, "source": "brief"},
                 "budgets": ["latency_ms<=50"], "tags": ["edge", "arm"]}
                """);
        ConfiguredProfile p = DeviceProfiles.read(f);
        assertEquals(MeasuringMethod.REMOTE, p.method());
        assertEquals(DeviceKind.CPU, p.kind());
        assertEquals(4, p.settings().intraOpThreads());
        assertEquals(dir.resolve("pi5.token"), p.remote().orElseThrow().tokenFile());
        assertEquals(2048, p.memoryLimitMiB().getAsLong());
        assertFalse(p.availability().available(), "the token file does not exist yet");
        assertTrue(p.availability().reason().contains("pi5.token"), p.availability().reason());
        Files.writeString(dir.resolve("pi5.token"), "secret");
        assertTrue(p.availability().available());
        // What show prints reads back as the same profile.
        ConfiguredProfile again = DeviceProfiles.read(write("again.json", DeviceProfiles.toJson(p)));
        assertEquals(p.settings(), again.settings());
        assertEquals(p.remote(), again.remote());
        assertEquals(p.spec(), again.spec());
        assertEquals(p.defaultBudgets(), again.defaultBudgets());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\": \"pi4\", \"threads\": 0}                                   | /threads: must be >= 1, was 0",
        "{\"id\": \"pi4\", \"memoryLimitMiB\": -1}                           | /memoryLimitMiB: must be >= 1, was -1",
        "{\"id\": \"Pi 4\"}                                                  | /id: must match",
        "{\"name\": \"no id\"}                                               | /id: is required",
        "{\"id\": \"pi4\", \"colour\": \"red\"}                              | /colour: unknown field; known: [adb,",
        "{\"id\": \"pi4\", \"method\": \"ssh\"}                              | /method: unknown value 'ssh'; known: [local, remote, adb, spec]",
        "{\"id\": \"pi4\", \"method\": \"remote\"}                           | /remote: is required for method remote",
        "{\"id\": \"pi4\", \"method\": \"remote\", \"remote\": {\"url\": \"ftp://x\", \"tokenFile\": \"t\"}} | /remote/url: url must be http:// or https://",
        "{\"id\": \"pi4\", \"method\": \"spec\", \"spec\": {\"peakGflops\": -3, \"memoryBandwidthGBs\": 1, \"source\": \"s\"}} | /spec/peakGflops: must be a number > 0, was -3",
        "{\"id\": \"pi4\", \"budgets\": [\"latency<=3\"]}                    | /budgets/0: budget 'latency<=3': unknown metric 'latency'",
        "{\"id\": \"pi4\", \"executionProvider\": \"tpu\"}                   | /executionProvider: unknown value 'tpu'; known: [cpu, cuda]",
        "{\"id\": \"pi4\", \"threads\": \"four\"}                            | /threads: must be a whole number, was \"four\"",
        "[1, 2]                                                              | : a device profile must be a JSON object",
        "{\"id\": \"pi4\",                                                   | line 1 column"})
    void aBadFieldIsNamedWithTheFileAndItsPointer(String json, String message) throws Exception {
        Path f = write("pi4.json", json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
    }

    @Test
    void threadsAreBoundedAsOnTheCommandLine() throws Exception {
        assertEquals(1024, DeviceProfiles.read(write("big.json", "{\"id\": \"big\", \"threads\": 1024}")).settings()
                .intraOpThreads());
        for (String threads : new String[] {"100000000", "1025", "4294967297", "18446744073709551617"}) {
            Path f = write("huge.json", "{\"id\": \"huge\", \"threads\": " + threads + "}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.read(f));
            assertEquals(f + " /threads: must be <= 1024, was " + threads, e.getMessage());
        }
    }

    @Test
    void specSheetAndCudaBuiltInsSayWhyTheyCannotMeasureHere() {
        DeviceRegistry r = DeviceRegistry.builtIns();
        DeviceProfile pi = r.get("rpi5");
        assertEquals(MeasuringMethod.SPEC, pi.method());
        assertEquals(153.6, pi.spec().orElseThrow().peakGflops());
        assertTrue(pi.spec().orElseThrow().source().contains("raspberrypi.com"));
        assertFalse(pi.availability().available());
        assertTrue(pi.availability().reason().contains("spec sheet only"), pi.availability().reason());
        DeviceProfile cuda = r.get("cuda");
        assertEquals(DeviceKind.GPU, cuda.kind());
        // The devices module's tests run without ONNX Runtime on the class path; the reason says so.
        assertFalse(cuda.availability().available());
        assertTrue(cuda.availability().reason().contains("ONNX Runtime"), cuda.availability().reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\": \"pi4\", \"threads\": 2, \"threads\": 3}                  | line 1 column 38: not valid JSON: Duplicate field 'threads'",
        "{\"id\": \"pi4\", \"spec\": {\"source\": \"a\", \"source\": \"b\"}} | not valid JSON: Duplicate field 'source'",
        "{\"id\": \"pi4\"} {\"id\": \"pi5\"}                                  | line 1 column 15: more after the profile's JSON object",
        "{\"id\": \"pi4\", \"memoryLimitMiB\": 99999999999999999999}         | /memoryLimitMiB: must be <= 9223372036854775807, was 99999999999999999999",
        "{\"id\": \"pi4\", \"memoryLimitMiB\": -99999999999999999999}        | /memoryLimitMiB: must be >= 1, was -99999999999999999999",
        "{\"id\": \"pi4\", \"threads\": 4294967297}                          | /threads: must be <= 1024, was 4294967297",
        "{\"id\": \"pi4\", \"memoryLimitMiB\": 2.5}                          | /memoryLimitMiB: must be a whole number, was 2.5",
        "{\"id\": \"pi4\", \"name\": \" \"}                                  | /name: must not be empty",
        "{\"id\": \"pi4\", \"name\": \"a\\u001b[31mb\"}                       | /name: must not contain control characters, was 'a\\x1b[31mb'",
        "{\"id\": \"pi4\", \"tags\": [\"edge\", \"\"]}                        | /tags/1: must not be empty",
        "{\"id\": \"pi4\", \"budgets\": [\"\"]}                               | /budgets/0: must not be empty",
        "{\"id\": \"pi4\", \"providerOptions\": {\"device_id\": null}}     | /providerOptions/device_id: must be a string or number, was null",
        "{\"id\": \"pi4\", \"providerOptions\": {\"\": \"0\"}}             | /providerOptions/: must not be empty",
        "{\"id\": \"pi4\", \"adb\": {\"serial\": \"X\", \"tokenFile\": \"t\"}} | /adb: is read only with method adb; this profile's method is local",
        "{\"id\": \"pi4\", \"method\": \"adb\", \"remote\": {\"url\": \"http://x\", \"tokenFile\": \"t\"}, \"adb\": {\"serial\": \"X\", \"tokenFile\": \"t\"}} | /remote: is read only with method remote; this profile's method is adb",
        "{\"id\": \"pi4\", \"method\": \"adb\", \"adb\": {\"serial\": \"X\", \"agentPort\": 4294967297, \"tokenFile\": \"t\"}} | /adb/agentPort: must be <= 65535, was 4294967297",
        "{\"id\": \"pi4\", \"method\": \"remote\", \"remote\": {\"url\": \"http://x\", \"tokenFile\": \"\"}} | /remote/tokenFile: must not be empty",
        "{\"id\": \"pi4\", \"method\": \"spec\", \"executionProvider\": \"cuda\", \"spec\": {\"peakGflops\": 1, \"memoryBandwidthGBs\": 1, \"source\": \"s\"}} | /executionProvider: is read only with method local; this profile's method is spec",
        "{\"id\": \"pi4\", \"method\": \"spec\", \"spec\": {\"peakGflops\": 1e999, \"memoryBandwidthGBs\": 1, \"source\": \"s\"}} | /spec/peakGflops: must be a number > 0",
        "{\"id\": \"pi4\", \"kind\": [\"cpu\"]}                             | /kind: must be a string, was [\"cpu\"]"})
    void aLenientSpotIsRefusedNamingTheFileAndWhere(String json, String message) throws Exception {
        aBadFieldIsNamedWithTheFileAndItsPointer(json, message);
    }

    @Test
    void anIdIsAtMost64CharactersAndAFileThatIsNotThereIsNamed() throws Exception {
        Path f = write("long.json", "{\"id\": \"" + "a".repeat(65) + "\"}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.read(f));
        assertTrue(e.getMessage().endsWith("/id: must be at most 64 characters, was 65"), e.getMessage());
        assertEquals("a".repeat(64), DeviceProfiles.read(write("ok.json", "{\"id\": \"" + "a".repeat(64) + "\"}"))
                .id());
        Path none = dir.resolve("none.json");
        assertEquals(none + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> DeviceProfiles.read(none)).getMessage());
        assertEquals(dir + ": not a file", assertThrows(IllegalArgumentException.class,
                () -> DeviceProfiles.read(dir)).getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsNamedNotGuessedAt() throws Exception {
        Path utf16 = dir.resolve("utf16.json");
        Files.write(utf16, "{\"id\": \"pi4\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceProfiles.read(utf16));
        assertTrue(e.getMessage().startsWith(utf16.toString()), e.getMessage());
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xe9,
            '"', '}'});
        assertEquals(latin1 + ": not UTF-8 text", assertThrows(IllegalArgumentException.class,
                () -> DeviceProfiles.read(latin1)).getMessage());
    }
}
