package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeaframework.core.Solution;
import org.moeaframework.core.constraint.LessThanOrEqual;
import org.moeaframework.core.objective.Maximize;
import org.moeaframework.core.objective.Minimize;

/** What MOEA Framework sees of a candidate: its objectives, its budgets' violations, and the worst for a failure. */
class SearchProblemTest {

    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";
    private static final String OTHER = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    @TempDir
    Path tmp;

    /** The CIFAR-10 table, whose training of {@link #OTHER} fails. */
    private static final class FailsOther implements AccuracyOracle {
        final AccuracyOracle table = SearchFixtures.cifar10();
        final List<String> prefetched = new ArrayList<>();

        @Override
        public String name() {
            return table.name();
        }

        @Override
        public String source() {
            return table.source();
        }

        @Override
        public double accuracy(Architecture a) {
            if (a.canonical().equals(OTHER)) {
                throw new CandidateFailedException(a.canonical(), "training ran out of memory", null);
            }
            return table.accuracy(a);
        }

        @Override
        public void prefetch(List<Architecture> batch, io.hwnas.core.exec.EvaluationExecutor executor) {
            batch.forEach(a -> prefetched.add(a.canonical()));
        }
    }

    private final FailsOther accuracy = new FailsOther();

    /** Accuracy up, latency down, a latency budget of 15 ms and an accuracy budget of 50 %. */
    private SearchSetup setup() {
        return SearchFixtures.tableSearch(tmp).accuracy(accuracy).budget(Budget.parse("latency_ms<=15"))
                .budget(Budget.parse("accuracy>=50")).build();
    }

    private static CandidatePool pool(SearchSetup s) {
        return new CandidatePool(s.space(), s.accuracy(), s.latency(), s.graphMetrics());
    }

    private static Solution solution(SearchProblem p, String arch) {
        Solution s = p.newSolution();
        ArchitectureVariable.set(s, arch);
        return s;
    }

    @Test
    void itIsNamedForItsSpace() {
        SearchSetup s = setup();
        assertEquals("hwnas:nb201", new SearchProblem(s.space(), pool(s), s.objectives(), s.constraints()).getName());
        assertEquals("hwnas:any", new SearchProblem(null, "any", null, s.objectives(), s.constraints()).getName());
    }

    @Test
    void aNewSolutionHasTheObjectivesAndOneConstraintPerBudgetMetAtZeroViolation() {
        SearchSetup s = setup();
        SearchProblem p = new SearchProblem(s.space(), pool(s), s.objectives(), s.constraints());
        Solution n = p.newSolution();
        assertEquals(new ArchitectureVariable("nb201", null), n.getVariable(0), "no architecture yet");
        assertEquals(2, n.getNumberOfObjectives());
        assertInstanceOf(Maximize.class, n.getObjective(0));
        assertEquals("accuracy", n.getObjective(0).getName());
        assertInstanceOf(Minimize.class, n.getObjective(1));
        assertEquals("latency_ms[1080ti_1_ms]", n.getObjective(1).getName());
        assertEquals(2, n.getNumberOfConstraints());
        for (int i = 0; i < 2; i++) {
            var c = assertInstanceOf(LessThanOrEqual.class, n.getConstraint(i));
            assertEquals(s.constraints().get(i).key(), c.getName());
            // the value is the budget's relative violation: none at 0 or below, any above
            assertFalse(c.withValue(0).isViolation());
            assertFalse(c.withValue(-0.5).isViolation());
            assertTrue(c.withValue(1e-9).isViolation());
        }
    }

    @Test
    void anEvaluatedSolutionCarriesTheCandidatesValuesAndViolations() {
        SearchSetup s = setup();
        CandidatePool pool = pool(s);
        SearchProblem p = new SearchProblem(s.space(), pool, s.objectives(), s.constraints());
        Solution sol = solution(p, CELL);
        p.evaluate(sol);
        Candidate c = pool.get(CELL);
        assertEquals(c.accuracy(), sol.getObjectiveValue(0));
        assertEquals(c.latency("1080ti_1_ms").bestMs(), sol.getObjectiveValue(1));
        assertEquals(s.constraints().get(0).violation(c), sol.getConstraintValue(0));
        assertEquals(s.constraints().get(1).violation(c), sol.getConstraintValue(1));
        Solution again = p.solutionOf(c);
        assertEquals(CELL, ArchitectureVariable.of(again));
        assertEquals(List.of(sol.getObjectiveValue(0), sol.getObjectiveValue(1)),
                List.of(again.getObjectiveValue(0), again.getObjectiveValue(1)));
    }

    @Test
    void aFailedCandidateIsTheWorstInEveryObjectiveAndViolatesEveryBudget() {
        SearchSetup s = setup();
        CandidatePool pool = pool(s);
        SearchProblem p = new SearchProblem(s.space(), pool, s.objectives(), s.constraints());
        Solution sol = solution(p, OTHER);
        p.evaluate(sol);
        assertEquals("training ran out of memory", pool.failed().get(OTHER));
        assertEquals(-1e12, sol.getObjectiveValue(0), "accuracy is maximised: the worst is the lowest");
        assertEquals(1e12, sol.getObjectiveValue(1));
        assertEquals(1e12, sol.getConstraintValue(0));
        assertEquals(1e12, sol.getConstraintValue(1));
        assertTrue(sol.violatesConstraints());
    }

    @Test
    void aNewArchitectureIsPrefetchedBeforeItIsEvaluatedAndAKnownOneIsNot() {
        SearchSetup s = setup();
        CandidatePool pool = pool(s);
        List<String> bred = new ArrayList<>(List.of(CELL));
        Prefetch prefetch = new Prefetch(s.space(), accuracy, null, pool, () -> bred);
        SearchProblem p = new SearchProblem(s.space(), pool, s.objectives(), s.constraints(), prefetch);
        p.evaluate(solution(p, CELL));
        assertEquals(List.of(CELL), accuracy.prefetched);
        assertEquals(1, prefetch.batches());
        p.evaluate(solution(p, CELL));
        assertEquals(1, prefetch.batches(), "the pool answers a known architecture: nothing to prefetch");
    }

    @Test
    void aRefreshAppliesThePoolsCurrentValuesAndLeavesASolutionThePoolLacks() {
        SearchSetup s = setup();
        CandidatePool pool = pool(s);
        SearchProblem p = new SearchProblem(s.space(), pool, s.objectives(), s.constraints());
        Solution known = solution(p, CELL);
        p.evaluate(known);
        double accuracy = known.getObjectiveValue(0);
        double violation = known.getConstraintValue(0);
        known.setObjectiveValue(0, 7);
        known.setConstraintValue(0, 3);
        p.refresh(known);
        assertEquals(accuracy, known.getObjectiveValue(0));
        assertEquals(violation, known.getConstraintValue(0));

        Solution unknown = solution(p, OTHER);
        unknown.setObjectiveValue(0, 7);
        p.refresh(unknown);
        assertEquals(7, unknown.getObjectiveValue(0));
        assertNull(pool.get(OTHER));
    }
}
