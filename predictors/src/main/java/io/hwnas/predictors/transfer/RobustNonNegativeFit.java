package io.hwnas.predictors.transfer;

import io.hwnas.core.stats.Stats;
import java.util.Arrays;

/**
 * {@code y ≈ intercept + Σ_j weight_j · x_j} with every {@code weight_j ≥ 0} and a free intercept, fitted so that a
 * few wild measurements do not steer it. A phone's latency column has spikes of twice the usual time (a background
 * task, a thermal throttle); with ten samples one spike in least squares can turn the fit toward the wrong reference
 * device. So this is an MM-type estimate:
 * <ol>
 *   <li>a least-absolute-deviations start (iteratively reweighted non-negative least squares), which a minority of
 *       outliers cannot pull far;</li>
 *   <li>a robust residual scale from it: the median absolute residual / 0.6745, inflated by √(k / (k − p)) because
 *       LAD fits p points exactly;</li>
 *   <li>Tukey's bisquare with c = 4.685 (95 % efficiency at the normal) at that fixed scale, by reweighting from the
 *       LAD start: a point more than c scales away gets weight zero.</li>
 * </ol>
 * Each step is a weighted non-negative least squares with the intercept profiled out (weighted centring), solved
 * exactly by {@link Nnls}. Deterministic: no randomness, fixed iteration limits.
 *
 * @param intercept   the free constant
 * @param weights     one non-negative weight per column of x
 * @param scale       the robust residual scale, in the units of y
 * @param rowWeights  the final bisquare weight of each row, in [0, 1]; 0 marks a row treated as an outlier
 */
record RobustNonNegativeFit(double intercept, double[] weights, double scale, double[] rowWeights) {

    static final double TUKEY_C = 4.685;
    private static final int ITERATIONS = 100;

    RobustNonNegativeFit {
        weights = weights.clone();
        rowWeights = rowWeights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] rowWeights() {
        return rowWeights.clone();
    }

    double predict(double[] x) {
        double s = intercept;
        for (int j = 0; j < weights.length; j++) {
            s += weights[j] * x[j];
        }
        return s;
    }

    /** @param x k rows of p features; @param y k targets, k ≥ 2 */
    static RobustNonNegativeFit fit(double[][] x, double[] y) {
        int k = y.length;
        if (k < 2 || x.length != k) {
            throw new IllegalArgumentException("need >= 2 rows and one feature row per target, but got " + x.length
                    + " feature rows and " + k + " targets");
        }
        double[] abs = new double[k];
        for (int i = 0; i < k; i++) {
            abs[i] = Math.abs(y[i]);
        }
        // A residual under 0.1 % of the typical |y| counts as exact: the floor keeps LAD's 1/|r| weights finite and
        // the scale above zero when the rows fit exactly.
        double floor = 1e-3 * Math.max(Stats.median(abs), Double.MIN_NORMAL);

        double[] rowWeights = new double[k];
        Arrays.fill(rowWeights, 1);
        Step step = weighted(x, y, rowWeights);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] r = step.residuals(x, y);
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                next[i] = 1 / Math.max(Math.abs(r[i]), floor);
            }
            Step s = weighted(x, y, next);
            boolean done = s.close(step);
            step = s;
            if (done) {
                break;
            }
        }
        double[] r = step.residuals(x, y);
        for (int i = 0; i < k; i++) {
            abs[i] = Math.abs(r[i]);
        }
        int p = 1;
        for (double w : step.weights) {
            if (w > 0) {
                p++;
            }
        }
        double scale = Stats.median(abs) / 0.6745 * (k > p ? Math.sqrt((double) k / (k - p)) : 1);
        scale = Math.max(scale, floor);

        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = bisquare(step.residuals(x, y), scale);
            if (Arrays.stream(next).sum() <= 0) {
                break;
            }
            Step s = weighted(x, y, next);
            boolean done = s.close(step);
            step = s;
            rowWeights = next;
            if (done) {
                break;
            }
        }
        rowWeights = bisquare(step.residuals(x, y), scale);
        return new RobustNonNegativeFit(step.intercept, step.weights, scale, rowWeights);
    }

    private static double[] bisquare(double[] r, double scale) {
        double[] w = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            double u = r[i] / (TUKEY_C * scale);
            w[i] = Math.abs(u) < 1 ? (1 - u * u) * (1 - u * u) : 0;
        }
        return w;
    }

    private record Step(double intercept, double[] weights) {

        double[] residuals(double[][] x, double[] y) {
            double[] r = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                double f = intercept;
                for (int j = 0; j < weights.length; j++) {
                    f += weights[j] * x[i][j];
                }
                r[i] = y[i] - f;
            }
            return r;
        }

        boolean close(Step o) {
            double tol = 1e-10 * (1 + Math.abs(intercept));
            if (Math.abs(intercept - o.intercept) > tol) {
                return false;
            }
            for (int j = 0; j < weights.length; j++) {
                if (Math.abs(weights[j] - o.weights[j]) > 1e-10 * (1 + Math.abs(weights[j]))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Weighted NNLS with a free intercept: centre on the weighted means, scale rows by √w, solve. */
    private static Step weighted(double[][] x, double[] y, double[] w) {
        int k = y.length;
        int p = x[0].length;
        double sw = 0;
        double ym = 0;
        double[] xm = new double[p];
        for (int i = 0; i < k; i++) {
            sw += w[i];
            ym += w[i] * y[i];
            for (int j = 0; j < p; j++) {
                xm[j] += w[i] * x[i][j];
            }
        }
        ym /= sw;
        for (int j = 0; j < p; j++) {
            xm[j] /= sw;
        }
        double[][] a = new double[k][p];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            double s = Math.sqrt(w[i]);
            b[i] = s * (y[i] - ym);
            for (int j = 0; j < p; j++) {
                a[i][j] = s * (x[i][j] - xm[j]);
            }
        }
        double[] beta = Nnls.solve(a, b);
        double c = ym;
        for (int j = 0; j < p; j++) {
            c -= beta[j] * xm[j];
        }
        return new Step(c, beta);
    }
}
