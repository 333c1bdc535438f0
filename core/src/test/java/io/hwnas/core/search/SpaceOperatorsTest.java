package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.moeaframework.core.Solution;
import org.moeaframework.core.operator.Variation;

/**
 * The space's operators as MOEA Framework sees them. Each operation draws one child generator from the leased
 * stream, so a test that draws from the same seed knows what the space will give and can check what was kept.
 */
class SpaceOperatorsTest {

    private static final SearchSpace SPACE = SearchFixtures.NB201;
    private static final SearchProblem PROBLEM = new SearchProblem(SPACE, "nb201", null,
            List.of(SearchObjective.of(Metric.ACCURACY)), List.of());
    private static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|"
            + "nor_conv_3x3~1|nor_conv_3x3~2|";
    private static final String B = "|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|skip_connect~1|"
            + "avg_pool_3x3~2|";

    /** Architectures the search has evaluated. */
    private final Set<String> seen = new HashSet<>();
    private int evaluated;

    private SpaceOperators ops(int evaluations, double mutationRate, double crossoverRate) {
        return new SpaceOperators(SPACE, PROBLEM, seen::contains, () -> evaluated, evaluations, mutationRate,
                crossoverRate);
    }

    /** The first {@code n} samples the space gives from the stream seeded with {@code seed}. */
    private static List<String> samples(long seed, int n) {
        try (MoeaRandom.Lease l = MoeaRandom.seeded(seed)) {
            SplittableRandom r = MoeaRandom.child();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(SPACE.sample(r).canonical());
            }
            return out;
        }
    }

    private static List<String> archs(Solution[] solutions) {
        List<String> out = new ArrayList<>();
        for (Solution s : solutions) {
            out.add(ArchitectureVariable.of(s));
        }
        return out;
    }

    private static List<String> sample(SpaceOperators ops, long seed, int n) {
        try (MoeaRandom.Lease l = MoeaRandom.seeded(seed)) {
            return archs(ops.sampling().initialize(n));
        }
    }

    private static Solution solution(String arch) {
        Solution s = PROBLEM.newSolution();
        ArchitectureVariable.set(s, arch);
        return s;
    }

    private static List<String> evolve(Variation v, long seed, String... parents) {
        Solution[] in = new Solution[parents.length];
        for (int i = 0; i < parents.length; i++) {
            in[i] = solution(parents[i]);
        }
        try (MoeaRandom.Lease l = MoeaRandom.seeded(seed)) {
            return archs(v.evolve(in));
        }
    }

    @Test
    void itKeepsItsRates() {
        SpaceOperators ops = ops(10, 0.125, 0.75);
        assertEquals(0.125, ops.mutationRate());
        assertEquals(0.75, ops.crossoverRate());
        assertEquals(SPACE, ops.space());
    }

    @Test
    void aSampleAlreadyEvaluatedIsDrawnAgain() {
        List<String> draws = samples(3, 8);
        assertEquals(8, new HashSet<>(draws).size(), "the seed's first draws are distinct");
        seen.addAll(draws.subList(0, 5));
        assertEquals(List.of(draws.get(5)), sample(ops(100, 0.1, 0.5), 3, 1));
    }

    @Test
    void afterTwentyRetriesTheLastDrawIsKeptEvenIfSeen() {
        List<String> draws = samples(3, 30);
        seen.addAll(draws);
        assertEquals(List.of(draws.get(20)), sample(ops(100, 0.1, 0.5), 3, 1), "one draw and twenty retries");
    }

    @Test
    void aChildBredThisGenerationIsNotBredAgainUntilTheNext() {
        List<String> draws = samples(3, 4);
        SpaceOperators ops = ops(100, 0.1, 0.5);
        assertEquals(draws.subList(0, 2), sample(ops, 3, 2));
        assertEquals(draws.subList(0, 2), ops.bred());
        // The same stream again: the first two are taken by children not evaluated yet.
        assertEquals(draws.subList(2, 4), sample(ops, 3, 2));
        assertEquals(draws.subList(0, 4), ops.bred());
        ops.newGeneration();
        assertEquals(List.of(), ops.bred(), "the last generation's children are evaluated by now");
        assertEquals(draws.subList(0, 2), sample(ops, 3, 2));
    }

    @Test
    void samplingStopsAtTheEvaluationsLeft() {
        evaluated = 7;
        SpaceOperators ops = ops(10, 0.1, 0.5);
        assertEquals(3, sample(ops, 3, 5).size(), "10 evaluations, 7 made");
        assertEquals(0, ops.room());
        assertEquals(List.of(A), evolve(ops.mutation(), 4, A), "no room: the parent again, evaluated already");
        assertEquals(List.of(A, B), evolve(ops.crossoverAndMutation(), 4, A, B));
    }

    /** What crossover-then-mutation breeds from {@code first} and {@code second} with the stream of {@code seed}. */
    private static List<String> bred(long seed, double crossoverRate, double mutationRate, String first,
            String second) {
        Architecture a = SPACE.decode(first);
        Architecture b = SPACE.decode(second);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(seed)) {
            SplittableRandom r = MoeaRandom.child();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Architecture x = i == 0 ? a : b;
                Architecture y = i == 0 ? b : a;
                Architecture base = r.nextDouble() < crossoverRate ? SPACE.crossover(x, y, r) : x;
                out.add(SPACE.mutate(base, r, mutationRate).canonical());
            }
            return out;
        }
    }

    @Test
    void withoutCrossoverEachChildIsItsOwnParentMutated() {
        List<String> children = evolve(ops(100, 0.01, 0).crossoverAndMutation(), 9, A, B);
        assertEquals(bred(9, 0, 0.01, A, B), children);
        // A and B differ in every edge; a mutation this rare changes one: each child keeps five of its parent's.
        assertEquals(List.of(5, 5), List.of(edgesShared(children.get(0), A), edgesShared(children.get(1), B)),
                children.toString());
    }

    @Test
    void withCrossoverAlwaysEachChildMixesBothParentsItsOwnFirst() {
        for (long seed = 1; seed <= 5; seed++) {
            List<String> children = evolve(ops(100, 0.2, 1).crossoverAndMutation(), seed, A, B);
            assertEquals(bred(seed, 1, 0.2, A, B), children, "seed " + seed);
            assertNotEquals(bred(seed, 1, 0.2, B, A), children, "the first child's first parent is the first");
            assertNotEquals(bred(seed, 0, 0.2, A, B), children, "seed " + seed);
        }
    }

    @Test
    void crossoverIsDrawnWithItsRate() {
        int crossed = 0;
        for (long seed = 1; seed <= 40; seed++) {
            List<String> children = evolve(ops(100, 0.2, 0.5).crossoverAndMutation(), seed, A, B);
            assertEquals(bred(seed, 0.5, 0.2, A, B), children, "seed " + seed);
            if (!children.equals(bred(seed, 0, 0.2, A, B))) {
                crossed++;
            }
        }
        assertTrue(crossed > 5 && crossed < 35, crossed + " of 40");
    }

    @Test
    void aMutantIsTheSpacesMutationOfItsOneParent() {
        SpaceOperators ops = ops(100, 0.3, 0.5);
        List<String> child = evolve(ops.mutation(), 6, A);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(6)) {
            assertEquals(List.of(SPACE.mutate(SPACE.decode(A), MoeaRandom.child(), 0.3).canonical()), child);
        }
        assertEquals(child, ops.bred(), "counted among the generation's children");
    }

    @Test
    void theVariationsSayWhatTheyAreAndHowManyParentsTheyTake() {
        SpaceOperators ops = ops(100, 0.1, 0.5);
        assertEquals("space-crossover+mutation", ops.crossoverAndMutation().getName());
        assertEquals(2, ops.crossoverAndMutation().getArity());
        assertEquals("space-mutation", ops.mutation().getName());
        assertEquals(1, ops.mutation().getArity());
    }

    @Test
    void aChildChosenElsewhereIsCountedAmongTheGenerations() {
        SpaceOperators ops = ops(10, 0.1, 0.5);
        Solution s = ops.child(SPACE.decode(A));
        assertEquals(A, ArchitectureVariable.of(s));
        assertEquals(List.of(A), ops.bred());
        assertEquals(9, ops.room(), "bred, not evaluated yet: it will cost one evaluation");
        seen.add(A);
        evaluated = 1;
        assertEquals(9, ops.room(), "evaluated now: counted once");
        ops.child(SPACE.decode(A));
        assertEquals(List.of(A), ops.bred(), "chosen twice, bred once");
    }

    private static int edgesShared(String x, String y) {
        String[] a = x.split("\\|");
        String[] b = y.split("\\|");
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (!a[i].isEmpty() && !a[i].equals("+") && a[i].equals(b[i])) {
                n++;
            }
        }
        return n;
    }
}
