package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.GraphCost;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Budgets as the search applies them to candidates: which value each reads (measured before predicted, the worst
 * case of an early-exit network, a graph figure), what the search believed before measuring, and the keys it
 * reports; and the candidate and latency values they read.
 */
class ConstraintTest {

    private static Candidate candidate(Map<String, LatencyEstimate> latency, Map<String, Double> extras) {
        return new Candidate(3, 1, "|a~0|", 71.5, latency, Map.of(Metric.PARAMS, 2.0e6, Metric.FLOPS, 4.0e8), extras);
    }

    private static Constraint on(String budget, String device) {
        return new Constraint(Budget.parse(budget), device);
    }

    @Test
    void aLatencyBudgetReadsTheMeasuredValueAndThePredictionWhenAskedForWhatWasBelieved() {
        Candidate c = candidate(Map.of("cpu", new LatencyEstimate(12.0, 9.0)), Map.of());
        Constraint k = on("latency_ms<=10", "cpu");
        assertEquals(12.0, k.valueOf(c, false));
        assertEquals(9.0, k.valueOf(c, true));
        assertEquals(List.of("cpu:latency_ms<=10"), Constraint.violated(List.of(k), c));
        assertFalse(Constraint.met(List.of(k), c));
        assertTrue(Constraint.predictedMet(List.of(k), c), "predicted 9 ms against 10");
        assertEquals(0.2, k.violation(c), 1e-12);

        Candidate measuredOnly = candidate(Map.of("cpu", LatencyEstimate.measured(8.0)), Map.of());
        assertEquals(8.0, k.valueOf(measuredOnly, true), "nothing was predicted: the measurement is what it knew");
        assertTrue(Constraint.met(List.of(k), measuredOnly));
        assertEquals(List.of(), Constraint.violated(List.of(k), measuredOnly));
        Candidate predictedOnly = candidate(Map.of("cpu", LatencyEstimate.predicted(11.0)), Map.of());
        assertFalse(Constraint.predictedMet(List.of(k), predictedOnly));
    }

    @Test
    void aWorstCaseBudgetReadsTheLongestPathWhenAnOracleToldIt() {
        Map<String, Double> extras = Map.of(Candidate.worstKey("cpu"), 30.0);
        Candidate exits = candidate(Map.of("cpu", new LatencyEstimate(12.0, 9.0)), extras);
        Constraint k = on("worst_latency_ms<=20", "cpu");
        assertEquals("worst_latency_ms[cpu]", Candidate.worstKey("cpu"));
        assertEquals(30.0, k.valueOf(exits, false));
        assertEquals(30.0, k.valueOf(exits, true), "a told worst case is known, not predicted");
        Candidate plain = candidate(Map.of("cpu", new LatencyEstimate(12.0, 9.0)), Map.of());
        assertEquals(12.0, k.valueOf(plain, false), "without exits the worst case is the latency");
        assertEquals(9.0, k.valueOf(plain, true));
        Candidate measured = candidate(Map.of("cpu", LatencyEstimate.measured(25.0)), Map.of());
        assertEquals(25.0, k.valueOf(measured, true));
    }

    @Test
    void aGraphBudgetReadsTheGraphsFigureAndKeysNameTheDeviceOnlyWhenThereIsOne() {
        Candidate c = candidate(Map.of("cpu", LatencyEstimate.measured(5.0)), Map.of());
        Constraint params = on("params<=1e6", null);
        assertEquals(2.0e6, params.valueOf(c, true));
        assertEquals("params<=1000000", params.key());
        assertEquals("params<=1000000", params.toString());
        Constraint accuracy = on("accuracy>=70", null);
        assertEquals(71.5, accuracy.valueOf(c, false));
        assertEquals(List.of("params<=1000000"), Constraint.violated(List.of(params, accuracy), c));
        assertTrue(Constraint.met(List.of(accuracy), c));
    }

    @Test
    void everyConstraintMustHoldAndNoneIsNoBound() {
        Candidate c = candidate(Map.of("cpu", new LatencyEstimate(9.0, 11.0)), Map.of());
        List<Constraint> both = List.of(on("latency_ms<=10", "cpu"), on("flops<=1e8", null));
        assertFalse(Constraint.met(both, c));
        assertFalse(Constraint.predictedMet(both, c));
        assertEquals(List.of("flops<=100000000"), Constraint.violated(both, c));
        assertTrue(Constraint.met(List.of(), c));
        assertTrue(Constraint.predictedMet(List.of(), c));
    }

    @Test
    void aCandidateNamesWhatItLacks() {
        Candidate c = candidate(new LinkedHashMap<>(Map.of("cpu", LatencyEstimate.measured(5.0))), null);
        assertEquals(Map.of(), c.extras(), "no extras is none, as in checkpoints from before them");
        var noDevice = assertThrows(IllegalArgumentException.class, () -> c.latency("gpu"));
        assertEquals("no latency on 'gpu' for |a~0|; devices: [cpu]", noDevice.getMessage());
        var noMetric = assertThrows(IllegalStateException.class, () -> c.graphMetric(Metric.MEMORY_MB));
        assertEquals("memory_mb was not computed for |a~0|", noMetric.getMessage());
        assertEquals(4.0e8, c.value(Metric.FLOPS, null));
        assertEquals(5.0, c.value(Metric.LATENCY_MS, "cpu"));
        assertEquals(5.0, c.value(Metric.WORST_LATENCY_MS, "cpu"));
        assertEquals(71.5, c.value(Metric.ACCURACY, null));
        assertThrows(NullPointerException.class, () -> new Candidate(0, 0, null, 1, Map.of(), Map.of()));
    }

    @Test
    void aLatencyEstimateHoldsAtLeastOneValueAndTheMeasuredOneWins() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LatencyEstimate(Double.NaN, Double.NaN));
        assertEquals("a latency estimate needs a measured or a predicted value", e.getMessage());
        LatencyEstimate p = LatencyEstimate.predicted(4.0);
        assertTrue(p.isPredicted() && !p.isMeasured());
        assertEquals(4.0, p.bestMs());
        LatencyEstimate both = p.withMeasured(6.0);
        assertTrue(both.isPredicted() && both.isMeasured());
        assertEquals(6.0, both.bestMs());
        LatencyEstimate m = LatencyEstimate.measured(6.0);
        assertFalse(m.isPredicted());
        assertEquals(new LatencyEstimate(6.0, 2.0), m.withPredicted(2.0));
    }

    @Test
    void graphMetricsComeFromTheCostInTheirOwnUnits() {
        GraphCost cost = new GraphCost(100, 200, 300, 40, 50, 60, 290, 3_000_000, 1_200_000, 7, List.of());
        assertEquals(290, Metric.PARAMS.of(cost));
        assertEquals(200, Metric.FLOPS.of(cost));
        assertEquals(3.0, Metric.PEAK_MEMORY_MB.of(cost), 1e-12);
        assertEquals(1.2, Metric.MODEL_SIZE_MB.of(cost), 1e-12);
        assertEquals(4.2, Metric.MEMORY_MB.of(cost), 1e-12);
        assertThrows(IllegalStateException.class, () -> Metric.LATENCY_MS.of(cost));
        assertEquals(List.of("accuracy", "latency_ms", "params", "flops", "peak_memory_mb", "model_size_mb",
                "memory_mb", "worst_latency_ms"), Metric.keys());
    }

    @Test
    void aLatencyObjectiveNamesItsDeviceAndNoOtherDoes() {
        assertEquals("cpu", new SearchObjective(Metric.LATENCY_MS, "cpu").device());
        assertThrows(IllegalArgumentException.class, () -> new SearchObjective(Metric.LATENCY_MS, null));
        var e = assertThrows(IllegalArgumentException.class, () -> new SearchObjective(Metric.PARAMS, "cpu"));
        assertEquals("a latency objective names its device, and only it: PARAMS/cpu", e.getMessage());
    }
}
