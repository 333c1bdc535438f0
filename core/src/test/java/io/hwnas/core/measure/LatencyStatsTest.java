package io.hwnas.core.measure;

import io.hwnas.core.stats.Stats;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyStatsTest {

    private static final double EPS = 1e-12;

    @Test
    void summarisesOneToTen() {
        LatencyStats s = LatencyStats.of(new double[] {7, 3, 10, 1, 5, 2, 9, 4, 8, 6});

        assertEquals(10, s.runs());
        assertEquals(5.5, s.medianMs(), EPS);
        assertEquals(5.5, s.meanMs(), EPS);
        assertEquals(9.1, s.p90Ms(), EPS);
        assertEquals(9.91, s.p99Ms(), EPS);
        assertEquals(1.0, s.minMs(), EPS);
        assertEquals(10.0, s.maxMs(), EPS);
        assertEquals(Math.sqrt(55.0 / 6.0), s.stdMs(), EPS);
        assertEquals(Math.sqrt(55.0 / 6.0) / 5.5, s.cv(), EPS);
        // n = 10: ranks j = 1 and k = 10 bound the median; (10 - 1) / (2 * 1.96 * 5.5)
        assertEquals(9.0 / (2 * 1.959963984540054 * 5.5), s.rseMedian(), EPS);
    }

    @Test
    void medianOfOddCountIsTheMiddleSample() {
        LatencyStats s = LatencyStats.of(new double[] {4, 1, 100});
        assertEquals(4.0, s.medianMs(), EPS);
        assertEquals(35.0, s.meanMs(), EPS);
    }

    @Test
    void doesNotChangeItsArgument() {
        double[] samples = {3, 1, 2};
        LatencyStats.of(samples);
        assertEquals("[3.0, 1.0, 2.0]", Arrays.toString(samples));
    }

    @Test
    void oneSampleHasNoSpreadAndUnknownError() {
        LatencyStats s = LatencyStats.of(new double[] {2.5});
        assertEquals(2.5, s.medianMs(), EPS);
        assertEquals(2.5, s.p99Ms(), EPS);
        assertEquals(0.0, s.stdMs(), EPS);
        assertEquals(0.0, s.cv(), EPS);
        assertTrue(Double.isNaN(s.rseMedian()));
        assertTrue(!s.medianWithin(0.5));
    }

    @Test
    void errorOfMedianNeedsEightSamples() {
        assertTrue(Double.isNaN(LatencyStats.of(new double[] {1, 2, 3, 4, 5, 6, 7}).rseMedian()));
        assertTrue(Double.isFinite(LatencyStats.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}).rseMedian()));
        assertEquals(LatencyStats.MIN_RUNS_FOR_RSE, 8);
    }

    @Test
    void identicalSamplesHaveZeroError() {
        double[] same = new double[50];
        Arrays.fill(same, 4.0);
        LatencyStats s = LatencyStats.of(same);
        assertEquals(0.0, s.rseMedian(), EPS);
        assertEquals(0.0, s.cv(), EPS);
        assertTrue(s.medianWithin(0.01));
    }

    @Test
    void errorOfMedianAgreesWithBootstrapOnSkewedData() {
        SplittableRandom random = new SplittableRandom(42);
        double[] x = logNormal(random, 400);
        double rse = LatencyStats.of(x).rseMedian();

        // bootstrap standard error of the median, 2000 resamples
        double[] medians = new double[2000];
        double[] resample = new double[x.length];
        for (int b = 0; b < medians.length; b++) {
            for (int i = 0; i < x.length; i++) {
                resample[i] = x[random.nextInt(x.length)];
            }
            Arrays.sort(resample);
            medians[b] = Stats.percentileOfSorted(resample, 0.5);
        }
        double bootRse = LatencyStats.of(medians).stdMs() / LatencyStats.of(x).medianMs();
        assertTrue(rse > 0.7 * bootRse && rse < 1.4 * bootRse, "order-statistic " + rse + " vs bootstrap " + bootRse);
    }

    @Test
    void errorOfMedianShrinksWithMoreSamples() {
        SplittableRandom random = new SplittableRandom(7);
        double small = LatencyStats.of(logNormal(random, 50)).rseMedian();
        double large = LatencyStats.of(logNormal(random, 2000)).rseMedian();
        assertTrue(large < small / 3, small + " then " + large);
    }

    @Test
    void percentilesAreOrderedOnRandomData() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n = 1; n < 60; n++) {
            LatencyStats s = LatencyStats.of(logNormal(random, n));
            assertTrue(s.minMs() <= s.medianMs() && s.medianMs() <= s.p90Ms() && s.p90Ms() <= s.p99Ms()
                    && s.p99Ms() <= s.maxMs(), s.toString());
        }
    }

    @Test
    void rejectsEmptySamples() {
        var e = assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new double[0]));
        assertTrue(e.getMessage().contains("samplesMs"), e.getMessage());
    }

    @Test
    void rejectsNegativeOrNanSampleNamingItsIndex() {
        var e = assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new double[] {1, -2}));
        assertEquals("samplesMs[1] must be finite and >= 0, but was -2.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(new double[] {Double.NaN}));
        assertTrue(e.getMessage().startsWith("samplesMs[0]"), e.getMessage());
    }

    @Test
    void rejectsUnorderedPercentiles() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LatencyStats(3, 5, 5, 4, 6, 1, 9, 1, 0.2, Double.NaN));
        assertTrue(e.getMessage().contains("min <= median <= p90"), e.getMessage());
    }

    private static double[] logNormal(SplittableRandom random, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            x[i] = 10.0 * Math.exp(0.3 * g);
        }
        return x;
    }
}
