package io.hwnas.predictors.weka;

/**
 * Least squares on relative error: minimises {@code sum((y - b - x·w)² / y²) + ridge·s·|w|²}, where {@code s} is the
 * mean diagonal of the weighted normal matrix, so that the ridge does not depend on the features' units. The
 * intercept {@code b} is not shrunk. A tiny ridge is always added, so that a feature that is constant zero in the
 * data, or two that move together, get finite (shared) weights instead of a singular system.
 */
final class WeightedRidge {

    private static final double MIN_RIDGE = 1e-10;

    private WeightedRidge() {}

    /**
     * @param x rows of features, all of one length
     * @param y positive targets
     * @return the intercept, then one weight per feature
     */
    static double[] fit(double[][] x, double[] y, double ridge) {
        int p = x.length == 0 ? 0 : x[0].length;
        int m = p + 1;
        double[][] a = new double[m][m + 1]; // the normal equations, right-hand side in the last column
        double[] row = new double[m];
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] > 0)) {
                throw new IllegalArgumentException("latency must be > 0, but row " + i + " was " + y[i]);
            }
            double w = 1 / (y[i] * y[i]);
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, p);
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    a[r][c] += w * row[r] * row[c];
                }
                a[r][m] += w * row[r] * y[i];
            }
        }
        double scale = 0;
        for (int j = 1; j < m; j++) {
            scale += a[j][j];
        }
        scale = p == 0 || scale == 0 ? 1 : scale / p;
        for (int j = 1; j < m; j++) {
            a[j][j] += Math.max(ridge, MIN_RIDGE) * scale;
        }
        return solve(a);
    }

    /** Gaussian elimination with partial pivoting of an augmented, symmetric positive definite system. */
    private static double[] solve(double[][] a) {
        int m = a.length;
        for (int k = 0; k < m; k++) {
            int pivot = k;
            for (int r = k + 1; r < m; r++) {
                if (Math.abs(a[r][k]) > Math.abs(a[pivot][k])) {
                    pivot = r;
                }
            }
            double[] t = a[k];
            a[k] = a[pivot];
            a[pivot] = t;
            if (a[k][k] == 0) {
                throw new IllegalStateException("least squares system is singular at column " + k);
            }
            for (int r = k + 1; r < m; r++) {
                double f = a[r][k] / a[k][k];
                for (int c = k; c <= m; c++) {
                    a[r][c] -= f * a[k][c];
                }
            }
        }
        double[] out = new double[m];
        for (int k = m - 1; k >= 0; k--) {
            double s = a[k][m];
            for (int c = k + 1; c < m; c++) {
                s -= a[k][c] * out[c];
            }
            out[k] = s / a[k][k];
        }
        return out;
    }
}
