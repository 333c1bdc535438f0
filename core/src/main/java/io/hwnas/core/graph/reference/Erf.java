package io.hwnas.core.graph.reference;

/**
 * The error function to double precision (relative error about 1e-15), for the exact Gelu.
 *
 * <p>Below |x| = 2.5: the series {@code erf(x) = 2/√π · e^{-x²} · Σ (2x²)ⁿ x / (1·3···(2n+1))}, whose terms are all
 * of one sign, so nothing cancels. From 2.5 on: the continued fraction
 * {@code erfc(x) = e^{-x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + ...))))}, evaluated with Lentz's method, which keeps
 * the small tail {@code erfc} accurate where {@code 1 - erf} would lose it.
 */
final class Erf {

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.5;

    private Erf() {}

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < SERIES_LIMIT) {
            return series(x);
        }
        double r = 1.0 - erfcContinuedFraction(ax);
        return x < 0 ? -r : r;
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Math.abs(x) < SERIES_LIMIT) {
            return 1.0 - series(x);
        }
        return x > 0 ? erfcContinuedFraction(x) : 2.0 - erfcContinuedFraction(-x);
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) for x >= 2.5. */
    private static double erfcContinuedFraction(double x) {
        if (x > 27) {
            return 0.0; // e^{-x²} underflows
        }
        final double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            d = 1.0 / d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1.0) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
