package io.hwnas.devices.registry;

import io.hwnas.devices.local.LocalCpuProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceRegistryTest {

    @Test
    void builtInsAreTheCpuCudaAndTheSpecSheetChips() {
        DeviceRegistry registry = DeviceRegistry.builtIns();
        assertEquals(List.of("cpu", "cpu-1t", "cuda", "jetson-nano", "rpi4", "rpi5"), registry.ids());
        assertEquals(1, registry.get("cpu-1t").settings().intraOpThreads());
        assertEquals(Runtime.getRuntime().availableProcessors(), registry.get("cpu").settings().intraOpThreads());
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.builtIns().get("pi5"));
        assertEquals("No device profile 'pi5'; known: [cpu, cpu-1t, cuda, jetson-nano, rpi4, rpi5]", e.getMessage());
        assertTrue(DeviceRegistry.builtIns().find("pi5").isEmpty());
    }

    @Test
    void duplicateIdNamesBothProviders() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.of(
                List.of(new LocalCpuProvider(), new TestProviders.ClashingCpuProvider())));
        assertEquals("Device profile 'cpu' is provided by both io.hwnas.devices.local.LocalCpuProvider and "
                + "io.hwnas.devices.registry.TestProviders$ClashingCpuProvider", e.getMessage());
    }

    @Test
    void discoverWithoutProvidersGivesTheBuiltIns() {
        assertEquals(List.of("cpu", "cpu-1t", "cuda", "jetson-nano", "rpi4", "rpi5"), DeviceRegistry.discover(getClass().getClassLoader()).ids());
    }

    @Test
    void discoverAddsServiceLoaderProviders(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = loaderListing(dir, TestProviders.Pi5Provider.class)) {
            DeviceRegistry registry = DeviceRegistry.discover(loader);
            assertEquals(List.of("cpu", "cpu-1t", "cuda", "jetson-nano", "pi5", "rpi4", "rpi5"), registry.ids());
            assertEquals(4, registry.get("pi5").settings().intraOpThreads());
        }
    }

    @Test
    void loadAddsTheJsonProfilesOfEachFolderAndNamesBothFilesOfAClash(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("pi.json"), "{\"id\": \"pi\", \"method\": \"spec\", \"spec\": {\"peakGflops\": 10, "
                + "\"memoryBandwidthGBs\": 4, \"source\": \"test\"}}");
        DeviceRegistry r = DeviceRegistry.load(getClass().getClassLoader(), List.of(a, dir.resolve("absent")));
        assertTrue(r.ids().contains("pi"));
        assertEquals(10, r.get("pi").spec().orElseThrow().peakGflops());
        Files.copy(a.resolve("pi.json"), b.resolve("pi-again.json"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> DeviceRegistry.load(getClass().getClassLoader(), List.of(a, b)));
        assertTrue(e.getMessage().contains("'pi' is provided by both " + a.resolve("pi.json")) && e.getMessage()
                .contains(b.resolve("pi-again.json").toString()), e.getMessage());
        Files.writeString(b.resolve("pi-again.json"), "{\"id\": \"cpu\"}");
        e = assertThrows(IllegalArgumentException.class,
                () -> DeviceRegistry.load(getClass().getClassLoader(), List.of(b)));
        assertEquals(b.resolve("pi-again.json") + " /id: 'cpu' is the id of the built-in device cpu (CPU, all "
                + Runtime.getRuntime().availableProcessors() + " cores); give this profile another id", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cpu-1t       | 'cpu-1t' is the id of the built-in device cpu-1t (CPU, 1 thread)",
        "rpi5         | 'rpi5' is the id of the built-in device rpi5",
        "cuda         | 'cuda' is the id of the built-in device cuda",
        "cpu-4t       | 'cpu-4t' is the id hwnas gives the built-in device cpu with 4 threads (--device cpu --threads 4)",
        "rpi4-2t      | 'rpi4-2t' is the id hwnas gives the built-in device rpi4 with 2 threads",
        "agent:pi:cpu | 'agent:pi:cpu': ids that begin with agent: are those measure --agent stores under"})
    void aUsersProfileMayNotTakeAnIdABuiltInDeviceHasOrGets(String id, String message, @TempDir Path dir)
            throws Exception {
        Path f = Files.writeString(dir.resolve("mine.json"), "{\"id\": \"" + id + "\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.readUserProfile(f));
        assertTrue(e.getMessage().startsWith(f + " /id: " + message), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DeviceRegistry.load(getClass().getClassLoader(), List.of(dir)));
    }

    @Test
    void idsThatOnlyResembleABuiltInAreTheUsers(@TempDir Path dir) throws Exception {
        for (String id : List.of("cpu2", "my-cpu-4t", "cpu-t", "cpu-4", "rpi5x-2t")) {
            Path f = Files.writeString(dir.resolve(id + ".json"), "{\"id\": \"" + id + "\"}");
            assertEquals(id, DeviceRegistry.readUserProfile(f).id());
        }
        assertTrue(DeviceRegistry.load(getClass().getClassLoader(), List.of(dir)).ids().contains("my-cpu-4t"));
    }

    @Test
    void discoverRejectsAProviderClashingWithABuiltIn(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = loaderListing(dir, TestProviders.ClashingCpuProvider.class)) {
            var e = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.discover(loader));
            assertTrue(e.getMessage().contains(LocalCpuProvider.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains(TestProviders.ClashingCpuProvider.class.getName()), e.getMessage());
        }
    }

    @Test
    void registryCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> DeviceRegistry.builtIns().ids().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> DeviceRegistry.builtIns().profiles().clear());
    }

    /** A class loader that sees the test classes plus a services file naming {@code provider}. */
    private URLClassLoader loaderListing(Path dir, Class<?> provider) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve("io.hwnas.devices.spi.DeviceProvider"), provider.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }
}
