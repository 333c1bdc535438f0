package io.hwnas.core.stats;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Order statistics of samples: the one median and the one percentile of hwnas, so that every latency, kernel time
 * and benchmark summary agrees on what "median" means.
 *
 * <pre>{@code
 * Stats.median(new double[] {5.1, 5.0, 5.3, 7.9});          // 5.2, the mean of the two middle values
 * Stats.percentile(new double[] {1, 2, 3, 4, 5}, 0.9);       // 4.6
 * }</pre>
 *
 * <p>Percentiles interpolate linearly between order statistics (Hyndman and Fan type 7, numpy's and R's default).
 * The median of an even count is the mean of the two middle values, computed as their midpoint
 * {@code (a + b) / 2}; {@code percentile(x, 0.5)} agrees with it up to the last bit of rounding. Neither changes its
 * argument.
 */
public final class Stats {

    private Stats() {}

    /** The middle value of {@code values}, or the mean of the two middle values for an even count. */
    public static double median(double... values) {
        requireSome(values.length);
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@link #median(double...)} of a collection. */
    public static double median(Collection<? extends Number> values) {
        Objects.requireNonNull(values, "values");
        return median(values.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** The type-7 percentile {@code q} (0 to 1) of {@code values}, in any order. */
    public static double percentile(double[] values, double q) {
        requireSome(values.length);
        double[] s = values.clone();
        Arrays.sort(s);
        return percentileOfSorted(s, q);
    }

    /**
     * The type-7 percentile {@code q} (0 to 1) of values already sorted ascending, clamped so that rounding never
     * lifts it above the next order statistic.
     */
    public static double percentileOfSorted(double[] sorted, double q) {
        requireSome(sorted.length);
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("percentile q must be in [0, 1], but was " + q);
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double v = sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
        return Math.min(v, sorted[hi]);
    }

    private static void requireSome(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("an order statistic needs at least one value, but there were none");
        }
    }
}
