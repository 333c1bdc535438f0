package io.hwnas.core.predict;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How close predictions are to measurements, in every anchor's terms at once: RMSE (ms), MAPE, the share within
 * ±5 % and ±10 % of the measurement (nn-Meter), and Spearman's and Kendall's rank correlation (HELP, BRP-NAS).
 * Rank correlations come from Apache Commons Math.
 *
 * @param n        number of pairs
 * @param rmseMs   root mean squared error
 * @param mape     mean of |predicted − measured| / measured (a fraction: 0.05 is 5 %)
 * @param within5  share of pairs with |predicted − measured| ≤ 5 % of measured
 * @param within10 share within 10 %
 * @param spearman Spearman's rho
 * @param kendall  Kendall's tau-b
 */
public record Metrics(int n, double rmseMs, double mape, double within5, double within10, double spearman,
        double kendall) {

    public static Metrics of(double[] measured, double[] predicted) {
        if (measured.length != predicted.length) {
            throw new IllegalArgumentException("measured has " + measured.length + " values, predicted "
                    + predicted.length);
        }
        int n = measured.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 pairs to evaluate, but got " + n);
        }
        double se = 0;
        double ape = 0;
        int w5 = 0;
        int w10 = 0;
        for (int i = 0; i < n; i++) {
            double m = measured[i];
            if (!(m > 0)) {
                throw new IllegalArgumentException("measured[" + i + "] must be > 0, but was " + m);
            }
            double err = predicted[i] - m;
            se += err * err;
            double rel = Math.abs(err) / m;
            ape += rel;
            // A small tolerance so that a prediction of exactly 1.1 × 1.0 counts as within 10 %.
            if (rel <= 0.05 + 1e-12) {
                w5++;
            }
            if (rel <= 0.10 + 1e-12) {
                w10++;
            }
        }
        return new Metrics(n, Math.sqrt(se / n), ape / n, (double) w5 / n, (double) w10 / n,
                new SpearmansCorrelation().correlation(measured, predicted),
                new KendallsCorrelation().correlation(measured, predicted));
    }
}
