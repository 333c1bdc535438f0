package io.hwnas.benchmarks;

import io.hwnas.core.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a search's evaluations, in the order it made them, against every cell of a space under one latency budget
 * ({@code latency <= budget}): only feasible points count, both in what a search found and in the true front.
 *
 * <p>Three hypervolume references (objectives [accuracy maximised, latency minimised], normalised between an ideal
 * and a nadir, reference point at the nadir; the ideal is always the largest accuracy and the smallest latency over
 * all cells):
 * <ul>
 * <li>{@code budget} (issue 17's): nadir = (median accuracy of all cells, the budget): the high-accuracy part of the
 *     feasible front, where a user's answer lies;</li>
 * <li>{@code space}: nadir = (smallest accuracy, largest latency over all cells), as {@link SearchQuality}'s;</li>
 * <li>{@code front}: nadir = (smallest accuracy, largest latency over the true feasible front's members).</li>
 * </ul>
 * The ratio is hypervolume(found feasible front) / hypervolume(true feasible front). The regret is the best accuracy
 * of any feasible cell minus the best accuracy among the feasible points found; when none was found, it is that
 * best accuracy itself.
 *
 * <pre>{@code
 * PeerScorer s = PeerScorer.of(accuracies, latencies, 16.824);   // every cell of the space
 * PeerScorer.Score at300 = s.score(foundAcc, foundLat, 300);     // the search's first 300 evaluations
 * at300.ratio(0);                                                 // under the budget reference
 * }</pre>
 */
final class PeerScorer {

    /** The references' names, in the order of {@link #boxes()} and {@link Score#ratios()}. */
    static final List<String> REFERENCES = List.of("budget", "space", "front");

    /** A reference: bounds in objective order [accuracy, latency], and the true feasible front's hypervolume. */
    record Box(String name, double[] ideal, double[] nadir, double trueHypervolume) {}

    /**
     * The score of the first {@code n} evaluations (all of them when there were fewer).
     *
     * @param ratios        per reference, hypervolume ratio found / true (NaN when the true one is 0)
     * @param regret        best feasible accuracy of the space minus the best feasible accuracy found
     * @param feasibleFound whether any of them met the budget
     */
    record Score(int n, double[] ratios, double regret, boolean feasibleFound) {

        double ratio(int box) {
            return ratios[box];
        }
    }

    private final double budget;
    private final List<Box> boxes;
    private final double bestFeasible;
    private final double medianAccuracy;
    private final int feasibleCells;
    private final int frontSize;

    private PeerScorer(double budget, List<Box> boxes, double bestFeasible, double medianAccuracy,
            int feasibleCells, int frontSize) {
        this.budget = budget;
        this.boxes = List.copyOf(boxes);
        this.bestFeasible = bestFeasible;
        this.medianAccuracy = medianAccuracy;
        this.feasibleCells = feasibleCells;
        this.frontSize = frontSize;
    }

    /** The scorer of {@code budget} over every cell of a space, given as parallel arrays. */
    static PeerScorer of(double[] accuracy, double[] latency, double budget) {
        if (accuracy.length != latency.length || accuracy.length == 0) {
            throw new IllegalArgumentException("accuracy and latency must be non-empty and of one length, but had "
                    + accuracy.length + " and " + latency.length);
        }
        double[][] front = feasibleFront(accuracy, latency, accuracy.length, budget);
        if (front.length == 0) {
            throw new IllegalArgumentException("no cell meets the budget latency <= " + budget);
        }
        double[] ideal = {max(accuracy), min(latency)};
        double median = Stats.median(accuracy);
        List<double[]> nadirs = List.of(new double[] {median, budget},
                new double[] {min(accuracy), max(latency)},
                // The front is sorted by latency: its first member has the least accuracy, its last the most latency.
                new double[] {front[0][0], front[front.length - 1][1]});
        List<Box> boxes = new ArrayList<>();
        for (int b = 0; b < nadirs.size(); b++) {
            double hv = feasibleSweep(accuracy, latency, accuracy.length, budget, ideal, nadirs.get(b));
            boxes.add(new Box(REFERENCES.get(b), ideal, nadirs.get(b), hv));
        }
        int feasible = (int) Arrays.stream(latency).filter(l -> l <= budget).count();
        return new PeerScorer(budget, boxes, front[front.length - 1][0], median, feasible, front.length);
    }

    /** The score of the first {@code n} of a search's evaluations, in its order. */
    Score score(double[] accuracy, double[] latency, int n) {
        int m = Math.min(n, accuracy.length);
        double[] ratios = new double[boxes.size()];
        for (int b = 0; b < boxes.size(); b++) {
            Box box = boxes.get(b);
            double hv = feasibleSweep(accuracy, latency, m, budget, box.ideal(), box.nadir());
            ratios[b] = box.trueHypervolume() > 0 ? hv / box.trueHypervolume() : Double.NaN;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (latency[i] <= budget) {
                best = Math.max(best, accuracy[i]);
            }
        }
        boolean found = best > Double.NEGATIVE_INFINITY;
        return new Score(n, ratios, found ? bestFeasible - best : bestFeasible, found);
    }

    double budget() {
        return budget;
    }

    List<Box> boxes() {
        return boxes;
    }

    /** The largest accuracy of any cell within the budget. */
    double bestFeasible() {
        return bestFeasible;
    }

    double medianAccuracy() {
        return medianAccuracy;
    }

    int feasibleCells() {
        return feasibleCells;
    }

    /** Members of the true feasible front (one per distinct objective pair). */
    int frontSize() {
        return frontSize;
    }

    /**
     * The non-dominated points among the first {@code n} with latency within {@code budget}, as [accuracy, latency]
     * pairs sorted by latency (so accuracy rises along it); one per distinct pair of values.
     */
    static double[][] feasibleFront(double[] accuracy, double[] latency, int n, double budget) {
        List<double[]> feasible = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (latency[i] <= budget) {
                feasible.add(new double[] {accuracy[i], latency[i]});
            }
        }
        feasible.sort(Comparator.comparingDouble((double[] p) -> p[1]).thenComparingDouble(p -> -p[0]));
        List<double[]> front = new ArrayList<>();
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (double[] p : feasible) {
            if (p[0] > bestAccuracy) {
                front.add(p);
                bestAccuracy = p[0];
            }
        }
        return front.toArray(new double[0][]);
    }

    /** {@link #sweep} of the first {@code n} points whose latency is within {@code budget}. */
    static double feasibleSweep(double[] accuracy, double[] latency, int n, double budget, double[] ideal,
            double[] nadir) {
        double[][] f = feasibleFront(accuracy, latency, n, budget);
        double[] a = new double[f.length];
        double[] l = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            a[i] = f[i][0];
            l[i] = f[i][1];
        }
        return sweep(a, l, ideal, nadir);
    }

    /**
     * The exact 2-D hypervolume of the points ({@code accuracy[i]}, {@code latency[i]}), accuracy maximised and
     * latency minimised, normalised to [0, 1] between {@code ideal} and {@code nadir} (objective order [accuracy,
     * latency]) with the reference point at the nadir: a sweep over latency, independent of MOEA Framework. A point
     * worse than the nadir in either objective adds nothing.
     */
    static double sweep(double[] accuracy, double[] latency, double[] ideal, double[] nadir) {
        int n = accuracy.length;
        double[][] p = new double[n][];
        for (int i = 0; i < n; i++) {
            // Both normalised to be minimised, 0 at the ideal and 1 at the nadir.
            p[i] = new double[] {(ideal[0] - accuracy[i]) / (ideal[0] - nadir[0]),
                (latency[i] - ideal[1]) / (nadir[1] - ideal[1])};
        }
        Arrays.sort(p, Comparator.comparingDouble((double[] x) -> x[1]).thenComparingDouble(x -> x[0]));
        double area = 0;
        double bestA = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            bestA = Math.min(bestA, p[i][0]);
            double next = i + 1 < n ? Math.min(p[i + 1][1], 1) : 1;
            double width = next - Math.min(p[i][1], 1);
            if (width > 0 && bestA < 1) {
                area += width * (1 - bestA);
            }
        }
        return area;
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElseThrow();
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElseThrow();
    }
}
