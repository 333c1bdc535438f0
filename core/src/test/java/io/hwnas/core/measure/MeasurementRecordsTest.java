package io.hwnas.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The small records around a measurement: what each accepts at its edge and what it refuses, naming the field. */
class MeasurementRecordsTest {

    private static final String SHA = TestMeasurements.SHA_A;

    @Test
    void deviceSettingsRefuseZeroInterOpThreadsAndABlankProvider() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSettings(1, 0, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, "CPU"));
        assertEquals("interOpThreads must be >= 1, but was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DeviceSettings(1, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL, " "));
        assertEquals("executionProvider must not be blank, but was ' '", e.getMessage());
    }

    @Test
    void deviceSettingsChangeTheirThreadsAndKeepTheRest() {
        DeviceSettings one = DeviceSettings.cpu(1);
        DeviceSettings four = one.withIntraOpThreads(4);
        assertEquals(new DeviceSettings(4, 1, OptimizationLevel.ALL, ExecutionMode.SEQUENTIAL,
                DeviceSettings.CPU_PROVIDER), four);
        assertThrows(IllegalArgumentException.class, () -> one.withIntraOpThreads(0));
    }

    @Test
    void aKeyRefusesABlankDeviceOrRuntimeVersion() {
        DeviceSettings s = DeviceSettings.cpu(1);
        var e = assertThrows(IllegalArgumentException.class, () -> new MeasurementKey(SHA, " ", s, "1.29.0"));
        assertEquals("deviceId must not be blank, but was ' '", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MeasurementKey(SHA, "cpu", s, ""));
        assertEquals("ortVersion must not be blank, but was ''", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MeasurementKey("abc", "cpu", s, "1.29.0"));
        assertTrue(e.getMessage().startsWith("modelSha256 must be 64 lowercase hex digits"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new MeasurementKey(SHA, null, s, "1.29.0"));
    }

    @Test
    void aKeyReadsAsModelPrefixDeviceSettingsAndRuntime() {
        MeasurementKey k = new MeasurementKey(SHA, "cpu-1t", DeviceSettings.cpu(1), "1.29.0");
        assertEquals("model aaaaaaaaaaaa on cpu-1t " + DeviceSettings.cpu(1) + " with ORT 1.29.0", k.toString());
    }

    @Test
    void memoryFiguresRefuseEachFigureBelowUnknown() {
        List<String> fields = List.of("rssBeforeKib", "rssAfterSessionKib", "rssAfterRunsKib", "peakRssKib");
        for (int i = 0; i < 4; i++) {
            long[] v = {0, 0, 0, 0};
            v[i] = -2;
            var e = assertThrows(IllegalArgumentException.class, () -> new MemoryFigures(v[0], v[1], v[2], v[3]));
            assertEquals(fields.get(i) + " must be >= 0 or -1 (unknown), but was -2", e.getMessage());
        }
        assertEquals(0, new MemoryFigures(0, 0, 0, 0).totalGrowthKib().orElseThrow());
    }

    @Test
    void growthIsUnknownWhenEitherEndIs() {
        MemoryFigures afterUnknown = new MemoryFigures(100, MemoryFigures.UNKNOWN, MemoryFigures.UNKNOWN, 200);
        assertTrue(afterUnknown.sessionGrowthKib().isEmpty());
        assertTrue(afterUnknown.totalGrowthKib().isEmpty());
        MemoryFigures beforeUnknown = new MemoryFigures(MemoryFigures.UNKNOWN, 100, 150, 200);
        assertTrue(beforeUnknown.sessionGrowthKib().isEmpty());
        MemoryFigures shrank = new MemoryFigures(100, 90, 80, 200);
        assertEquals(-10, shrank.sessionGrowthKib().orElseThrow());
        assertEquals(-20, shrank.totalGrowthKib().orElseThrow());
    }

    @Test
    void aStoredMeasurementHasAnIdFromOne() {
        Measurement m = TestMeasurements.sample(SHA, "cpu", 1);
        assertEquals(1, new StoredMeasurement(1, m).id());
        var e = assertThrows(IllegalArgumentException.class, () -> new StoredMeasurement(0, m));
        assertEquals("id must be >= 1, but was 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> new StoredMeasurement(1, null));
    }

    @Test
    void aModelRunIsBareUntilLabelledAndKeepsEachChange() {
        Path model = Path.of("m.onnx");
        MeasurementPlan plan = MeasurementPlan.defaults();
        ModelRun bare = ModelRun.of(model, plan);
        assertEquals(new ModelRun(model, plan, null, null, java.util.OptionalLong.empty(), DriftControl.OFF), bare);
        ModelRun r = bare.labelled("nb201", "|a|").inputSeed(7).drift(DriftControl.ON);
        assertEquals("nb201", r.space());
        assertEquals("|a|", r.architecture());
        assertEquals(7, r.inputSeed().orElseThrow());
        assertEquals(DriftControl.ON, r.drift());
        assertSame(model, r.model());
        assertSame(plan, r.plan());
        assertEquals(r, r.drift(DriftControl.OFF).drift(DriftControl.ON), "changing one field keeps the others");
        assertEquals(7, r.labelled("nb201", "|b|").inputSeed().orElseThrow());
    }

    @Test
    void aModelRunNeedsSpaceAndArchitectureTogether() {
        ModelRun bare = ModelRun.of(Path.of("m.onnx"), MeasurementPlan.defaults());
        var e = assertThrows(IllegalArgumentException.class, () -> bare.labelled("nb201", null));
        assertEquals("space and architecture must be given together, but were 'nb201' and 'null'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bare.labelled(null, "|a|"));
        assertThrows(NullPointerException.class, () -> bare.drift(null));
    }

    @Test
    void aPlanAcceptsEachLeastValue() {
        MeasurementPlan p = new MeasurementPlan(0, 1, 1, 0.5, Duration.ofNanos(1));
        assertEquals(0, p.warmupRuns());
        assertEquals(1, p.minRuns());
        assertEquals(1, p.maxRuns());
    }

    @Test
    void aHexDigestIsReturnedAsGiven() {
        assertSame(SHA, Sha256.requireHex("sha", SHA));
        var e = assertThrows(IllegalArgumentException.class, () -> Sha256.requireHex("sha", SHA.toUpperCase()));
        assertTrue(e.getMessage().startsWith("sha must be 64 lowercase hex digits"), e.getMessage());
    }

    @Test
    void failuresNameWhereTheyHappened() {
        IOException cause = new IOException("disk full");
        MeasurementStoreException s = new MeasurementStoreException(Path.of("db", "m.sqlite"), "cannot save", cause);
        assertEquals(Path.of("db", "m.sqlite").toString(), s.location());
        assertSame(cause, s.getCause());
        assertEquals("cannot save", s.getMessage());
        MeasuringException m = new MeasuringException("model m.onnx failed", "cpu-1t", cause);
        assertEquals("cpu-1t", m.deviceId());
        assertSame(cause, m.getCause());
    }

    @Test
    void aMeasurerAskedForTheWholeNetworkAsksForTheEmptyGraphName() {
        List<String> asked = new ArrayList<>();
        LatencyMeasurer measurer = (a, graph) -> {
            asked.add(graph);
            return OptionalDouble.of(graph.isEmpty() ? 3.5 : 1.0);
        };
        Nb201Space space = new Nb201Space();
        Architecture a = space.sample(new java.util.SplittableRandom(1));
        assertEquals(3.5, measurer.measure(a).orElseThrow());
        assertEquals(List.of(""), asked);
    }
}
