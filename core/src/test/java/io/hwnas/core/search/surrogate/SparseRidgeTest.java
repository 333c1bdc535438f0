package io.hwnas.core.search.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.junit.jupiter.api.Test;

class SparseRidgeTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final GenomeEncoding E = GenomeEncoding.of(NB201.dimensions());

    /** Fits {@code f} on 600 sampled cells and returns the largest error on 200 others. */
    private static double heldOutError(ToDoubleFunction<Architecture> f, double lambda) {
        SplittableRandom r = new SplittableRandom(11);
        SparseRidge ridge = new SparseRidge(E.features(), lambda);
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Architecture a = NB201.sample(r);
            ridge.add(E.active(a));
            y.add(f.applyAsDouble(a));
        }
        double[] w = ridge.fit(new double[][] {y.stream().mapToDouble(Double::doubleValue).toArray()})[0];
        double worst = 0;
        for (int i = 0; i < 200; i++) {
            Architecture a = NB201.sample(r);
            worst = Math.max(worst, Math.abs(SparseRidge.predict(w, E.active(a)) - f.applyAsDouble(a)));
        }
        return worst;
    }

    @Test
    void anAdditiveFunctionOfTheChoicesIsLearnedExactly() {
        double err = heldOutError(a -> 3 + 0.5 * a.gene(0) - 2.0 * (a.gene(4) == 3 ? 1 : 0) + a.gene(5) * a.gene(5),
                1e-6);
        assertEquals(0, err, 1e-3);
    }

    @Test
    void aPairOfChoicesThatMattersOnlyTogetherIsLearned() {
        // An operation that counts only when the edge before it passes data: what pairs are for.
        double err = heldOutError(a -> a.gene(0) == 3 && a.gene(5) == 3 ? 10 : 0, 1e-6);
        assertEquals(0, err, 1e-3);
    }

    @Test
    void theWeightsSolveTheRidgeNormalEquationsAsCommonsMathDoes() {
        SplittableRandom r = new SplittableRandom(2);
        int n = 120;
        SparseRidge ridge = new SparseRidge(E.features(), 0.7);
        double[][] x = new double[n][E.features()];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int[] active = E.active(NB201.sample(r));
            ridge.add(active);
            for (int k : active) {
                x[i][k] = 1;
            }
            y[i] = r.nextDouble() * 10;
        }
        double[] w = ridge.fit(new double[][] {y})[0];
        int p = E.features();
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                b[j] += x[i][j] * y[i];
                for (int k = 0; k < p; k++) {
                    a[j][k] += x[i][j] * x[i][k];
                }
            }
        }
        for (int j = 0; j < p; j++) {
            a[j][j] += j == 0 ? 1e-9 : 0.7;
        }
        double[] expected = new CholeskyDecomposition(new Array2DRowRealMatrix(a)).getSolver()
                .solve(new ArrayRealVector(b)).toArray();
        for (int j = 0; j < p; j++) {
            assertEquals(expected[j], w[j], 1e-6, "weight " + j);
        }
    }

    @Test
    void badInputIsRefusedNamingIt() {
        assertThrows(IllegalArgumentException.class, () -> new SparseRidge(10, 0));
        SparseRidge ridge = new SparseRidge(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ridge.add(new int[] {0, 10}));
        assertEquals("feature 10 is outside [0, 10)", e.getMessage());
        ridge.add(new int[] {0, 3});
        e = assertThrows(IllegalArgumentException.class, () -> ridge.fit(new double[][] {{1, 2}}));
        assertEquals("target 0 has 2 values for 1 rows", e.getMessage());
    }
}
