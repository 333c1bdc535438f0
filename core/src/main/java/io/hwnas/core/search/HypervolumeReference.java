package io.hwnas.core.search;

import java.util.List;
import java.util.Objects;

/**
 * The reference of the hypervolume, fixed after the first generation so that generations compare: accuracy over
 * the oracle's {@link AccuracyOracle#range()} (0 to 100 %; a scaling law's from the first generation's worst to minus
 * the irreducible loss), every other objective from 0 to its budget when one bounds it from above, else to the
 * largest value in the first generation.
 *
 * @param ideal the best value of each objective, in the problem's order
 * @param nadir the worst value of each objective that still counts
 */
record HypervolumeReference(double[] ideal, double[] nadir) {

    static HypervolumeReference of(SearchProblem problem, double[] accuracyRange, List<Candidate> first) {
        List<SearchObjective> objs = problem.objectives();
        double[] ideal = new double[objs.size()];
        double[] nadir = new double[objs.size()];
        for (int i = 0; i < objs.size(); i++) {
            SearchObjective o = objs.get(i);
            if (o.metric().maximised()) {
                ideal[i] = accuracyRange[1];
                nadir[i] = worstAccuracy(o, accuracyRange[0], ideal[i], first);
            } else {
                nadir[i] = upperBound(problem, o, first);
            }
        }
        return new HypervolumeReference(ideal, nadir);
    }

    /** The range's worst, or (NaN there) the first generation's worst, below the best by at least 1. */
    private static double worstAccuracy(SearchObjective o, double rangeWorst, double best, List<Candidate> first) {
        if (!Double.isNaN(rangeWorst)) {
            return rangeWorst;
        }
        double worst = Double.POSITIVE_INFINITY;
        for (Candidate c : first) {
            worst = Math.min(worst, o.valueOf(c));
        }
        return Double.isFinite(worst) && worst < best ? worst : best - 1;
    }

    /** The tightest budget bounding {@code o} from above, else the first generation's largest value (1 if none). */
    private static double upperBound(SearchProblem problem, SearchObjective o, List<Candidate> first) {
        double bound = Double.NaN;
        for (Constraint c : problem.constraints()) {
            Budget b = c.budget();
            if (b.metric() == o.metric() && Objects.equals(c.device(), o.device())
                    && (b.comparison() == Budget.Comparison.AT_MOST || b.comparison() == Budget.Comparison.BELOW)) {
                bound = Double.isNaN(bound) ? b.bound() : Math.min(bound, b.bound());
            }
        }
        if (!Double.isNaN(bound)) {
            return bound;
        }
        double max = 0;
        for (Candidate c : first) {
            max = Math.max(max, o.valueOf(c));
        }
        return max > 0 ? max : 1;
    }
}
