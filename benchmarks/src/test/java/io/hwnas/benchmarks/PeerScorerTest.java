package io.hwnas.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.Fronts;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerScorerTest {

    private static final double BUDGET = 20;

    /** A space of {@code n} cells with accuracies in [50, 95] and latencies in [5, 40], about 43 % feasible. */
    private static double[][] cells(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = 5 + 35 * r.nextDouble();
            // Slower cells tend to be more accurate, as in NAS-Bench-201.
            a[i] = Math.min(95, 50 + (l[i] - 5) + 15 * r.nextDouble());
        }
        return new double[][] {a, l};
    }

    @Test
    void sweepComputesTheAreaByHand() {
        // Normalised: (0.2, 0.2) and (0.4, 0.1): 0.1 * 0.6 + 0.8 * 0.8.
        double hv = PeerScorer.sweep(new double[] {90, 80}, new double[] {2, 1}, new double[] {100, 0},
                new double[] {50, 10});
        assertEquals(0.70, hv, 1e-12);
    }

    @Test
    void feasibleHypervolumeAgreesWithMoeaFramework(@TempDir Path dir) {
        double[][] space = cells(2000, 7);
        PeerScorer scorer = PeerScorer.of(space[0], space[1], BUDGET);
        double[][] found = cells(300, 8);
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        List<Candidate> cs = candidates(nb201, found[0], found[1]);
        SearchSetup setup = SearchSetup.builder().space(nb201).accuracy(TableOracles.nb201("nb201:cifar10", nb201))
                .latency(oracle()).budget(Budget.parse("latency_ms<=" + BUDGET)).out(dir).build();
        for (PeerScorer.Box box : scorer.boxes()) {
            double moea = Fronts.hypervolume(setup, cs, box.ideal(), box.nadir());
            double sweep = PeerScorer.feasibleSweep(found[0], found[1], found[0].length, BUDGET, box.ideal(),
                    box.nadir());
            assertTrue(sweep > 0.01, box.name() + ": " + sweep);
            assertEquals(moea, sweep, 1e-9, box.name());
        }
    }

    @Test
    void infeasiblePointsAreIgnored() {
        double[][] space = cells(2000, 3);
        PeerScorer scorer = PeerScorer.of(space[0], space[1], BUDGET);
        double[] a = {70, 75, 99, 99.5};
        double[] l = {10, 15, BUDGET + 0.001, 40};
        PeerScorer.Score withInfeasible = scorer.score(a, l, 4);
        PeerScorer.Score feasibleOnly = scorer.score(Arrays.copyOf(a, 2), Arrays.copyOf(l, 2), 2);
        assertTrue(withInfeasible.ratio(0) > 0);
        for (int b = 0; b < PeerScorer.REFERENCES.size(); b++) {
            assertEquals(feasibleOnly.ratio(b), withInfeasible.ratio(b), 0, PeerScorer.REFERENCES.get(b));
        }
        assertEquals(scorer.bestFeasible() - 75, withInfeasible.regret(), 1e-12);
    }

    @Test
    void onlyInfeasiblePointsScoreNothingAndTheWholeRegret() {
        double[][] space = cells(2000, 3);
        PeerScorer scorer = PeerScorer.of(space[0], space[1], BUDGET);
        PeerScorer.Score s = scorer.score(new double[] {99, 98}, new double[] {30, 25}, 2);
        assertFalse(s.feasibleFound());
        assertEquals(0, s.ratio(0));
        assertEquals(scorer.bestFeasible(), s.regret(), 0);
    }

    @Test
    void theTrueFrontScoresOneAndNoRegret() {
        double[][] space = cells(2000, 5);
        PeerScorer scorer = PeerScorer.of(space[0], space[1], BUDGET);
        double[][] front = PeerScorer.feasibleFront(space[0], space[1], space[0].length, BUDGET);
        assertEquals(scorer.frontSize(), front.length);
        double[] a = Arrays.stream(front).mapToDouble(p -> p[0]).toArray();
        double[] l = Arrays.stream(front).mapToDouble(p -> p[1]).toArray();
        PeerScorer.Score s = scorer.score(a, l, a.length);
        for (int b = 0; b < PeerScorer.REFERENCES.size(); b++) {
            assertEquals(1, s.ratio(b), 1e-12, PeerScorer.REFERENCES.get(b));
        }
        assertEquals(0, s.regret(), 0);
        assertTrue(s.feasibleFound());
        // Without its most accurate member the front loses area and the regret is that member's margin.
        PeerScorer.Score less = scorer.score(a, l, a.length - 1);
        assertTrue(less.ratio(0) < 1);
        assertEquals(a[a.length - 1] - a[a.length - 2], less.regret(), 1e-12);
    }

    @Test
    void aPrefixScoresOnlyItsFirstEvaluations() {
        double[][] space = cells(2000, 11);
        PeerScorer scorer = PeerScorer.of(space[0], space[1], BUDGET);
        double[][] found = cells(400, 12);
        double last = 0;
        for (int n : new int[] {10, 50, 100, 400}) {
            PeerScorer.Score s = scorer.score(found[0], found[1], n);
            PeerScorer.Score copy = scorer.score(Arrays.copyOf(found[0], n), Arrays.copyOf(found[1], n), n);
            assertEquals(copy.ratio(0), s.ratio(0), 0);
            assertEquals(copy.regret(), s.regret(), 0);
            assertTrue(s.ratio(0) >= last, n + ": " + s.ratio(0) + " < " + last);
            last = s.ratio(0);
        }
        // A prefix longer than the run is the whole run.
        assertEquals(scorer.score(found[0], found[1], 400).ratio(0), scorer.score(found[0], found[1], 1000)
                .ratio(0), 0);
        assertTrue(scorer.score(found[0], found[1], 10).ratio(0) < last);
    }

    @Test
    void theBudgetReferenceSitsAtTheMedianAccuracyAndTheBudget() {
        PeerScorer scorer = PeerScorer.of(new double[] {60, 70, 80, 90}, new double[] {1, 2, 3, 4}, 3);
        PeerScorer.Box box = scorer.boxes().get(0);
        assertEquals("budget", box.name());
        assertEquals(75, box.nadir()[0], 0);
        assertEquals(3, box.nadir()[1], 0);
        assertEquals(80, scorer.bestFeasible(), 0);
        assertEquals(3, scorer.feasibleCells());
    }

    @Test
    void aBudgetNoCellMeetsFailsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerScorer.of(new double[] {60, 70}, new double[] {5, 6}, 1));
        assertTrue(e.getMessage().contains("latency <= 1"), e.getMessage());
    }

    private static List<Candidate> candidates(SearchSpace space, double[] a, double[] l) {
        List<String> archs;
        try (Stream<Architecture> s = space.enumerate()) {
            archs = s.limit(a.length).map(Architecture::canonical).toList();
        }
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            cs.add(new Candidate(i, 1, archs.get(i), a[i], Map.of("dev", LatencyEstimate.measured(l[i])), Map.of()));
        }
        return cs;
    }

    private static LatencyOracle oracle() {
        return new LatencyOracle() {
            @Override
            public String device() {
                return "dev";
            }

            @Override
            public LatencyKind kind() {
                return LatencyKind.TABLE;
            }

            @Override
            public String source() {
                return "test";
            }

            @Override
            public LatencyEstimate estimate(Architecture architecture) {
                throw new UnsupportedOperationException("the scorer test evaluates nothing");
            }
        };
    }
}
