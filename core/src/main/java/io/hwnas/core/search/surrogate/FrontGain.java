package io.hwnas.core.search.surrogate;

import java.util.ArrayList;
import java.util.List;

/**
 * A two-objective front (both minimised) and what a new point would add to its hypervolume under a reference point:
 * the area the point dominates inside the reference box that the front does not. The front is kept as a staircase
 * (first objective ascending, second strictly descending), so a gain costs one pass over the front. MOEA Framework
 * computes hypervolumes of whole sets; a search that weighs hundreds of predicted points per step against the
 * same front needs the gain of each, which is this.
 */
public final class FrontGain {

    private final double[] reference;
    private final List<double[]> stairs = new ArrayList<>();

    public FrontGain(double[] reference) {
        if (reference.length != 2) {
            throw new IllegalArgumentException("a front gain has two objectives, but the reference has "
                    + reference.length);
        }
        this.reference = reference.clone();
    }

    /** Adds a point: it joins the front unless a member dominates it, and members it dominates leave. */
    public void add(double[] p) {
        check(p);
        int i = 0;
        while (i < stairs.size() && stairs.get(i)[0] <= p[0]) {
            if (stairs.get(i)[1] <= p[1]) {
                return; // weakly dominated
            }
            i++;
        }
        while (i < stairs.size() && stairs.get(i)[1] >= p[1]) {
            stairs.remove(i);
        }
        stairs.add(i, p.clone());
    }

    /** The members, first objective ascending. */
    public List<double[]> members() {
        return stairs.stream().map(double[]::clone).toList();
    }

    /** The hypervolume {@code p} would add to the front inside the reference box; 0 outside it or dominated. */
    public double gain(double[] p) {
        check(p);
        double x = p[0];
        double ceiling = reference[1];
        double area = 0;
        for (double[] s : stairs) {
            if (s[0] > x) {
                double right = Math.min(s[0], reference[0]);
                area += Math.max(0, right - x) * Math.max(0, ceiling - p[1]);
                x = Math.max(x, right);
            }
            ceiling = Math.min(ceiling, s[1]);
            if (x >= reference[0] || ceiling <= p[1]) {
                return area;
            }
        }
        return area + Math.max(0, reference[0] - x) * Math.max(0, ceiling - p[1]);
    }

    /** The hypervolume of the front inside the reference box. */
    public double hypervolume() {
        double area = 0;
        for (int i = 0; i < stairs.size(); i++) {
            double[] s = stairs.get(i);
            double right = i + 1 < stairs.size() ? Math.min(stairs.get(i + 1)[0], reference[0]) : reference[0];
            area += Math.max(0, right - s[0]) * Math.max(0, reference[1] - s[1]);
        }
        return area;
    }

    /**
     * How far {@code p} lies behind {@code front} (all objectives minimised): the smallest amount, in units of
     * {@code scale}, by which every objective of {@code p} must improve for no member to dominate it. Negative when
     * none dominates it now. Any number of objectives; the fallback when no point is expected to add hypervolume.
     */
    public static double behind(double[] p, List<double[]> front, double[] scale) {
        double worst = Double.NEGATIVE_INFINITY;
        for (double[] f : front) {
            double escape = Double.POSITIVE_INFINITY;
            for (int j = 0; j < p.length; j++) {
                escape = Math.min(escape, (p[j] - f[j]) / scale[j]);
            }
            worst = Math.max(worst, escape);
        }
        return worst;
    }

    private static void check(double[] p) {
        if (p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
            throw new IllegalArgumentException("a point of a two-objective front must be two finite numbers");
        }
    }
}
