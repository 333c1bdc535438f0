package io.hwnas.core.measure.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.drift.DriftReading;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace's speed factor and its corrected kernel times, the kernel predictor's labels under drift control. */
class KernelTraceTest {

    private static final String SHA = "ab".repeat(32);

    private static KernelTiming kernel(String name, double... us) {
        List<Double> samples = java.util.Arrays.stream(us).boxed().toList();
        return new KernelTiming(name, "Conv", DeviceSettings.CPU_PROVIDER, List.of(name), List.of(List.of(1L, 3L)),
                List.of(List.of(1L, 8L)), 10, 20, 30, io.hwnas.core.stats.Stats.median(us), samples);
    }

    private static KernelTrace trace(DriftReading drift) {
        return new KernelTrace("m.onnx", "cpu-1t", DeviceSettings.cpu(1), "1.29.0", new TracePlan(0, 3),
                List.of(kernel("a", 10, 12, 11), kernel("b", 5, 4, 6)), List.of(100.0, 110.0, 105.0), 7, drift);
    }

    /** The reference ran 1.2, 1.3, 1.25 ms beside the model's runs. */
    private static DriftReading reading() {
        return DriftReading.of("nb201-m", SHA, List.of(0.100, 0.110, 0.105), List.of(1.2, 1.3, 1.25));
    }

    @Test
    void aCalibratedTraceDividesItsKernelTimesByTheSpeedFactorAndKeepsTheRawOnes() {
        KernelTrace t = trace(reading()).calibrated(1.0);
        double factor = t.speedFactor().orElseThrow();
        assertEquals(1.25, factor, 1e-12, "median reference run / baseline");
        List<KernelTiming> corrected = t.correctedKernels();
        assertEquals(t.kernels().size(), corrected.size());
        for (int i = 0; i < corrected.size(); i++) {
            KernelTiming raw = t.kernels().get(i);
            KernelTiming c = corrected.get(i);
            assertEquals(raw.medianUs() / factor, c.medianUs(), 0, raw.kernelName());
            for (int s = 0; s < raw.samplesUs().size(); s++) {
                assertEquals(raw.samplesUs().get(s) / factor, c.samplesUs().get(s), 0);
            }
            assertEquals(raw.irNodes(), c.irNodes());
            assertEquals(raw.parameterBytes(), c.parameterBytes());
        }
        assertEquals(11.0, t.kernels().get(0).medianUs(), 0, "raw times stay");
    }

    @Test
    void aTraceWithoutDriftControlHasNoSpeedFactorAndItsOwnKernelsAsLabels() {
        KernelTrace t = trace(null);
        assertTrue(t.speedFactor().isEmpty());
        assertTrue(t.driftReading().isEmpty());
        assertSame(t.kernels(), t.correctedKernels());
        assertEquals(t, new KernelTrace(t.model(), t.deviceId(), t.settings(), t.ortVersion(), t.plan(), t.kernels(),
                t.modelRunsUs(), t.traceMs()), "the constructor without a reading");
    }

    @Test
    void anUncalibratedReadingGivesNoSpeedFactorYet() {
        KernelTrace t = trace(reading());
        assertTrue(t.speedFactor().isEmpty());
        assertSame(t.kernels(), t.correctedKernels());
    }

    @Test
    void aReadingMustPairEveryKeptRun() {
        DriftReading two = DriftReading.of("nb201-m", SHA, List.of(0.1, 0.1), List.of(1.0, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trace(two));
        assertTrue(e.getMessage().contains("3 runs with 2 reference runs"), e.getMessage());
    }

    @Test
    void calibratingATraceWithoutReadingIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trace(null).calibrated(1.0));
        assertTrue(e.getMessage().contains("without drift control"), e.getMessage());
    }

    @Test
    void aSpeedFactorMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel("a", 1).corrected(0));
        assertTrue(e.getMessage().contains("speedFactor"), e.getMessage());
    }
}
