package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.surrogate.GenomeEncoding;
import io.hwnas.core.search.surrogate.SparseRidge;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What saea's surrogates learn from the candidates and how they read: points, violations, bounds, fronts, fits. */
class SurrogateTargetsTest {

    private static final SearchSpace NB201 = SearchFixtures.NB201;
    private static final SearchObjective ACCURACY = SearchObjective.of(Metric.ACCURACY);
    private static final SearchObjective LATENCY = SearchObjective.latency("d");

    /** Candidate {@code index} of nb201 (its genome read in base 5), with these values. */
    static Candidate candidate(int index, double accuracy, double ms, double params) {
        return new Candidate(index, 1, arch(index), accuracy, Map.of("d", LatencyEstimate.measured(ms)),
                Map.of(Metric.PARAMS, params));
    }

    static String arch(int index) {
        return architecture(index).canonical();
    }

    static Architecture architecture(int index) {
        List<Integer> genome = new ArrayList<>();
        for (int d = 0, rest = index; d < NB201.dimensions().size(); d++, rest /= 5) {
            genome.add(rest % 5);
        }
        return NB201.fromGenome(genome);
    }

    private static Constraint constraint(String budget) {
        Budget b = Budget.parse(budget);
        return new Constraint(b, b.metric().perDevice() ? "d" : null);
    }

    private static SurrogateTargets targets(List<SearchObjective> objectives, String... budgets) {
        return new SurrogateTargets(objectives, java.util.Arrays.stream(budgets).map(SurrogateTargetsTest::constraint)
                .toList(), NB201);
    }

    @Test
    void aPointNegatesAccuracyAndKeepsCostsAsTheyAre() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY, SearchObjective.of(Metric.PARAMS)));

        assertArrayEquals(new double[] {-71.5, 3.25, 1200}, t.point(candidate(0, 71.5, 3.25, 1200)));
        assertEquals(3, t.objectives());
    }

    @Test
    void aViolationIsTheSumOfEachBudgetsRelativeExcess() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY), "latency_ms<=2.5", "params<=1000", "accuracy>=70");

        // 30 % over the latency budget and 20 % over the parameters'; the accuracy budget is met.
        assertEquals(0.5, t.violation(candidate(0, 71.5, 3.25, 1200)), 1e-12);
        assertEquals(0.0, t.violation(candidate(1, 70, 2.5, 1000)));
    }

    @Test
    void anObjectivesBoundIsTheBudgetThatCapsItInTheMinimisedForm() {
        SurrogateTargets t = new SurrogateTargets(List.of(ACCURACY, LATENCY, SearchObjective.latency("e")),
                List.of(constraint("accuracy>=70"), constraint("latency_ms<=5")), NB201);

        assertEquals(-70, t.bound(0));
        assertEquals(5, t.bound(1));
        assertEquals(Double.NaN, t.bound(2), "the budget binds device d only");
    }

    @Test
    void aBudgetThatDoesNotCapItsObjectiveSetsNoBound() {
        // A floor on a cost, a ceiling on accuracy and a budget on another metric leave the reference point free.
        assertEquals(Double.NaN, targets(List.of(ACCURACY, LATENCY), "latency_ms>=1").bound(1));
        assertEquals(Double.NaN, targets(List.of(ACCURACY, LATENCY), "accuracy<=95").bound(0));
        assertEquals(Double.NaN, targets(List.of(ACCURACY, LATENCY), "params<=1e6").bound(1));
        assertEquals(Double.NaN, targets(List.of(ACCURACY, LATENCY)).bound(0));
    }

    @Test
    void theFrontIsTheFeasibleCandidatesNoneDominatesAndOfTwoEqualTheEarlier() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY), "latency_ms<=10");
        List<Candidate> all = List.of(
                candidate(0, 75, 8, 1), // dominated by 1: as fast, less accurate
                candidate(1, 80, 8, 1),
                candidate(2, 70, 5, 1),
                candidate(3, 70, 5, 1), // the same point as 2, reached later
                candidate(4, 95, 20, 1), // the most accurate, but over budget
                candidate(5, 60, 4, 1),
                candidate(6, 65, 5, 1)); // as fast as 2, less accurate

        assertEquals(List.of(1, 2, 5), t.front(all));
    }

    @Test
    void withNoFeasibleCandidateTheFrontIsTheTenThatViolateLeast() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY), "latency_ms<=1");
        // Latencies 13, 2, 12, 3, ...: each over the budget by a different amount.
        double[] ms = {13, 2, 12, 3, 11, 4, 10, 5, 9, 6, 8, 7};
        List<Candidate> all = IntStream.range(0, ms.length).mapToObj(i -> candidate(i, 50, ms[i], 1)).toList();

        assertEquals(List.of(1, 3, 5, 7, 9, 11, 10, 8, 6, 4), t.front(all));
    }

    /** Each gene's share of a made-up cost, the same for every sample drawn. */
    private static final double[][] WEIGHTS = new double[6][5];

    static {
        SplittableRandom r = new SplittableRandom(2);
        for (double[] row : WEIGHTS) {
            for (int k = 0; k < row.length; k++) {
                row[k] = r.nextDouble();
            }
        }
    }

    /**
     * {@code n} candidates drawn with {@code seed}: log-latency, parameters and log-accuracy additive in the genome,
     * with a residual on accuracy.
     */
    private static List<Candidate> additive(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = WEIGHTS;
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = r.nextInt(15625);
            // As the space reads it back: a gene that a `none` edge cuts off is inactive and adds nothing.
            int[] g = NB201.decode(arch(index)).genes();
            double sum = 0;
            for (int d = 0; d < g.length; d++) {
                sum += g[d] == Architecture.INACTIVE ? 0 : w[d][g[d]];
            }
            double accuracy = StrictMath.exp(0.75 * sum) + (r.nextDouble() - 0.5);
            out.add(new Candidate(i, 1, arch(index), accuracy, Map.of("d",
                    LatencyEstimate.measured(StrictMath.exp(sum))), Map.of(Metric.PARAMS, 1000 * sum)));
        }
        return out;
    }

    private static double[] ridgeFit(GenomeEncoding encoding, List<Candidate> all, double[] y) {
        SparseRidge ridge = new SparseRidge(encoding.features(), SurrogateEvolution.LAMBDA);
        all.forEach(c -> ridge.add(encoding.active(NB201.decode(c.arch()))));
        return ridge.fit(new double[][] {y})[0];
    }

    private static double rmse(GenomeEncoding encoding, List<Candidate> all, double[] w, double[] y, boolean exp) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double p = SparseRidge.predict(w, encoding.active(NB201.decode(all.get(i).arch())));
            double r = (exp ? Math.exp(p) : p) - y[i];
            sum += r * r;
        }
        return Math.sqrt(sum / y.length);
    }

    @Test
    void aLatencyThatGrowsMultiplicativelyIsFittedOnALogScale() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY));
        List<Candidate> all = additive(1500, 3);
        SurrogateTargets.Model model = t.fit(all);

        // Held-out architectures: the log fit is within a few per cent where a linear one is off by far more.
        for (Candidate c : additive(50, 4)) {
            double[] p = model.predict(t.encoding().active(NB201.decode(c.arch())), new SplittableRandom(1), 0);
            double ms = c.latency("d").bestMs();
            assertEquals(ms, p[1], 0.03 * ms, c.arch());
        }
    }

    @Test
    void accuracyIsFittedAsItIsEvenWhenItsLogWouldFitBetter() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY));
        List<Candidate> all = additive(1500, 3);
        double[] accuracy = all.stream().mapToDouble(Candidate::accuracy).toArray();
        double[] w = ridgeFit(t.encoding(), all, accuracy);
        double[] wLog = ridgeFit(t.encoding(), all, Arrays.stream(accuracy).map(Math::log).toArray());
        assertTrue(rmse(t.encoding(), all, wLog, accuracy, true) < rmse(t.encoding(), all, w, accuracy, false),
                "the check needs an accuracy that a log fit follows better");
        SurrogateTargets.Model model = t.fit(all);

        for (Candidate c : additive(20, 5)) {
            int[] active = t.encoding().active(NB201.decode(c.arch()));
            assertEquals(SparseRidge.predict(w, active), -model.predict(active, new SplittableRandom(1), 0)[0], 1e-9);
        }
    }

    @Test
    void aPredictedViolationIsTheSumOfEachBudgetsRelativeExcessOfItsPredictedValue() {
        // Parameters linear in the genome (fitted as they are), latency multiplicative (fitted on a log scale).
        SurrogateTargets params = targets(List.of(ACCURACY, LATENCY), "params<=2500");
        SurrogateTargets both = targets(List.of(ACCURACY, LATENCY), "params<=2500", "latency_ms<=30");
        List<Candidate> all = additive(1500, 3);
        SurrogateTargets.Model onlyParams = params.fit(all);
        SurrogateTargets.Model model = both.fit(all);

        int over = 0;
        for (Candidate c : additive(100, 6)) {
            double p = c.graphMetric(Metric.PARAMS);
            double ms = c.latency("d").bestMs();
            int[] active = both.encoding().active(NB201.decode(c.arch()));
            double predicted = onlyParams.predict(active, new SplittableRandom(1), 0)[2];
            assertEquals(Math.max(0, p / 2500 - 1), predicted, 0.02, c.arch());
            assertEquals(predicted + Math.max(0, ms / 30 - 1), model.predict(active, new SplittableRandom(1), 0)[2],
                    0.03 * Math.max(1, ms / 30), c.arch());
            over += p > 2600 && ms > 35 ? 1 : 0;
        }
        assertTrue(over >= 5, "the check needs architectures over both budgets: " + over);
    }

    @Test
    void aPredictionsNoiseIsGaussianWithTheFitsOwnErrorTimesTheNoise() {
        SurrogateTargets t = targets(List.of(ACCURACY, LATENCY));
        List<Candidate> all = additive(1500, 3);
        double[] accuracy = all.stream().mapToDouble(Candidate::accuracy).toArray();
        double[] w = ridgeFit(t.encoding(), all, accuracy);
        double sum = 0;
        for (int i = 0; i < all.size(); i++) {
            double r = SparseRidge.predict(w, t.encoding().active(NB201.decode(all.get(i).arch()))) - accuracy[i];
            sum += r * r;
        }
        double error = Math.sqrt(sum / all.size());
        SurrogateTargets.Model model = t.fit(all);
        int[] active = t.encoding().active(architecture(1234));
        double centre = model.predict(active, new SplittableRandom(1), 0)[0];

        SplittableRandom random = new SplittableRandom(9);
        int n = 20_000;
        double mean = 0;
        double square = 0;
        int beyondTwo = 0;
        for (int i = 0; i < n; i++) {
            double z = (model.predict(active, random, 0.5)[0] - centre) / (0.5 * error);
            mean += z / n;
            square += z * z / n;
            beyondTwo += Math.abs(z) > 2 ? 1 : 0;
        }
        assertTrue(error > 0.1, "the residual gives the fit an error: " + error);
        assertEquals(0, mean, 0.03);
        assertEquals(1, Math.sqrt(square - mean * mean), 0.03);
        assertEquals(0.0455, beyondTwo / (double) n, 0.006, "a normal's share beyond two deviations");
    }
}
