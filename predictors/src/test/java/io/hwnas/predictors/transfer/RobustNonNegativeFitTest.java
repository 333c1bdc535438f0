package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RobustNonNegativeFitTest {

    @Test
    void recoversAnExactNonNegativeMixture() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[10][3];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextDouble(1, 20);
            }
            y[i] = 1.5 + 2 * x[i][0] + 0.25 * x[i][2];
        }
        RobustNonNegativeFit fit = RobustNonNegativeFit.fit(x, y);
        assertArrayEquals(new double[] {2, 0, 0.25}, fit.weights(), 1e-3);
        assertEquals(1.5, fit.intercept(), 1e-2);
    }

    @Test
    void aSpikeAmongTenSamplesGetsWeightZeroAndDoesNotMoveTheFit() {
        // Two candidate references; the target follows the first, with noise, and one row is measured at double.
        SplittableRandom random = new SplittableRandom(11);
        double[][] x = new double[10][2];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i][0] = random.nextDouble(5, 25);
            x[i][1] = random.nextDouble(3, 12);
            y[i] = 1.2 * x[i][0] - 1 + random.nextDouble(-0.3, 0.3);
        }
        y[7] *= 2;
        RobustNonNegativeFit fit = RobustNonNegativeFit.fit(x, y);
        assertEquals(0, fit.rowWeights()[7], 0, "the spike should be rejected");
        assertEquals(1.2, fit.weights()[0], 0.05);
        assertEquals(0, fit.weights()[1], 0.05);
        for (int i = 0; i < 10; i++) {
            if (i != 7) {
                assertTrue(fit.rowWeights()[i] > 0.5, "row " + i + " weight " + fit.rowWeights()[i]);
            }
        }
    }

    @Test
    void weightsAreNeverNegative() {
        double[][] x = {{1, 9}, {2, 7}, {3, 5}, {4, 3}, {5, 1}};
        double[] y = {1, 2, 3, 4, 5};
        RobustNonNegativeFit fit = RobustNonNegativeFit.fit(x, y);
        assertEquals(1, fit.weights()[0], 1e-6);
        assertEquals(0, fit.weights()[1], 0);
    }

    @Test
    void rejectsFewerThanTwoRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RobustNonNegativeFit.fit(new double[][] {{1}}, new double[] {1}));
        assertTrue(e.getMessage().contains("need >= 2 rows"), e.getMessage());
    }
}
