package io.hwnas.predictors.transfer;

/** The few dense linear-algebra steps the transfer fit needs, on small systems (a handful of unknowns). */
final class Linear {

    private Linear() {}

    /**
     * Solves {@code (a + ridge·I) x = b} for a symmetric positive semi-definite {@code a} by Cholesky. The caller
     * passes a tiny {@code ridge} so that a singular system (two identical columns, a choice never seen) still has
     * the minimum-norm-like answer instead of failing. {@code a} is not modified.
     */
    static double[] solveSymmetric(double[][] a, double[] b, double ridge) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j] + (i == j ? ridge : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    // Rounding can leave a tiny negative pivot on a singular system; the ridge keeps it positive
                    // except when the caller passes none, and then a zero pivot means a zero direction.
                    l[i][i] = s > 0 ? Math.sqrt(s) : Double.MIN_NORMAL;
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** A ridge of {@code relative} times the mean diagonal of {@code a}: scale-free regularisation. */
    static double relativeRidge(double[][] a, double relative) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        double mean = a.length == 0 ? 0 : t / a.length;
        return mean > 0 ? relative * mean : relative;
    }
}
