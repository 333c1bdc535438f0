package io.hwnas.core.measure;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MeasurementPlanTest {

    @Test
    void defaultsSuitASmallCpuModel() {
        MeasurementPlan p = MeasurementPlan.defaults();
        assertEquals(10, p.warmupRuns());
        assertEquals(20, p.minRuns());
        assertEquals(1000, p.maxRuns());
        assertEquals(0.01, p.targetRelativeError());
        assertEquals(Duration.ofSeconds(10), p.budget());
    }

    @Test
    void toBuilderMakesAVariant() {
        MeasurementPlan p = MeasurementPlan.builder().minRuns(5).maxRuns(9).build();
        MeasurementPlan q = p.toBuilder().budget(Duration.ofSeconds(1)).build();
        assertEquals(new MeasurementPlan(10, 5, 9, 0.01, Duration.ofSeconds(1)), q);
    }

    @Test
    void rejectsNegativeWarmup() {
        var e = assertThrows(IllegalArgumentException.class, () -> MeasurementPlan.builder().warmupRuns(-1).build());
        assertEquals("warmupRuns must be >= 0, but was -1", e.getMessage());
    }

    @Test
    void rejectsZeroMinRuns() {
        var e = assertThrows(IllegalArgumentException.class, () -> MeasurementPlan.builder().minRuns(0).build());
        assertEquals("minRuns must be >= 1, but was 0", e.getMessage());
    }

    @Test
    void rejectsMaxRunsBelowMinRuns() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementPlan.builder().minRuns(20).maxRuns(19).build());
        assertEquals("maxRuns must be >= minRuns (20), but was 19", e.getMessage());
    }

    @Test
    void rejectsTargetOutsideZeroToOne() {
        for (double bad : new double[] {0, -0.1, 1, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> MeasurementPlan.builder().targetRelativeError(bad).build());
            assertEquals("targetRelativeError must be in (0, 1), but was " + bad, e.getMessage());
        }
    }

    @Test
    void rejectsNonPositiveBudget() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementPlan.builder().budget(Duration.ZERO).build());
        assertEquals("budget must be > 0, but was PT0S", e.getMessage());
        assertThrows(NullPointerException.class, () -> MeasurementPlan.builder().budget(null).build());
    }

    @Test
    void rejectsRunCountsOverTheBound() {
        int max = MeasurementPlan.MAX_RUNS;
        assertEquals(max, MeasurementPlan.builder().warmupRuns(max).minRuns(max).maxRuns(max).build().maxRuns());
        var e = assertThrows(IllegalArgumentException.class, () -> MeasurementPlan.builder().maxRuns(max + 1).build());
        assertEquals("maxRuns must be <= 1000000, but was 1000001", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementPlan.builder().warmupRuns(Integer.MAX_VALUE).build());
        assertEquals("warmupRuns must be <= 1000000, but was 2147483647", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementPlan.builder().minRuns(2_000_000).maxRuns(2_000_000).build());
        assertEquals("maxRuns must be <= 1000000, but was 2000000", e.getMessage());
    }
}
