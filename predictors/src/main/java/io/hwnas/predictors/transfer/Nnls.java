package io.hwnas.predictors.transfer;

/**
 * Non-negative least squares, {@code min ‖A x − b‖ subject to x ≥ 0}, by Lawson and Hanson's active-set method
 * (Solving Least Squares Problems, 1974, ch. 23). The unconstrained steps solve the normal equations of the passive
 * columns with a tiny relative ridge, so collinear columns (two GPUs of one family) do not break it.
 */
final class Nnls {

    private Nnls() {}

    /** @param a k rows by p columns */
    static double[] solve(double[][] a, double[] b) {
        int k = b.length;
        int p = a.length == 0 ? 0 : a[0].length;
        double[][] ata = new double[p][p];
        double[] atb = new double[p];
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < p; i++) {
                atb[i] += a[r][i] * b[r];
                for (int j = 0; j < p; j++) {
                    ata[i][j] += a[r][i] * a[r][j];
                }
            }
        }
        double scale = 0;
        for (int i = 0; i < p; i++) {
            scale = Math.max(scale, ata[i][i]);
        }
        double bb = 0;
        for (double v : b) {
            bb += v * v;
        }
        // Gradient entries below this are rounding noise, not a reason to free a variable.
        double tol = 1e-12 * Math.max(1, Math.sqrt(scale * bb));
        double[] x = new double[p];
        boolean[] passive = new boolean[p];
        for (int outer = 0; outer < 3 * p + 3; outer++) {
            double[] w = gradient(ata, atb, x);
            int best = -1;
            for (int j = 0; j < p; j++) {
                if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) {
                    best = j;
                }
            }
            if (best < 0) {
                break;
            }
            passive[best] = true;
            for (int inner = 0; inner <= p; inner++) {
                double[] s = solvePassive(ata, atb, passive);
                double alpha = Double.POSITIVE_INFINITY;
                for (int j = 0; j < p; j++) {
                    if (passive[j] && s[j] <= 0) {
                        alpha = Math.min(alpha, x[j] / (x[j] - s[j]));
                    }
                }
                if (alpha == Double.POSITIVE_INFINITY) {
                    x = s;
                    break;
                }
                for (int j = 0; j < p; j++) {
                    x[j] += alpha * (s[j] - x[j]);
                    if (passive[j] && x[j] <= 1e-15 * Math.max(1, Math.abs(s[j]))) {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }
        return x;
    }

    /** {@code Aᵀ(b − A x)} from the normal equations. */
    private static double[] gradient(double[][] ata, double[] atb, double[] x) {
        int p = atb.length;
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            double s = atb[i];
            for (int j = 0; j < p; j++) {
                s -= ata[i][j] * x[j];
            }
            w[i] = s;
        }
        return w;
    }

    private static double[] solvePassive(double[][] ata, double[] atb, boolean[] passive) {
        int p = atb.length;
        int[] idx = new int[p];
        int n = 0;
        for (int j = 0; j < p; j++) {
            if (passive[j]) {
                idx[n++] = j;
            }
        }
        double[][] m = new double[n][n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = atb[idx[i]];
            for (int j = 0; j < n; j++) {
                m[i][j] = ata[idx[i]][idx[j]];
            }
        }
        double[] sol = Linear.solveSymmetric(m, v, Linear.relativeRidge(m, 1e-10));
        double[] s = new double[p];
        for (int i = 0; i < n; i++) {
            s[idx[i]] = sol[i];
        }
        return s;
    }
}
