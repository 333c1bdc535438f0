package io.hwnas.devices.local;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.ExecutionMode;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProfileContract;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalCpuProfileTest extends DeviceProfileContract {

    @Override
    protected DeviceProfile profile() {
        return LocalCpuProfile.allCores();
    }

    @Test
    void allCoresUsesEveryProcessor() {
        LocalCpuProfile cpu = LocalCpuProfile.allCores();
        assertEquals("cpu", cpu.id());
        assertEquals(DeviceKind.CPU, cpu.kind());
        assertEquals(new DeviceSettings(Runtime.getRuntime().availableProcessors(), 1, OptimizationLevel.ALL,
                ExecutionMode.SEQUENTIAL, "CPUExecutionProvider"), cpu.settings());
        assertTrue(cpu.availability().available());
    }

    @Test
    void oneThreadIsTheAllCoresVariantWithOneThread() {
        LocalCpuProfile one = LocalCpuProfile.oneThread();
        assertEquals("cpu-1t", one.id());
        assertEquals(DeviceSettings.cpu(1), one.settings());
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertEquals(one, LocalCpuProfile.allCores().withIntraOpThreads(1));
        }
    }

    @Test
    void oneThreadStatesThisMachinesSpecAtOneCore() {
        var spec = LocalCpuProfile.oneThread().spec();
        assumeTrue(spec.isPresent(), "this CPU's peak cannot be told from /proc/cpuinfo here");
        assertTrue(spec.get().peakGflops() > 0 && spec.get().memoryBandwidthGBs() > 0, spec.get().toString());
        assertTrue(spec.get().source().startsWith("this machine ("), spec.get().source());
        assertTrue(spec.get().source().contains(" 1 core x "), spec.get().source());
        assertEquals(spec, LocalCpuProfile.oneThread().spec(), "measured once, then the same");
    }

    @Test
    void rejectsAnotherExecutionProvider() {
        var settings = new DeviceSettings(1, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, "CUDAExecutionProvider");
        var e = assertThrows(IllegalArgumentException.class, () -> new LocalCpuProfile("cpu", "CPU", settings));
        assertTrue(e.getMessage().startsWith("settings.executionProvider must be CPUExecutionProvider"), e.getMessage());
    }

    @Test
    void rejectsUppercaseId() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LocalCpuProfile("CPU", "CPU", DeviceSettings.cpu(1)));
        assertTrue(e.getMessage().startsWith("device id must match"), e.getMessage());
        assertTrue(e.getMessage().endsWith("but was 'CPU'"), e.getMessage());
    }
}
