package io.hwnas.core.search;

import static io.hwnas.core.search.SurrogateTargetsTest.architecture;
import static io.hwnas.core.search.SurrogateTargetsTest.candidate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hwnas.core.space.Architecture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * saea's choice of the children to evaluate, step by step, with surrogates that predict exactly what the test says:
 * the reference point, the greedy hypervolume order, budgets, and the fallbacks.
 */
class BatchChoiceTest {

    private static final SearchObjective ACCURACY = SearchObjective.of(Metric.ACCURACY);
    private static final SearchObjective LATENCY = SearchObjective.latency("d");
    private static final double MARGIN = SurrogateEvolution.margin();

    /** Evaluated candidates 0, 1, ... with these (accuracy, latency) pairs; parameters 1,000 each. */
    private static List<Candidate> evaluated(double[]... values) {
        return IntStream.range(0, values.length).mapToObj(i -> candidate(i, values[i][0], values[i][1], 1000))
                .toList();
    }

    private static SurrogateTargets targets(List<SearchObjective> objectives, String... budgets) {
        return new SurrogateTargets(objectives, Arrays.stream(budgets).map(b -> {
            Budget budget = Budget.parse(b);
            return new Constraint(budget, budget.metric().perDevice() ? "d" : null);
        }).toList(), SearchFixtures.NB201);
    }

    private static BatchChoice choice(SurrogateTargets t, List<Candidate> all, Map<String, double[]> predictions) {
        SurrogateTargets.Prediction exact = (active, random, noise) -> predictions.get(Arrays.toString(active)).clone();
        return new BatchChoice(t, exact, all, t.front(all), new SplittableRandom(1));
    }

    /**
     * The order in which the children with these predictions (each: the minimised objectives, then the violation)
     * are chosen, as indices into {@code predicted}; the children are architectures not among the evaluated.
     */
    private static List<Integer> order(SurrogateTargets t, List<Candidate> all, int n, double[]... predicted) {
        Map<String, double[]> byFeatures = new HashMap<>();
        List<Architecture> children = new ArrayList<>();
        for (int i = 0; i < predicted.length; i++) {
            Architecture a = architecture(15624 - 7 * i);
            children.add(a);
            byFeatures.put(Arrays.toString(t.encoding().active(a)), predicted[i]);
        }
        assertEquals(predicted.length, byFeatures.size(), "each child has features of its own");
        List<Architecture> chosen = choice(t, all, byFeatures).choose(children, t.encoding(), n);
        return chosen.stream().map(children::indexOf).toList();
    }

    @Test
    void withoutABudgetTheReferenceLiesAMarginOfEachRangePastTheFrontsWorst() {
        // 0-2 form the front; 3, dominated, widens both ranges without moving the front's worst.
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120}, new double[] {80, 150},
                new double[] {55, 200});
        BatchChoice c = choice(targets(List.of(ACCURACY, LATENCY)), all, Map.of());

        assertArrayEquals(new double[] {-60 + MARGIN * 25, 150 + MARGIN * 150}, c.reference(), 1e-12);
    }

    @Test
    void anObjectiveWhereEveryCandidateAgreesHasARangeOfOne() {
        List<Candidate> all = evaluated(new double[] {60, 10}, new double[] {70, 10});

        assertArrayEquals(new double[] {-70 + MARGIN * 10, 10 + MARGIN},
                choice(targets(List.of(ACCURACY, LATENCY)), all, Map.of()).reference(), 1e-12);
    }

    @Test
    void aBudgetsBoundIsItsObjectivesReferenceAndWithNothingFeasibleTheWorstSeenStandsForTheFront() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120}, new double[] {55, 80});

        assertArrayEquals(new double[] {-55 + MARGIN * 15, 1},
                choice(targets(List.of(ACCURACY, LATENCY), "latency_ms<=1"), all, Map.of()).reference(), 1e-12);
    }

    @Test
    void eachChildIsTakenAtItsPredictionBeforeTheNextIsChosen() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120}, new double[] {80, 150});
        List<Integer> chosen = order(targets(List.of(ACCURACY, LATENCY)), all, 3,
                new double[] {-75, 60, 0}, // the largest gain
                new double[] {-75, 60.5, 0}, // nearly as large alone, nothing once the first is taken
                new double[] {-65, 40, 0}); // a smaller gain, but one the first leaves

        assertEquals(List.of(0, 2, 1), chosen);
    }

    @Test
    void theLargestGainWinsOverTheMostAccurateChild() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120}, new double[] {80, 150});

        // The second is far the most accurate, and the least behind the front, but just inside the reference point:
        // a small gain.
        assertEquals(List.of(0, 1), order(targets(List.of(ACCURACY, LATENCY)), all, 2,
                new double[] {-75, 60, 0}, new double[] {-100, 151, 0}));
    }

    @Test
    void aChildDominatedByTheEvaluatedFrontGainsNothing() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120}, new double[] {80, 150});

        // The first lies behind evaluated candidate 1; only the front makes its gain 0, so the second goes first.
        assertEquals(List.of(1, 0), order(targets(List.of(ACCURACY, LATENCY)), all, 2,
                new double[] {-65, 130, 0}, new double[] {-61, 100, 0}));
    }

    @Test
    void childrenPredictedOverABudgetComeLastLeastViolatingFirst() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 80}, new double[] {80, 99},
                new double[] {90, 140});
        List<Integer> chosen = order(targets(List.of(ACCURACY, LATENCY), "latency_ms<=100"), all, 6,
                new double[] {-58, 96, 0}, // behind evaluated candidate 1: no gain
                new double[] {-65, 55, 0}, // a gain
                new double[] {-55, 95, 0}, // behind 1 too, and less accurate than the first
                new double[] {-95, 150, 0.5},
                new double[] {-99, 130, 0.3},
                new double[] {-90, 110, 0.1});

        assertEquals(List.of(1, 0, 2, 5, 4, 3), chosen);
    }

    @Test
    void withEveryChildOverBudgetTheLeastViolatingGoFirstAndOfTwoEqualTheEarlier() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 80});
        List<Integer> chosen = order(targets(List.of(ACCURACY, LATENCY), "latency_ms<=100"), all, 4,
                new double[] {-65, 110, 0.1}, new double[] {-90, 150, 0.5}, new double[] {-80, 130, 0.3},
                new double[] {-85, 130, 0.3});

        assertEquals(List.of(0, 2, 3, 1), chosen);
    }

    @Test
    void withMoreThanTwoObjectivesTheChildLeastBehindTheFrontGoesFirst() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY, SearchObjective.of(Metric.PARAMS)));
        List<Candidate> all = List.of(candidate(0, 70, 50, 1000), candidate(1, 80, 100, 2000));
        List<Integer> chosen = order(t, all, 3,
                new double[] {-60, 90, 3000, 0}, // behind both by far
                new double[] {-69, 51, 1010, 0}, // just behind 0
                new double[] {-75, 60, 1500, 0}); // behind neither

        assertEquals(List.of(2, 1, 0), chosen);
    }

    @Test
    void noMoreChildrenAreChosenThanAskedOrGiven() {
        List<Candidate> all = evaluated(new double[] {60, 50}, new double[] {70, 120});
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY));

        assertEquals(1, order(t, all, 1, new double[] {-75, 60, 0}, new double[] {-65, 40, 0}).size());
        assertEquals(2, order(t, all, 5, new double[] {-75, 60, 0}, new double[] {-65, 40, 0}).size());
    }
}
