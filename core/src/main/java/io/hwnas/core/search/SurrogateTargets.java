package io.hwnas.core.search;

import io.hwnas.core.search.surrogate.GenomeEncoding;
import io.hwnas.core.search.surrogate.SparseRidge;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What {@link SurrogateEvolution}'s surrogates learn and how their answers read: one target per objective (in the
 * minimised form MOEA Framework compares: an accuracy negated) and one per budget (the budget's own metric), each
 * on a log scale when every value seen is positive and it is not an accuracy, because latencies, parameters and
 * FLOPs grow multiplicatively with an architecture's choices.
 */
final class SurrogateTargets {

    /** How many of the least-violating candidates stand in for the front while none is feasible. */
    private static final int LEAST_VIOLATING = 10;

    private final List<SearchObjective> objectives;
    private final List<Constraint> constraints;
    private final SearchSpace space;
    private final GenomeEncoding encoding;
    /** Rebuilt after a resume: it holds the features of the first {@code ridge.rows()} candidates of the pool. */
    private SparseRidge ridge;

    SurrogateTargets(List<SearchObjective> objectives, List<Constraint> constraints, SearchSpace space) {
        this.objectives = List.copyOf(objectives);
        this.constraints = List.copyOf(constraints);
        this.space = space;
        this.encoding = GenomeEncoding.of(space.dimensions());
    }

    GenomeEncoding encoding() {
        return encoding;
    }

    /** The surrogates fitted to every candidate so far ({@code all}: the pool, in evaluation order). */
    Model fit(List<Candidate> all) {
        if (ridge == null) {
            ridge = new SparseRidge(encoding.features(), SurrogateEvolution.LAMBDA);
        }
        for (int i = ridge.rows(); i < all.size(); i++) {
            ridge.add(encoding.active(space.decode(all.get(i).arch())));
        }
        return fit(ridge, all);
    }

    int objectives() {
        return objectives.size();
    }

    /** The objective vector of {@code c}, every objective minimised. */
    double[] point(Candidate c) {
        double[] p = new double[objectives.size()];
        for (int j = 0; j < p.length; j++) {
            SearchObjective o = objectives.get(j);
            p[j] = o.metric().maximised() ? -o.valueOf(c) : o.valueOf(c);
        }
        return p;
    }

    /** The sum of {@code c}'s relative budget violations (0: feasible). */
    double violation(Candidate c) {
        double v = 0;
        for (Constraint k : constraints) {
            v += k.violation(c);
        }
        return v;
    }

    /**
     * The reference value of objective {@code j} that a budget sets (minimised form), or NaN when no budget binds
     * that objective's metric on its device.
     */
    double bound(int j) {
        SearchObjective o = objectives.get(j);
        for (Constraint k : constraints) {
            Budget b = k.budget();
            if (b.metric() == o.metric() && Objects.equals(k.device(), o.device())
                    && b.comparison().upper() != o.metric().maximised()) {
                return o.metric().maximised() ? -b.bound() : b.bound();
            }
        }
        return Double.NaN;
    }

    /**
     * The indices of the feasible candidates no feasible candidate dominates; while none is feasible, the few that
     * violate their budgets least.
     */
    List<Integer> front(List<Candidate> all) {
        List<Integer> feasible = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (violation(all.get(i)) == 0) {
                feasible.add(i);
                points.add(point(all.get(i)));
            }
        }
        if (feasible.isEmpty()) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble(i -> violation(all.get(i))));
            return order.subList(0, Math.min(LEAST_VIOLATING, order.size()));
        }
        List<Integer> front = new ArrayList<>();
        for (int a = 0; a < feasible.size(); a++) {
            boolean dominated = false;
            for (int b = 0; b < feasible.size() && !dominated; b++) {
                dominated = b != a && dominates(points.get(b), points.get(a), b < a);
            }
            if (!dominated) {
                front.add(feasible.get(a));
            }
        }
        return front;
    }

    /** Whether p dominates q; of two equal points the earlier ({@code pFirst}) is kept. */
    private static boolean dominates(double[] p, double[] q, boolean pFirst) {
        boolean better = false;
        for (int j = 0; j < p.length; j++) {
            if (p[j] > q[j]) {
                return false;
            }
            better |= p[j] < q[j];
        }
        return better || pFirst;
    }

    /** The surrogates fitted to every candidate, each row of {@code ridge} being the candidate of that index. */
    private Model fit(SparseRidge ridge, List<Candidate> all) {
        int n = all.size();
        int t = objectives.size() + constraints.size();
        double[][] y = new double[t][n];
        for (int i = 0; i < n; i++) {
            Candidate c = all.get(i);
            for (int j = 0; j < objectives.size(); j++) {
                y[j][i] = objectives.get(j).valueOf(c);
            }
            for (int k = 0; k < constraints.size(); k++) {
                y[objectives.size() + k][i] = constraints.get(k).valueOf(c, false);
            }
        }
        // A positive cost is fitted twice, as it is and on a log scale, and the fit closer to the data is used:
        // latency on a CPU grows with FLOPs, multiplicatively; on a GPU it is a sum of kernel launches.
        double[][] logs = new double[t][];
        List<double[]> all2 = new ArrayList<>(java.util.Arrays.asList(y));
        for (int j = 0; j < t; j++) {
            boolean accuracy = (j < objectives.size() ? objectives.get(j).metric()
                    : constraints.get(j - objectives.size()).budget().metric()) == Metric.ACCURACY;
            if (!accuracy && java.util.Arrays.stream(y[j]).allMatch(v -> v > 0)) {
                logs[j] = java.util.Arrays.stream(y[j]).map(StrictMath::log).toArray();
                all2.add(logs[j]);
            }
        }
        double[][] fitted = ridge.fit(all2.toArray(double[][]::new));
        double[][] w = new double[t][];
        boolean[] log = new boolean[t];
        double[] error = new double[t];
        int extra = t;
        for (int j = 0; j < t; j++) {
            w[j] = fitted[j];
            error[j] = rmse(ridge, w[j], y[j], false);
            if (logs[j] != null) {
                double[] wl = fitted[extra++];
                if (rmse(ridge, wl, y[j], true) < error[j]) {
                    w[j] = wl;
                    log[j] = true;
                    error[j] = rmse(ridge, wl, logs[j], false);
                }
            }
        }
        return new Model(w, log, error);
    }

    /** The root-mean-square error of weights {@code w} on the rows of {@code ridge} (predictions exponentiated). */
    private static double rmse(SparseRidge ridge, double[] w, double[] y, boolean exp) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double p = SparseRidge.predict(w, ridge.row(i));
            double r = (exp ? StrictMath.exp(p) : p) - y[i];
            sum += r * r;
        }
        return Math.sqrt(sum / y.length);
    }

    /**
     * What the surrogates answer for an architecture with features {@code active}: the minimised objective vector,
     * then the total budget violation, as one array; each target perturbed by {@code noise} times its error.
     */
    @FunctionalInterface
    interface Prediction {
        double[] predict(int[] active, SplittableRandom random, double noise);
    }

    /** Fitted weights per target, whether each is on a log scale, and its root-mean-square error on the data. */
    final class Model implements Prediction {
        private final double[][] weights;
        private final boolean[] log;
        private final double[] error;

        private Model(double[][] weights, boolean[] log, double[] error) {
            this.weights = weights;
            this.log = log;
            this.error = error;
        }

        @Override
        public double[] predict(int[] active, SplittableRandom random, double noise) {
            double[] out = new double[objectives.size() + 1];
            for (int j = 0; j < weights.length; j++) {
                double v = SparseRidge.predict(weights[j], active);
                if (noise > 0 && error[j] > 0) {
                    v += noise * error[j] * gaussian(random);
                }
                if (log[j]) {
                    v = StrictMath.exp(v);
                }
                if (j < objectives.size()) {
                    out[j] = objectives.get(j).metric().maximised() ? -v : v;
                } else {
                    out[objectives.size()] += constraints.get(j - objectives.size()).budget().violation(v);
                }
            }
            return out;
        }
    }

    /** A standard normal draw (Box–Muller): SplittableRandom has none in Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * random.nextDouble());
    }
}
