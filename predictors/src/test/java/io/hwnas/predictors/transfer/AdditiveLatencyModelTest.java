package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdditiveLatencyModelTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final List<Architecture> ALL = NB201.enumerate().toList();

    @Test
    void recoversPerEdgeOperationCostsOfAnAdditiveDevice() {
        double[] y = new double[ALL.size()];
        for (int i = 0; i < y.length; i++) {
            Architecture a = ALL.get(i);
            y[i] = 4 + Synthetic.cost(a, Synthetic.B) + 0.1 * a.gene(5); // edge 5 a little dearer per op index
        }
        AdditiveLatencyModel m = AdditiveLatencyModel.fit(NB201, ALL, y);
        for (int i = 0; i < y.length; i += 97) {
            assertEquals(y[i], m.predict(ALL.get(i)), 1e-6);
        }
        // Choice 0 (none) is the baseline: costs are relative to it.
        assertEquals(Synthetic.B[3] - Synthetic.B[0], m.cost(0, 3), 1e-6);
        assertEquals(Synthetic.B[3] - Synthetic.B[0] + 0.3, m.cost(5, 3), 1e-6);
    }

    @Test
    void skipsRowsWithoutALatency() {
        double[] y = new double[ALL.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2 == 0 ? Double.NaN : 2 + Synthetic.cost(ALL.get(i), Synthetic.A);
        }
        AdditiveLatencyModel m = AdditiveLatencyModel.fit(NB201, ALL, y);
        assertEquals(2 + Synthetic.cost(ALL.get(0), Synthetic.A), m.predict(ALL.get(0)), 1e-6);
    }

    @Test
    void combiningModelsIsTheWeightedSumOfTheirPredictions() {
        double[] ya = new double[ALL.size()];
        double[] yb = new double[ALL.size()];
        for (int i = 0; i < ya.length; i++) {
            ya[i] = 3 + Synthetic.cost(ALL.get(i), Synthetic.A);
            yb[i] = 2 + Synthetic.cost(ALL.get(i), Synthetic.B);
        }
        AdditiveLatencyModel a = AdditiveLatencyModel.fit(NB201, ALL, ya);
        AdditiveLatencyModel b = AdditiveLatencyModel.fit(NB201, ALL, yb);
        AdditiveLatencyModel mix = AdditiveLatencyModel.combine(-1, new double[] {2, 0.5}, List.of(a, b));
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 20; t++) {
            Architecture x = NB201.sample(random);
            assertEquals(-1 + 2 * a.predict(x) + 0.5 * b.predict(x), mix.predict(x), 1e-9);
        }
    }

    @Test
    void refusesAnArchitectureOfAnotherSpace() {
        double[] y = new double[ALL.size()];
        java.util.Arrays.fill(y, 1);
        AdditiveLatencyModel m = AdditiveLatencyModel.fit(NB201, ALL, y);
        Architecture other = SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(other));
        assertTrue(e.getMessage().contains("not of space 'nb201'"), e.getMessage());
    }

    @Test
    void refusesFewerThanTwoLatencies() {
        double[] y = new double[ALL.size()];
        java.util.Arrays.fill(y, Double.NaN);
        y[3] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdditiveLatencyModel.fit(NB201, ALL, y));
        assertTrue(e.getMessage().contains("but got 1"), e.getMessage());
    }
}
