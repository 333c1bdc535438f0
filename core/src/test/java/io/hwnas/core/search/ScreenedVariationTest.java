package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moeaframework.core.Solution;

/**
 * NSGA-II's second-phase variation in saea: children bred from two parents, screened by the surrogates, never an
 * architecture evaluated or bred already, and the parents themselves once the evaluations are spent.
 */
class ScreenedVariationTest {

    private static final SearchSpace NB201 = SearchFixtures.NB201;
    /** Every edge a 1x1 convolution, and every edge a 3x3 one: parents that differ in every gene. */
    private static final Architecture A = NB201.fromGenome(List.of(2, 2, 2, 2, 2, 2));
    private static final Architecture B = NB201.fromGenome(List.of(3, 3, 3, 3, 3, 3));
    /** Each choice of each edge's share of accuracy, in points. */
    private static final double[][] WEIGHTS = new double[6][5];

    static {
        SplittableRandom r = new SplittableRandom(11);
        for (double[] row : WEIGHTS) {
            for (int k = 0; k < row.length; k++) {
                row[k] = 3 * r.nextDouble();
            }
        }
    }

    /** Accuracy additive in the genes (an inactive one adds nothing), so the surrogates can learn it. */
    private static final AccuracyOracle ADDITIVE = new AccuracyOracle() {
        @Override
        public String name() {
            return "additive";
        }

        @Override
        public String source() {
            return "a sum of per-gene shares";
        }

        @Override
        public double accuracy(Architecture a) {
            int[] g = a.genes();
            double sum = 50;
            for (int d = 0; d < g.length; d++) {
                sum += g[d] == Architecture.INACTIVE ? 0 : WEIGHTS[d][g[d]];
            }
            return sum;
        }
    };

    private final CandidatePool pool = new CandidatePool(NB201, ADDITIVE,
            List.of(SurrogateEvolutionPhasesTest.FLAT_LATENCY), Set.of());
    private final SearchProblem problem = new SearchProblem(NB201, pool,
            List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("d")), List.of());

    private ScreenedVariation variation(int screen, double crossoverRate, int evaluations) {
        SpaceOperators ops = new SpaceOperators(NB201, problem, pool::contains, pool::size, evaluations, 1.0 / 6,
                crossoverRate);
        return new ScreenedVariation(problem, ops, pool, screen, 0.0, crossoverRate, evaluations);
    }

    private Solution[] parents(Architecture a, Architecture b) {
        return new Solution[] {problem.solutionOf(pool.evaluate(a)), problem.solutionOf(pool.evaluate(b))};
    }

    private void fill(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        while (pool.size() < n) {
            pool.evaluate(NB201.sample(r));
        }
    }

    /** Parents the pool does not hold: with nothing evaluated there is nothing to fit, and children go unscreened. */
    private Solution[] unevaluated(Architecture a, Architecture b) {
        Solution[] out = new Solution[2];
        for (int i = 0; i < 2; i++) {
            out[i] = problem.newSolution();
            ArchitectureVariable.set(out[i], (i == 0 ? a : b).canonical());
        }
        return out;
    }

    private static Architecture arch(Solution s) {
        return NB201.decode(ArchitectureVariable.of(s));
    }

    private static int same(Architecture x, Architecture y) {
        int n = 0;
        for (int d = 0; d < x.genes().length; d++) {
            n += x.gene(d) == y.gene(d) ? 1 : 0;
        }
        return n;
    }

    @Test
    void unscreenedAndWithoutCrossoverTheFirstChildIsTheFirstParentsAndTheSecondTheSeconds() {
        Solution[] parents = unevaluated(A, B);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(1)) {
            for (int i = 0; i < 10; i++) {
                // A variation of its own each time: none remembers children bred before.
                Solution[] children = variation(10, 0, 1000).evolve(parents);
                assertTrue(same(arch(children[0]), A) > same(arch(children[0]), B), arch(children[0]).canonical());
                assertTrue(same(arch(children[1]), B) > same(arch(children[1]), A), arch(children[1]).canonical());
            }
        }
    }

    @Test
    void withCrossoverChildrenTakeGenesFromBothParents() {
        Solution[] parents = unevaluated(A, B);
        ScreenedVariation v = variation(10, 1, 1000);
        int mixed = 0;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(1)) {
            for (int i = 0; i < 10; i++) {
                for (Solution c : v.evolve(parents)) {
                    mixed += same(arch(c), A) >= 2 && same(arch(c), B) >= 2 ? 1 : 0;
                }
            }
        }
        assertTrue(mixed >= 10, "children with two genes or more of each parent: " + mixed + " of 20");
    }

    @Test
    void noChildIsAnArchitectureEvaluatedOrBredAlreadyThisGeneration() {
        fill(300, 5);
        Solution[] parents = parents(A, B);
        ScreenedVariation v = variation(10, 0.5, 1000);
        Set<String> bred = new HashSet<>();
        try (MoeaRandom.Lease l = MoeaRandom.seeded(2)) {
            for (int i = 0; i < 30; i++) {
                for (Solution c : v.evolve(parents)) {
                    String arch = ArchitectureVariable.of(c);
                    assertFalse(pool.contains(arch), arch + " was evaluated");
                    assertTrue(bred.add(arch), arch + " was bred already");
                }
            }
        }
    }

    @Test
    void onceTheEvaluationsAreSpentTheParentsComeBack() {
        Solution[] parents = parents(A, B);
        // Two evaluated; room for one more child.
        ScreenedVariation v = variation(10, 0.5, 3);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(3)) {
            Solution[] children = v.evolve(parents);
            assertFalse(pool.contains(ArchitectureVariable.of(children[0])));
            assertEquals(B.canonical(), ArchitectureVariable.of(children[1]));
            assertNotSame(parents[1], children[1], "a copy, not the parent itself");
            Solution[] more = v.evolve(parents);
            assertEquals(List.of(A.canonical(), B.canonical()),
                    List.of(ArchitectureVariable.of(more[0]), ArchitectureVariable.of(more[1])));
        }
    }

    @Test
    void theChildrenBredCountOnlyUntilThePoolGrows() {
        Solution[] parents = parents(A, B);
        ScreenedVariation v = variation(10, 0.5, 8);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(4)) {
            // A generation: two children, evaluated.
            for (Solution c : v.evolve(parents)) {
                pool.evaluate(arch(c));
            }
            // The next: four evaluated, room for four children, the first two bred in this generation.
            List<String> next = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                for (Solution c : v.evolve(parents)) {
                    next.add(ArchitectureVariable.of(c));
                }
            }
            assertEquals(4, new HashSet<>(next).size(), "four new children: " + next);
            next.forEach(a -> assertFalse(pool.contains(a), a));
        }
    }

    /** The mean accuracy of the children kept over {@code pairs} pairs of parents drawn from the pool. */
    private double keptAccuracy(int screen, int pairs) {
        ScreenedVariation v = variation(screen, 0.5, 100_000);
        List<Candidate> all = new ArrayList<>(pool.all());
        SplittableRandom r = new SplittableRandom(8);
        double sum = 0;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(6)) {
            for (int i = 0; i < pairs; i++) {
                Collections.shuffle(all, new java.util.Random(r.nextLong()));
                Solution[] parents = {problem.solutionOf(all.get(0)), problem.solutionOf(all.get(1))};
                for (Solution c : v.evolve(parents)) {
                    sum += ADDITIVE.accuracy(arch(c));
                }
            }
        }
        return sum / (2 * pairs);
    }

    @Test
    void theSurrogatesKeepTheChildrenExpectedToBeBest() {
        fill(400, 7);
        double screened = keptAccuracy(10, 40);
        double unscreened = keptAccuracy(1, 40);

        assertTrue(screened > unscreened + 1, "screened " + screened + ", unscreened " + unscreened);
    }
}
