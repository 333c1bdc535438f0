package io.hwnas.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edges of {@link LatencyStats}: what the record refuses field by field, and samples at zero or far from it. */
class LatencyStatsBoundsTest {

    /** A valid record: runs, median, mean, p90, p99, min, max, std, cv, rseMedian. */
    private static LatencyStats stats(double... v) {
        return new LatencyStats((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    private static final double[] VALID = {10, 5, 5.2, 6, 7, 4, 8, 0.5, 0.1, 0.02};

    private static final List<String> FIELDS =
            List.of("medianMs", "meanMs", "p90Ms", "p99Ms", "minMs", "maxMs", "stdMs", "cv", "rseMedian");

    @Test
    void aValidRecordIsAccepted() {
        LatencyStats s = stats(VALID);
        assertEquals(10, s.runs());
        assertEquals(0.02, s.rseMedian());
    }

    @Test
    void refusesFewerThanOneRun() {
        double[] v = VALID.clone();
        v[0] = 0;
        var e = assertThrows(IllegalArgumentException.class, () -> stats(v));
        assertEquals("runs must be >= 1, but was 0", e.getMessage());
    }

    @Test
    void refusesEveryNegativeOrInfiniteFigureNamingIt() {
        for (int i = 0; i < FIELDS.size(); i++) {
            for (double bad : new double[] {-1, Double.POSITIVE_INFINITY}) {
                double[] v = VALID.clone();
                v[i + 1] = bad;
                var e = assertThrows(IllegalArgumentException.class, () -> stats(v), FIELDS.get(i) + " " + bad);
                assertEquals(FIELDS.get(i) + " must be finite and >= 0, but was " + bad, e.getMessage());
            }
        }
    }

    @Test
    void anUnknownErrorOfTheMedianIsNaNAndNotAnError() {
        double[] v = VALID.clone();
        v[9] = Double.NaN;
        LatencyStats s = stats(v);
        assertTrue(Double.isNaN(s.rseMedian()));
        assertFalse(s.medianWithin(1.0), "an unknown error meets no target");
    }

    @Test
    void refusesEachPercentileOutOfOrder() {
        // min > median, median > p90, p90 > p99, p99 > max, one at a time
        double[][] bad = {
            {10, 5, 5.2, 6, 7, 5.5, 8, 0.5, 0.1, 0.02},
            {10, 6.5, 5.2, 6, 7, 4, 8, 0.5, 0.1, 0.02},
            {10, 5, 5.2, 7.5, 7, 4, 8, 0.5, 0.1, 0.02},
            {10, 5, 5.2, 6, 9, 4, 8, 0.5, 0.1, 0.02},
        };
        for (double[] v : bad) {
            var e = assertThrows(IllegalArgumentException.class, () -> stats(v), Arrays.toString(v));
            assertTrue(e.getMessage().startsWith("percentiles must satisfy min <= median <= p90 <= p99 <= max"),
                    e.getMessage());
        }
    }

    @Test
    void aTargetEqualToTheErrorIsMet() {
        LatencyStats s = stats(VALID);
        assertTrue(s.medianWithin(0.02));
        assertFalse(s.medianWithin(0.0199));
    }

    @Test
    void aListOfSamplesGivesWhatTheArrayGives() {
        double[] a = {7, 3, 10, 1, 5, 2, 9, 4, 8, 6};
        LatencyStats fromList = LatencyStats.of(Arrays.stream(a).boxed().toList());
        assertEquals(LatencyStats.of(a), fromList);
        assertEquals(10, fromList.runs());
    }

    @Test
    void zeroLatenciesAreValidWithNoSpreadAndAKnownError() {
        double[] zeros = new double[12];
        LatencyStats s = LatencyStats.of(zeros);
        assertEquals(0.0, s.medianMs());
        assertEquals(0.0, s.cv(), "no relative spread when the mean is 0");
        assertEquals(0.0, s.rseMedian(), "identical samples pin the median exactly");
        assertTrue(s.medianWithin(0.001));
        assertEquals(0.0, LatencyStats.of(new double[] {0, 0.5}).minMs());
    }

    /** Ten runs of 10 s that differ by microseconds: the spread must not drown in the size of the numbers. */
    @Test
    void theStandardDeviationHoldsForLongRunsThatDifferLittle() {
        double[] x = new double[10];
        for (int k = 0; k < x.length; k++) {
            x[k] = 10_000 + (k + 1) * 1e-3;
        }
        double expected = Math.sqrt(82.5 / 9) * 1e-3; // the spread of 1..10, scaled
        LatencyStats s = LatencyStats.of(x);
        assertEquals(expected, s.stdMs(), expected * 1e-6);
        assertEquals(10_000.0055, s.meanMs(), 1e-9);
    }
}
