package io.hwnas.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.LatencyStats;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(5.1, Stats.median(5.3, 5.1, 7.9, 5.0, 5.1));
        assertEquals(4.0, Stats.median(4.0));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValuesNotTheUpperOne() {
        assertEquals(5.2, Stats.median(5.1, 5.0, 5.3, 7.9), 1e-15);
        assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 3.0, 2.0)));
    }

    @Test
    void leavesItsArgumentAsItWas() {
        double[] x = {3, 1, 2};
        Stats.median(x);
        Stats.percentile(x, 0.9);
        assertArrayEquals(new double[] {3, 1, 2}, x);
    }

    @Test
    void percentileInterpolatesBetweenOrderStatisticsAsNumpyDoes() {
        double[] x = {5, 1, 4, 2, 3};
        assertEquals(1.0, Stats.percentile(x, 0));
        assertEquals(5.0, Stats.percentile(x, 1));
        assertEquals(4.6, Stats.percentile(x, 0.9), 1e-12);   // numpy.percentile([1..5], 90)
        assertEquals(1.4, Stats.percentile(x, 0.1), 1e-12);
    }

    @Test
    void percentileOfTheMiddleAgreesWithTheMedianAndLatencyStats() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n = 1; n < 40; n++) {
            double[] x = r.doubles(n, 0.1, 10).toArray();
            assertEquals(Stats.median(x), Stats.percentile(x, 0.5), 1e-12, "n = " + n);
            LatencyStats s = LatencyStats.of(x);
            assertEquals(s.medianMs(), Stats.percentile(x, 0.5), "n = " + n);
            assertEquals(s.p90Ms(), Stats.percentile(x, 0.9), "n = " + n);
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            assertEquals(s.p99Ms(), Stats.percentileOfSorted(sorted, 0.99), "n = " + n);
            assertTrue(s.p99Ms() <= sorted[n - 1]);
        }
    }

    @Test
    void refusesNoValuesAndAQuantileOutsideZeroToOne() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Stats.median());
        assertTrue(none.getMessage().contains("none"), none.getMessage());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class,
                () -> Stats.percentile(new double[] {1, 2}, 1.5));
        assertEquals("percentile q must be in [0, 1], but was 1.5", q.getMessage());
    }
}
