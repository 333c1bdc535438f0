package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

class HypervolumeReferenceTest {

    static final SearchSpace SPACE = new Nb201Space();

    static Candidate candidate(int i, double acc, double ms) {
        String arch = SPACE.sample(new java.util.SplittableRandom(i)).canonical();
        return new Candidate(i, 1, arch, acc, java.util.Map.of("d", LatencyEstimate.measured(ms)),
                java.util.Map.of(), java.util.Map.of());
    }

    static SearchProblem problem(List<Budget> budgets) {
        List<SearchObjective> objs = List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d"));
        List<Constraint> cons = budgets.stream().map(b -> new Constraint(b, "d")).toList();
        return new SearchProblem(SPACE, new CandidatePool(SPACE, null, List.of(), java.util.Set.of()), objs, cons);
    }

    @Test
    void accuracySpansTheOraclesRangeAndLatencyTheTightestUpperBudget() {
        List<Budget> budgets = List.of(Budget.parse("d:latency_ms<=5"), Budget.parse("d:latency_ms<=3"),
                Budget.parse("d:latency_ms>=1"));
        HypervolumeReference r = HypervolumeReference.of(problem(budgets), new double[] {0, 100},
                List.of(candidate(1, 80, 9), candidate(2, 90, 12)));
        assertArrayEquals(new double[] {100, 0}, r.ideal());
        assertArrayEquals(new double[] {0, 3}, r.nadir());
    }

    @Test
    void withoutABudgetTheFirstGenerationsLargestLatencyAndItsWorstAccuracyBound() {
        HypervolumeReference r = HypervolumeReference.of(problem(List.of()), new double[] {Double.NaN, -1.5},
                List.of(candidate(1, -3.0, 9), candidate(2, -2.5, 12)));
        assertArrayEquals(new double[] {-1.5, 0}, r.ideal());
        assertArrayEquals(new double[] {-3.0, 12}, r.nadir());
    }

    @Test
    void anEmptyFirstGenerationStillGivesAUsableReference() {
        HypervolumeReference r = HypervolumeReference.of(problem(List.of()), new double[] {Double.NaN, -1.5},
                List.of());
        assertArrayEquals(new double[] {-2.5, 1}, r.nadir());
    }

    @Test
    void aGivenAccuracyRangeIsTheWorstAndAFirstGenerationAllAtTheBestSitsOneBelowIt() {
        HypervolumeReference given = HypervolumeReference.of(problem(List.of()), new double[] {10, 100},
                List.of(candidate(1, 80, 9)));
        assertArrayEquals(new double[] {10, 9}, given.nadir());
        HypervolumeReference level = HypervolumeReference.of(problem(List.of()), new double[] {Double.NaN, -1.5},
                List.of(candidate(1, -1.5, 9), candidate(2, -1.5, 4)));
        assertArrayEquals(new double[] {-2.5, 9}, level.nadir());
    }

    @Test
    void onlyABudgetOnTheObjectivesOwnDeviceBoundsIt() {
        List<SearchObjective> objs = List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d"));
        List<Constraint> other = List.of(new Constraint(Budget.parse("e:latency_ms<=3"), "e"));
        SearchProblem p = new SearchProblem(SPACE, new CandidatePool(SPACE, null, List.of(), java.util.Set.of()), objs,
                other);
        HypervolumeReference r = HypervolumeReference.of(p, new double[] {0, 100}, List.of(candidate(1, 80, 9)));
        assertArrayEquals(new double[] {0, 9}, r.nadir(), "the budget on e does not bound latency on d");
    }
}
