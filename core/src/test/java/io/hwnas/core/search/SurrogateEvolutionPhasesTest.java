package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * saea step by step: the first sample, the batches, and the turn to NSGA-II once the front stands still, counted on
 * a space where every architecture is as accurate and as fast as every other (so the front never moves).
 */
class SurrogateEvolutionPhasesTest {

    private static final SearchSpace NB201 = SearchFixtures.NB201;

    private static final AccuracyOracle FLAT_ACCURACY = new AccuracyOracle() {
        @Override
        public String name() {
            return "flat";
        }

        @Override
        public String source() {
            return "every architecture 50 %";
        }

        @Override
        public double accuracy(Architecture architecture) {
            return 50;
        }
    };

    static final LatencyOracle FLAT_LATENCY = new LatencyOracle() {
        @Override
        public String device() {
            return "d";
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.TABLE;
        }

        @Override
        public String source() {
            return "every architecture 5 ms";
        }

        @Override
        public LatencyEstimate estimate(Architecture architecture) {
            return LatencyEstimate.measured(5);
        }
    };

    private final CandidatePool pool = new CandidatePool(NB201, FLAT_ACCURACY, List.of(FLAT_LATENCY), Set.of());
    private final SearchProblem problem = new SearchProblem(NB201, pool,
            List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d")), List.of());

    private SurrogateEvolution saea(int initial, int evaluations) {
        SpaceOperators ops = new SpaceOperators(NB201, problem, pool::contains, pool::size, evaluations, 1.0 / 6, 0.5);
        return new SurrogateEvolution(problem, NB201, pool, ops, initial, evaluations);
    }

    /** The pool's size after each of {@code steps} steps. */
    private List<Integer> sizes(SurrogateEvolution a, int steps) {
        List<Integer> out = new ArrayList<>();
        try (MoeaRandom.Lease l = MoeaRandom.seeded(4)) {
            for (int i = 0; i < steps; i++) {
                a.step();
                out.add(pool.size());
            }
        }
        return out;
    }

    @Test
    void aFrontThatStandsStillForThreeBatchesTurnsTheSearchToNsga2OverTheBestInitial() {
        // 6 drawn, batches of 2 while the front stands still three times, then NSGA-II generations of 6.
        assertEquals(List.of(6, 8, 10, 12, 18, 24), sizes(saea(6, 100), 6));
    }

    @Test
    void nsga2sPopulationIsTheEvenPartOfTheInitialSample() {
        assertEquals(List.of(7, 9, 11, 13, 19, 25), sizes(saea(7, 100), 6));
    }

    @Test
    void noStepEvaluatesPastTheEvaluationsAllowed() {
        assertEquals(List.of(6, 8, 9, 9), sizes(saea(6, 9), 4));
    }

    @Test
    void theFirstSampleIsWhatTheEvaluationsLeaveWhenThePoolHoldsCandidatesAlready() {
        SurrogateEvolution a = saea(6, 8);
        for (int i = 0; i < 3; i++) {
            pool.evaluate(NB201.decode(SurrogateTargetsTest.arch(100 + i)));
        }
        assertEquals(List.of(8), sizes(a, 1));
    }

    @Test
    void itNeedsAnInitialSampleOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> saea(1, 10));
        assertEquals("saea needs a population (initial sample) of at least 2, but was 1", e.getMessage());
        assertDoesNotThrow(() -> saea(2, 10));
        assertEquals(1, saea(2, 10).batch());
        assertEquals(2, saea(6, 10).batch());
        assertEquals("saea", saea(2, 10).getName());
    }
}
