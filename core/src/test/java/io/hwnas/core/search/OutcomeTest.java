package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a search's candidates say about its budgets: whether any is feasible, and how often a candidate predicted
 * within every budget was measured outside one (the predictor's cost to the user).
 */
class OutcomeTest {

    private static Candidate candidate(int i, double accuracy, LatencyEstimate ms) {
        Candidate c = HypervolumeReferenceTest.candidate(i, accuracy, 1);
        return new Candidate(c.index(), c.generation(), c.arch(), accuracy, Map.of("d", ms), Map.of(), Map.of());
    }

    @Test
    void onlyMeasuredCandidatesPredictedWithinEveryBudgetCountTowardsTheViolationRate() {
        SearchProblem p = HypervolumeReferenceTest.problem(List.of(Budget.parse("d:latency_ms<=5")));
        Candidate missed = candidate(1, 90, new LatencyEstimate(6.0, 4.0));
        Candidate kept = candidate(2, 80, new LatencyEstimate(4.5, 4.0));
        Candidate predictedOut = candidate(3, 95, new LatencyEstimate(8.0, 7.0));
        Candidate tableOnly = candidate(4, 70, LatencyEstimate.measured(3.0));
        Candidate predictedOnly = candidate(5, 60, LatencyEstimate.predicted(2.0));
        List<Candidate> all = List.of(missed, kept, predictedOut, tableOnly, predictedOnly);
        Outcome o = Outcome.of(p, all);
        assertTrue(o.feasible());
        assertEquals(List.of(missed), o.violations());
        assertEquals(2, o.predictedFeasibleMeasured());
        assertEquals(0.5, o.violationRate(), 1e-12);
        assertEquals(Fronts.front(p, all), o.front());
    }

    @Test
    void withoutMeasuredPredictionsTheRateIsUnknownAndNoFeasibleCandidateIsSaid() {
        SearchProblem p = HypervolumeReferenceTest.problem(List.of(Budget.parse("d:latency_ms<=5")));
        Outcome o = Outcome.of(p, List.of(candidate(1, 90, LatencyEstimate.measured(6.0)),
                candidate(2, 80, LatencyEstimate.predicted(7.0))));
        assertFalse(o.feasible());
        assertEquals(List.of(), o.violations());
        assertEquals(0, o.predictedFeasibleMeasured());
        assertTrue(Double.isNaN(o.violationRate()));
    }

    @Test
    void aBudgetOnNoDeviceDoesNotMakeACandidateMeasured() {
        SearchProblem p = new SearchProblem(HypervolumeReferenceTest.SPACE,
                new CandidatePool(HypervolumeReferenceTest.SPACE, null, List.of(), java.util.Set.of()),
                List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d")),
                List.of(new Constraint(Budget.parse("accuracy>=50"), null)));
        Outcome o = Outcome.of(p, List.of(candidate(1, 90, new LatencyEstimate(6.0, 4.0))));
        assertTrue(o.feasible());
        assertEquals(0, o.predictedFeasibleMeasured());
    }
}
