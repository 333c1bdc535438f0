package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NnlsTest {

    @Test
    void equalsLeastSquaresWhenTheUnconstrainedSolutionIsPositive() {
        double[][] a = {{1, 0}, {0, 1}, {1, 1}};
        double[] b = {1, 2, 3};
        assertArrayEquals(new double[] {1, 2}, Nnls.solve(a, b), 1e-9);
    }

    @Test
    void clampsAColumnThatLeastSquaresWouldGiveANegativeWeight() {
        // Least squares wants x = (2, -1); with x >= 0 the best is x1 alone.
        double[][] a = {{1, 1}, {1, 2}, {1, 3}};
        double[] b = {1, 0, -1};
        double[] x = Nnls.solve(a, b);
        assertEquals(0, x[1], 0);
        assertEquals(0, x[0], 1e-12); // and x1 alone fits best at 0, since the entries of b sum to 0
    }

    @Test
    void matchesBruteForceOverActiveSetsOnRandomProblems() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int k = 3 + random.nextInt(10);
            int p = 1 + random.nextInt(5);
            double[][] a = new double[k][p];
            double[] b = new double[k];
            for (int i = 0; i < k; i++) {
                b[i] = random.nextDouble(-1, 1);
                for (int j = 0; j < p; j++) {
                    a[i][j] = random.nextDouble(-1, 1);
                }
            }
            double[] x = Nnls.solve(a, b);
            for (double v : x) {
                assertTrue(v >= 0, "negative weight " + v);
            }
            assertEquals(bruteForce(a, b), loss(a, b, x), 1e-9, "trial " + trial);
        }
    }

    /** The least loss over all subsets whose unconstrained least squares is non-negative. */
    private static double bruteForce(double[][] a, double[] b) {
        int p = a[0].length;
        double best = loss(a, b, new double[p]);
        for (int mask = 1; mask < 1 << p; mask++) {
            int n = Integer.bitCount(mask);
            int[] idx = new int[n];
            for (int j = 0, c = 0; j < p; j++) {
                if ((mask & 1 << j) != 0) {
                    idx[c++] = j;
                }
            }
            double[][] m = new double[n][n];
            double[] v = new double[n];
            for (double[] row : a) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        m[i][j] += row[idx[i]] * row[idx[j]];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < a.length; r++) {
                    v[i] += a[r][idx[i]] * b[r];
                }
            }
            double[] s = Linear.solveSymmetric(m, v, 0);
            double[] x = new double[p];
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                ok &= s[i] >= 0;
                x[idx[i]] = s[i];
            }
            if (ok) {
                best = Math.min(best, loss(a, b, x));
            }
        }
        return best;
    }

    private static double loss(double[][] a, double[] b, double[] x) {
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            double r = b[i];
            for (int j = 0; j < x.length; j++) {
                r -= a[i][j] * x[j];
            }
            s += r * r;
        }
        return s;
    }
}
