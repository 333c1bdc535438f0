package io.hwnas.core.measure;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementTest {

    private final Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1);

    @Test
    void keyIsModelDeviceSettingsAndRuntime() {
        assertEquals(new MeasurementKey(TestMeasurements.SHA_A, "cpu", DeviceSettings.cpu(2), "1.29.0"), m.key());
        Measurement other = m.toBuilder().settings(DeviceSettings.cpu(1)).build();
        assertNotEquals(m.key(), other.key());
    }

    @Test
    void toBuilderRoundTrips() {
        assertEquals(m, m.toBuilder().build());
        assertEquals("test-host", m.host());
        assertEquals("nb201", m.spaceName().orElseThrow());
    }

    @Test
    void bareFileHasNoSpaceOrArchitecture() {
        Measurement bare = m.toBuilder().space(null).architecture(null).build();
        assertTrue(bare.spaceName().isEmpty());
        assertTrue(bare.architectureString().isEmpty());
    }

    @Test
    void rejectsBadHashNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().modelSha256("ABC").build());
        assertEquals("modelSha256 must be 64 lowercase hex digits, but was 'ABC'", e.getMessage());
    }

    @Test
    void rejectsSampleCountDifferentFromRuns() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().samplesMs(List.of(1.0)).build());
        assertEquals("samplesMs must hold stats.runs (30) samples, but held 1", e.getMessage());
    }

    @Test
    void rejectsBlankSpace() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().space(" ").build());
        assertEquals("space must be null or non-blank, but was ' '", e.getMessage());
    }

    @Test
    void rejectsNegativeSessionTime() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().sessionCreateMs(-1).build());
        assertTrue(e.getMessage().startsWith("sessionCreateMs"), e.getMessage());
    }

    @Test
    void samplesAreImmutable() {
        assertThrows(UnsupportedOperationException.class, () -> m.samplesMs().add(1.0));
    }

    @Test
    void settingsRejectZeroThreads() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceSettings.cpu(0));
        assertEquals("intraOpThreads must be >= 1, but was 0", e.getMessage());
    }

    @Test
    void settingsRejectMoreThreadsThanTheBoundWhereverTheyComeFrom() {
        assertEquals(DeviceSettings.MAX_THREADS, DeviceSettings.cpu(DeviceSettings.MAX_THREADS).intraOpThreads());
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceSettings.cpu(1).withIntraOpThreads(100_000_000));
        assertEquals("intraOpThreads must be <= 1024, but was 100000000", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DeviceSettings(1, 1025, OptimizationLevel.ALL,
                ExecutionMode.SEQUENTIAL, DeviceSettings.CPU_PROVIDER));
        assertEquals("interOpThreads must be <= 1024, but was 1025", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceSettings.checkThreads("--threads", 1L << 40));
        assertEquals("--threads must be <= 1024, but was 1099511627776", e.getMessage());
    }

    @Test
    void memoryGrowthIsUnknownWhenAFigureIs() {
        assertEquals(4_000, m.memory().sessionGrowthKib().orElseThrow());
        assertEquals(5_500, m.memory().totalGrowthKib().orElseThrow());
        assertTrue(MemoryFigures.unknown().sessionGrowthKib().isEmpty());
        var e = assertThrows(IllegalArgumentException.class, () -> new MemoryFigures(-2, 0, 0, 0));
        assertTrue(e.getMessage().startsWith("rssBeforeKib"), e.getMessage());
    }
}
