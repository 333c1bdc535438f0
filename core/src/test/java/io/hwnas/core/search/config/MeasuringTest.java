package io.hwnas.core.search.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuringTest {

    private static final Measuring.Plan PLAN = Measuring.Plan.of(MeasurementPlan.defaults());

    private static Measuring measuring(int warmupSamples, int measurePerGeneration) {
        return new Measuring("weka", warmupSamples, measurePerGeneration, PLAN, 0, "cpu-1t", List.of(),
                DriftControl.ON);
    }

    @Test
    void theDefaults() {
        Measuring m = Measuring.defaults();
        assertEquals("weka", m.predictor());
        assertEquals(20, m.warmupSamples());
        assertEquals(4, m.measurePerGeneration());
        assertEquals(MeasurementPlan.defaults(), m.plan().plan());
        assertEquals(0, m.weightsSeed());
        assertEquals("cpu-1t", m.specReference());
        assertEquals(List.of(), m.deviceDirs());
        assertEquals(DriftControl.ON, m.driftControl());
    }

    @Test
    void warmUpNeedsThreeSamples() {
        // Fewer points than that fit no predictor worth the name.
        var e = assertThrows(IllegalArgumentException.class, () -> measuring(2, 4));
        assertEquals("warm-up samples must be >= 3, but was 2", e.getMessage());
        assertEquals(3, measuring(3, 4).warmupSamples());
    }

    @Test
    void measurementsPerGenerationMayBeZeroButNotNegative() {
        var e = assertThrows(IllegalArgumentException.class, () -> measuring(20, -1));
        assertEquals("measurements per generation must be >= 0, but was -1", e.getMessage());
        assertEquals(0, measuring(20, 0).measurePerGeneration());
    }

    @Test
    void noDriftControlReadsAsOffAsTheRunsBeforeItMeasured() {
        Measuring m = new Measuring("weka", 20, 4, PLAN, 0, "cpu-1t", List.of(), null);
        assertEquals(DriftControl.OFF, m.driftControl());
    }

    @Test
    void theDeviceFoldersKeptAreACopy() {
        var dirs = new ArrayList<>(List.of("a"));
        Measuring m = new Measuring("weka", 20, 4, PLAN, 0, "cpu-1t", dirs, DriftControl.ON);
        dirs.add("b");
        assertEquals(List.of("a"), m.deviceDirs());
    }

    @Test
    void aPlanKeepsTheTimeBudgetInSeconds() {
        MeasurementPlan p = MeasurementPlan.builder().warmupRuns(3).minRuns(5).maxRuns(50).targetRelativeError(0.05)
                .budget(Duration.ofMillis(2500)).build();
        Measuring.Plan kept = Measuring.Plan.of(p);
        assertEquals(new Measuring.Plan(3, 5, 50, 0.05, 2.5), kept);
        assertEquals(p, kept.plan());
    }

    @Test
    void theDefaultPlanIsTenSeconds() {
        assertEquals(new Measuring.Plan(10, 20, 1000, 0.01, 10.0), PLAN);
    }
}
