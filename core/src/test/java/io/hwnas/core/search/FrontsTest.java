package io.hwnas.core.search;

import static io.hwnas.core.search.HypervolumeReferenceTest.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Constrained fronts and normalised hypervolumes of accuracy (higher is better) and latency on device d. */
class FrontsTest {

    private static final List<SearchObjective> OBJECTIVES =
            List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d"));

    private static List<String> front(List<Budget> budgets, List<Candidate> candidates) {
        List<Constraint> cons = budgets.stream().map(b -> new Constraint(b, "d")).toList();
        return Fronts.front(OBJECTIVES, cons, candidates).stream().map(Candidate::arch).toList();
    }

    private static double hypervolume(List<Budget> budgets, List<Candidate> candidates, double[] ideal,
            double[] nadir) {
        return Fronts.hypervolume(HypervolumeReferenceTest.problem(budgets), candidates, ideal, nadir);
    }

    @Test
    void theFrontKeepsTheNonDominatedInEvaluationOrder() {
        Candidate fastPoor = candidate(1, 70, 1);
        Candidate dominated = candidate(2, 69, 2);
        Candidate slowGood = candidate(3, 90, 5);
        Candidate middle = candidate(4, 80, 3);
        assertEquals(List.of(fastPoor.arch(), slowGood.arch(), middle.arch()),
                front(List.of(), List.of(fastPoor, dominated, slowGood, middle)));
    }

    @Test
    void candidatesWithEqualObjectivesAreAllKept() {
        Candidate a = candidate(1, 80, 3);
        Candidate twin = candidate(2, 80, 3);
        assertEquals(List.of(a.arch(), twin.arch()), front(List.of(), List.of(a, twin)));
    }

    @Test
    void aBudgetLeavesOnlyTheFeasibleOnTheFront() {
        Candidate fast = candidate(1, 70, 2);
        Candidate slow = candidate(2, 95, 8);
        assertEquals(List.of(fast.arch()), front(List.of(Budget.parse("d:latency_ms<=4")), List.of(fast, slow)));
    }

    @Test
    void whenNoneMeetsTheBudgetTheLeastViolatingAreTheFront() {
        Candidate near = candidate(1, 70, 5);
        Candidate far = candidate(2, 95, 8);
        assertEquals(List.of(near.arch()), front(List.of(Budget.parse("d:latency_ms<=4")), List.of(near, far)));
    }

    @Test
    void onePointNormalisesToTheAreaItDominatesUpToTheNadir() {
        double[] ideal = {100, 0};
        double[] nadir = {0, 10};
        assertEquals(1.0, hypervolume(List.of(), List.of(candidate(1, 100, 0)), ideal, nadir), 1e-9);
        assertEquals(0.25, hypervolume(List.of(), List.of(candidate(1, 50, 5)), ideal, nadir), 1e-9);
        assertEquals(0.25, hypervolume(List.of(), List.of(candidate(1, 50, 5)), nadir, ideal), 1e-9,
                "bounds are taken in each objective's own sense, whichever way round they are given");
    }

    @Test
    void twoPointsCountTheirUnionOnce() {
        double[] ideal = {100, 0};
        double[] nadir = {0, 10};
        // (50, 5) covers 0.5 x 0.5; (80, 8) covers 0.8 x 0.2; they share 0.5 x 0.2
        List<Candidate> two = List.of(candidate(1, 50, 5), candidate(2, 80, 8));
        assertEquals(0.25 + 0.16 - 0.10, hypervolume(List.of(), two, ideal, nadir), 1e-9);
    }

    @Test
    void aPointBeyondTheNadirOrOutsideTheBudgetAddsNothing() {
        double[] ideal = {100, 0};
        double[] nadir = {0, 10};
        assertEquals(0.0, hypervolume(List.of(), List.of(candidate(1, 50, 12)), ideal, nadir), 1e-12);
        assertEquals(0.0, hypervolume(List.of(Budget.parse("d:latency_ms<=4")), List.of(candidate(1, 90, 5)), ideal,
                nadir), "no feasible candidate: no area");
        assertEquals(0.0, hypervolume(List.of(), List.of(), ideal, nadir));
    }
}
