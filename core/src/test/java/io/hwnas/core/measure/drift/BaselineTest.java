package io.hwnas.core.measure.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.MeasurementKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTest {

    private static final MeasurementKey KEY = new MeasurementKey("e".repeat(64), "cpu-1t", DeviceSettings.cpu(1),
            "1.29.0");
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theBaselineIsTheFastestBlockAndEveryBlockIsKeptInOrder() {
        List<Double> blocks = new ArrayList<>(List.of(0.75, 0.71, 0.9));
        Baseline b = Baseline.of(KEY, "nb201-m", blocks, AT, "host-a");
        assertEquals(0.71, b.baselineMs());
        assertEquals(List.of(0.75, 0.71, 0.9), b.blockMs());
        blocks.set(1, 5.0);
        assertEquals(List.of(0.75, 0.71, 0.9), b.blockMs(), "a copy, not a view of the caller's list");
        assertEquals("nb201-m", b.reference());
        assertEquals(KEY, b.key());
    }

    @Test
    void aBaselineNeedsABlock() {
        var e = assertThrows(IllegalArgumentException.class, () -> Baseline.of(KEY, "nb201-m", List.of(), AT, "h"));
        assertEquals("a baseline needs at least one block", e.getMessage());
    }

    @Test
    void aBaselineMustBeAPositiveTime() {
        for (double bad : new double[] {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new Baseline(KEY, "nb201-m", bad, List.of(1.0), AT, "h"));
            assertEquals("baselineMs must be finite and > 0, but was " + bad, e.getMessage());
        }
        assertEquals(0.2, Baseline.of(KEY, "nb201-m", List.of(0.3, 0.2), AT, "h").baselineMs());
    }
}
