package io.hwnas.core.measure.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.drift.DriftReading;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trace's summary figures, its kernels' own, and what each refuses. */
class KernelTraceFiguresTest {

    private static KernelTiming kernel(String name, List<String> irNodes, double medianUs, List<Double> samples) {
        return new KernelTiming(name, "Conv", DeviceSettings.CPU_PROVIDER, irNodes, List.of(List.of(1L, 3L)),
                List.of(List.of(1L, 8L)), 10, 20, 30, medianUs, samples);
    }

    private static KernelTrace trace(List<KernelTiming> kernels, List<Double> runs) {
        return new KernelTrace("m.onnx", "cpu-1t", DeviceSettings.cpu(1), "1.29.0", new TracePlan(0, 1), kernels,
                runs, 7);
    }

    @Test
    void theSummariesAreOverTheKeptRunsAndTheKernels() {
        KernelTrace t = trace(List.of(
                kernel("conv", List.of("conv", "relu"), 30, List.of(30.0)),
                kernel("ReorderOutput", List.of(), 10, List.of(10.0))), List.of(120.0, 100.0, 140.0, 110.0));
        assertEquals(115.0, t.modelRunMedianUs(), 1e-12);
        assertEquals(100.0, t.modelRunMinUs(), 0);
        assertEquals(40.0, t.kernelSumUs(), 1e-12);
        assertEquals(0.75, t.attributedShare(), 1e-12, "30 of 40 us in kernels that name an IR node");
    }

    @Test
    void kernelsThatTookNoTimeHaveNoAttributedShare() {
        KernelTrace t = trace(List.of(kernel("a", List.of("a"), 0, List.of(0.0))), List.of(5.0));
        assertEquals(0.0, t.attributedShare());
    }

    @Test
    void aKernelIsNamedAfterItsFirstIrNodeOrNone() {
        KernelTiming fused = kernel("conv_fused", List.of("conv", "relu"), 3, List.of(3.0));
        assertEquals("conv", fused.anchor());
        assertTrue(fused.attributed());
        KernelTiming reorder = kernel("ReorderInput", List.of(), 1, List.of(1.0));
        assertNull(reorder.anchor());
        assertFalse(reorder.attributed());
    }

    @Test
    void aKernelRefusesANegativeUnknownOrInfiniteMedianNamingIt() {
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class, () -> kernel("k7", List.of(), bad, List.of(1.0)));
            assertEquals("medianUs must be finite and >= 0, but was " + bad + " for kernel 'k7'", e.getMessage());
        }
        assertEquals(0.0, kernel("k0", List.of(), 0, List.of(0.0)).medianUs());
    }

    @Test
    void aKernelNeedsSamples() {
        var e = assertThrows(IllegalArgumentException.class, () -> kernel("k7", List.of(), 1, List.of()));
        assertEquals("kernel 'k7' has no samples", e.getMessage());
    }

    @Test
    void aTraceNeedsRunsAndKernels() {
        KernelTiming k = kernel("a", List.of("a"), 1, List.of(1.0));
        var e = assertThrows(IllegalArgumentException.class, () -> trace(List.of(k), List.of()));
        assertEquals("trace of model m.onnx has no runs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trace(List.of(), List.of(1.0)));
        assertEquals("trace of model m.onnx has no kernels", e.getMessage());
    }

    @Test
    void aDriftControlledTraceAnswersItsReading() {
        DriftReading d = DriftReading.of("nb201-m", "ab".repeat(32), List.of(0.1), List.of(1.2));
        KernelTrace t = new KernelTrace("m.onnx", "cpu-1t", DeviceSettings.cpu(1), "1.29.0", new TracePlan(0, 1),
                List.of(kernel("a", List.of("a"), 1, List.of(1.0))), List.of(100.0), 7, d);
        assertSame(d, t.driftReading().orElseThrow());
    }

    @Test
    void aPlanKeepsAtLeastOneRunAndNoNegativeWarmUp() {
        assertEquals(new TracePlan(5, 20), TracePlan.defaults());
        assertEquals(0, new TracePlan(0, 1).warmupRuns());
        var e = assertThrows(IllegalArgumentException.class, () -> new TracePlan(-1, 1));
        assertEquals("warmupRuns must be >= 0, but was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TracePlan(0, 0));
        assertEquals("runs must be >= 1, but was 0", e.getMessage());
    }
}
