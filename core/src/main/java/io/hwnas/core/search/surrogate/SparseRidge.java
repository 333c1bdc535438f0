package io.hwnas.core.search.surrogate;

import java.util.ArrayList;
import java.util.List;

/**
 * Ridge regression on binary features given sparse ({@link GenomeEncoding}), for several targets at once. Rows are
 * only ever added, so the Gram matrix grows by one outer product of the active features per row, and one Cholesky
 * factorisation serves every target. The constant (feature 0) is not penalised.
 *
 * <p>The factorisation is a plain Cholesky on one flat row-major array: a search refits after every batch, and
 * commons-math's {@code CholeskyDecomposition} of the 406 features of {@code nb201} took most of a search's own
 * time (a profile of 1,000 evaluations), several times what this loop takes.
 */
public final class SparseRidge {

    private final int features;
    private final double lambda;
    private final double[][] gram;
    private final List<int[]> rows = new ArrayList<>();

    public SparseRidge(int features, double lambda) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, but was " + features);
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("the ridge penalty must be > 0, but was " + lambda);
        }
        this.features = features;
        this.lambda = lambda;
        this.gram = new double[features][features];
    }

    /** Adds a row: the indices of its features that are 1 (distinct, each in [0, features)). */
    public void add(int[] active) {
        for (int i : active) {
            if (i < 0 || i >= features) {
                throw new IllegalArgumentException("feature " + i + " is outside [0, " + features + ")");
            }
        }
        for (int i : active) {
            for (int j : active) {
                gram[i][j] += 1;
            }
        }
        rows.add(active.clone());
    }

    /** How many rows were added. */
    public int rows() {
        return rows.size();
    }

    /**
     * The weights of each target: {@code targets[t][r]} is target t of row r, for every row added so far. Row
     * values may change between fits (a measurement replaced a prediction); the rows themselves may not.
     */
    public double[][] fit(double[][] targets) {
        int p = features;
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(gram[i], 0, l, i * p, i + 1);
            l[i * p + i] += i == 0 ? 1e-9 : lambda;
        }
        factor(l, p);
        double[][] out = new double[targets.length][];
        for (int t = 0; t < targets.length; t++) {
            double[] y = targets[t];
            if (y.length != rows.size()) {
                throw new IllegalArgumentException("target " + t + " has " + y.length + " values for " + rows.size()
                        + " rows");
            }
            double[] w = new double[p];
            for (int r = 0; r < y.length; r++) {
                for (int i : rows.get(r)) {
                    w[i] += y[r];
                }
            }
            solve(l, p, w);
            out[t] = w;
        }
        return out;
    }

    /** The features of row {@code r}, as added. */
    public int[] row(int r) {
        return rows.get(r).clone();
    }

    /** In place: the lower triangle of {@code a} (p x p, row-major, symmetric positive definite) becomes L. */
    private static void factor(double[] a, int p) {
        for (int i = 0; i < p; i++) {
            int ri = i * p;
            for (int j = 0; j <= i; j++) {
                int rj = j * p;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("the ridge system is not positive definite at feature " + i);
                    }
                    a[ri + i] = Math.sqrt(s);
                } else {
                    a[ri + j] = s / a[rj + j];
                }
            }
        }
    }

    /** In place: {@code b} becomes the solution of L L^T x = b. */
    private static void solve(double[] l, int p, double[] b) {
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * p + k] * b[k];
            }
            b[i] = s / l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k * p + i] * b[k];
            }
            b[i] = s / l[i * p + i];
        }
    }

    /** The prediction of weights {@code w} for a row. */
    public static double predict(double[] w, int[] active) {
        double s = 0;
        for (int i : active) {
            s += w[i];
        }
        return s;
    }
}
