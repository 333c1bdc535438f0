package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.NSGAII;
import org.moeaframework.algorithm.NSGAIII;
import org.moeaframework.algorithm.RandomSearch;
import org.moeaframework.util.weights.NormalBoundaryDivisions;

/** Each algorithm's MOEA Framework machinery; NSGA-III gets as many reference points as its population holds. */
class AlgorithmsTest {

    @Test
    void eachAlgorithmIsBuiltAsMoeaFrameworksOwnOrHwnassWithItsPopulation() {
        SearchProblem problem = new SearchProblem(SearchFixtures.NB201, "nb201", null,
                List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d")), List.of());
        CandidatePool pool = new CandidatePool(SearchFixtures.NB201, SearchFixtures.cifar10(), List.of(), Set.of());
        SpaceOperators ops = new SpaceOperators(SearchFixtures.NB201, problem, pool::contains, pool::size, 100, 0.1,
                0.5);
        AbstractAlgorithm nsga2 = Algorithms.create(Algorithm.NSGA2, problem, ops, 12, 3);
        assertEquals(NSGAII.class, nsga2.getClass());
        assertEquals(12, ((NSGAII) nsga2).getInitialPopulationSize());
        assertEquals(NSGAIII.class, Algorithms.create(Algorithm.NSGA3, problem, ops, 12, 3).getClass());
        assertEquals(RandomSearch.class, Algorithms.create(Algorithm.RANDOM, problem, ops, 12, 3).getClass());
        AbstractAlgorithm regevo = Algorithms.create(Algorithm.REGEVO, problem, ops, 12, 3);
        assertEquals("regevo", regevo.getName());
        assertEquals(12, ((RegularizedEvolution) regevo).getInitialPopulationSize());
        assertEquals(problem, regevo.getProblem());
    }

    @Test
    void theDivisionsAreTheMostWhosePointsDoNotOutnumberThePopulation() {
        // Three objectives: h divisions give (h+1)(h+2)/2 points; 4 give 15, 5 give 21.
        assertEquals(4, Algorithms.divisionsFor(3, 20).getOuterDivisions());
        assertEquals(5, Algorithms.divisionsFor(3, 21).getOuterDivisions(), "exactly as many points as members");
        assertEquals(4, Algorithms.divisionsFor(3, 15).getOuterDivisions());
        assertEquals(3, Algorithms.divisionsFor(3, 14).getOuterDivisions());
        // Two objectives: h + 1 points.
        assertEquals(19, Algorithms.divisionsFor(2, 20).getOuterDivisions());
        assertEquals(21, new NormalBoundaryDivisions(5).getNumberOfReferencePoints(3));
    }

    @Test
    void aPopulationTooSmallForTwoDivisionsStillGetsOne() {
        assertEquals(1, Algorithms.divisionsFor(3, 2).getOuterDivisions());
        assertEquals(1, Algorithms.divisionsFor(3, 5).getOuterDivisions());
        assertEquals(2, Algorithms.divisionsFor(3, 6).getOuterDivisions());
    }
}
