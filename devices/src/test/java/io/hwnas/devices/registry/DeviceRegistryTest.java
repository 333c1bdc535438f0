package io.hwnas.devices.registry;

import io.hwnas.devices.local.LocalCpuProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void builtInsAreCpuAndCpu1t() {
        DeviceRegistry registry = DeviceRegistry.builtIns();
        assertEquals(List.of("cpu", "cpu-1t"), registry.ids());
        assertEquals(1, registry.get("cpu-1t").settings().intraOpThreads());
        assertEquals(Runtime.getRuntime().availableProcessors(), registry.get("cpu").settings().intraOpThreads());
    }

    @Test
    void unknownIdListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceRegistry.builtIns().get("pi5"));
        assertEquals("No device profile 'pi5'; known: [cpu, cpu-1t]", e.getMessage());
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
        assertEquals(List.of("cpu", "cpu-1t"), DeviceRegistry.discover(getClass().getClassLoader()).ids());
    }

    @Test
    void discoverAddsServiceLoaderProviders(@TempDir Path dir) throws Exception {
        try (URLClassLoader loader = loaderListing(dir, TestProviders.Pi5Provider.class)) {
            DeviceRegistry registry = DeviceRegistry.discover(loader);
            assertEquals(List.of("cpu", "cpu-1t", "pi5"), registry.ids());
            assertEquals(4, registry.get("pi5").settings().intraOpThreads());
        }
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
