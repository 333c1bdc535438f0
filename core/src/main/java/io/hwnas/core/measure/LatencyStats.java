package io.hwnas.core.measure;

import io.hwnas.core.stats.Stats;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Summary statistics of latency samples, all in milliseconds.
 *
 * <pre>{@code
 * LatencyStats s = LatencyStats.of(new double[] {5.1, 5.0, 5.3, 7.9});
 * s.medianMs();   // 5.2
 * }</pre>
 *
 * <p>Percentiles use linear interpolation between order statistics (Hyndman and Fan type 7, numpy's default),
 * so the median of an even count is the mean of the two middle samples. {@code stdMs} is the sample standard
 * deviation (n - 1 denominator, 0 for one sample) and {@code cv} is {@code stdMs / meanMs}.
 *
 * <p>{@code rseMedian}, the relative standard error of the median, is distribution-free because latencies are
 * right-skewed and the normal formula {@code 1.2533 * sd / sqrt(n)} assumes a normal shape. The order
 * statistics {@code x(j) <= median <= x(k)} with ranks {@code j = floor(n/2 - z sqrt(n)/2)} and
 * {@code k = ceil(1 + n/2 + z sqrt(n)/2)}, z = 1.96, bound a confidence interval of at least 95 % for the
 * median whatever the distribution (the binomial count of samples below the median, normal approximation;
 * rounding outward keeps it conservative). Its half-width over z estimates the standard error:
 * {@code rseMedian = (x(k) - x(j)) / (2 z median)}. It needs {@code j >= 1} and {@code k <= n}, that is at
 * least {@value #MIN_RUNS_FOR_RSE} samples; with fewer it is NaN ("not known yet").
 */
public record LatencyStats(
        int runs,
        double medianMs,
        double meanMs,
        double p90Ms,
        double p99Ms,
        double minMs,
        double maxMs,
        double stdMs,
        double cv,
        double rseMedian) {

    /** The fewest samples for which {@link #rseMedian()} is a number. */
    public static final int MIN_RUNS_FOR_RSE = 8;

    private static final double Z_95 = 1.959963984540054;

    public LatencyStats {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, but was " + runs);
        }
        requireNonNegative("medianMs", medianMs);
        requireNonNegative("meanMs", meanMs);
        requireNonNegative("p90Ms", p90Ms);
        requireNonNegative("p99Ms", p99Ms);
        requireNonNegative("minMs", minMs);
        requireNonNegative("maxMs", maxMs);
        requireNonNegative("stdMs", stdMs);
        requireNonNegative("cv", cv);
        if (!Double.isNaN(rseMedian)) {
            requireNonNegative("rseMedian", rseMedian);
        }
        if (!(minMs <= medianMs && medianMs <= p90Ms && p90Ms <= p99Ms && p99Ms <= maxMs)) {
            throw new IllegalArgumentException("percentiles must satisfy min <= median <= p90 <= p99 <= max, but were "
                    + minMs + ", " + medianMs + ", " + p90Ms + ", " + p99Ms + ", " + maxMs);
        }
    }

    /** Whether {@link #rseMedian()} is known and at most {@code target}. */
    public boolean medianWithin(double target) {
        return !Double.isNaN(rseMedian) && rseMedian <= target;
    }

    public static LatencyStats of(List<Double> samplesMs) {
        Objects.requireNonNull(samplesMs, "samplesMs");
        double[] a = new double[samplesMs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = samplesMs.get(i);
        }
        return of(a);
    }

    /** Computes the statistics; the argument is not changed. */
    public static LatencyStats of(double[] samplesMs) {
        Objects.requireNonNull(samplesMs, "samplesMs");
        int n = samplesMs.length;
        if (n == 0) {
            throw new IllegalArgumentException("samplesMs must not be empty");
        }
        double[] x = samplesMs.clone();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || x[i] < 0) {
                throw new IllegalArgumentException(
                        "samplesMs[" + i + "] must be finite and >= 0, but was " + x[i]);
            }
        }
        Arrays.sort(x);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0.0;
        double cv = mean > 0 ? std / mean : 0.0;
        double median = Stats.percentileOfSorted(x, 0.5);
        return new LatencyStats(n, median, mean, Stats.percentileOfSorted(x, 0.9), Stats.percentileOfSorted(x, 0.99),
                x[0], x[n - 1], std, cv, rseOfMedian(x, median));
    }

    private static double rseOfMedian(double[] sorted, double median) {
        int n = sorted.length;
        double half = Z_95 * Math.sqrt(n) / 2.0;
        int j = (int) Math.floor(n / 2.0 - half);        // 1-based rank
        int k = (int) Math.ceil(1 + n / 2.0 + half);     // 1-based rank
        if (j < 1 || k > n) {
            return Double.NaN;
        }
        double width = sorted[k - 1] - sorted[j - 1];
        if (width == 0) {
            return 0.0;
        }
        return width / (2 * Z_95 * median);
    }

    private static void requireNonNegative(String field, double value) {
        if (!(Double.isFinite(value) && value >= 0)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, but was " + value);
        }
    }
}
