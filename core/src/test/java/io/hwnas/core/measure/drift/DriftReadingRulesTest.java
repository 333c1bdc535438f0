package io.hwnas.core.measure.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a drift reading refuses, and where its steadiness and shift rules change. */
class DriftReadingRulesTest {

    private static final String SHA = "d".repeat(64);
    private static final List<Double> FLAT = List.of(1.0, 1.0, 1.0, 1.0);

    /** A reading built field by field: reference runs, ratio, ratio shift, baseline, speed factor, corrected. */
    private static DriftReading reading(List<Double> refs, double ratio, double shift, double baseline,
            double factor, double corrected) {
        return new DriftReading("nb201-m", SHA, refs, ratio, shift, baseline, factor, corrected);
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void refusesAReadingWithoutReferenceRuns() {
        assertEquals("a drift reading needs reference samples",
                refused(() -> reading(List.of(), 1, 0, Double.NaN, Double.NaN, Double.NaN)));
    }

    @Test
    void refusesARatioThatIsNotAPositiveNumber() {
        assertEquals("ratio must be finite and > 0, but was 0.0",
                refused(() -> reading(FLAT, 0, 0, Double.NaN, Double.NaN, Double.NaN)));
        assertEquals("ratio must be finite and > 0, but was Infinity",
                refused(() -> reading(FLAT, Double.POSITIVE_INFINITY, 0, Double.NaN, Double.NaN, Double.NaN)));
    }

    @Test
    void refusesANegativeOrUnknownRatioShift() {
        assertEquals("ratioShift must be finite and >= 0, but was -0.1",
                refused(() -> reading(FLAT, 1, -0.1, Double.NaN, Double.NaN, Double.NaN)));
        assertEquals("ratioShift must be finite and >= 0, but was NaN",
                refused(() -> reading(FLAT, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
        assertEquals(0.0, reading(FLAT, 1, 0, Double.NaN, Double.NaN, Double.NaN).ratioShift());
    }

    @Test
    void aCalibratedReadingNeedsAPositiveBaselineFactorAndCorrectedMedian() {
        assertEquals("baselineMs must be finite and > 0, but was -1.0", refused(() -> reading(FLAT, 1, 0, -1, 1, 1)));
        assertEquals("speedFactor must be finite and > 0, but was 0.0", refused(() -> reading(FLAT, 1, 0, 1, 0, 1)));
        assertEquals("correctedMedianMs must be finite and > 0, but was NaN",
                refused(() -> reading(FLAT, 1, 0, 1, 1, Double.NaN)));
        assertTrue(reading(FLAT, 1, 0, 1, 1, 1).isCalibrated());
    }

    @Test
    void aReadingWithoutBaselineHasNeitherFactorNorCorrection() {
        String expected = "a reading without a baseline has no speed factor or corrected median";
        assertEquals(expected, refused(() -> reading(FLAT, 1, 0, Double.NaN, 1.0, Double.NaN)));
        assertEquals(expected, refused(() -> reading(FLAT, 1, 0, Double.NaN, Double.NaN, 2.0)));
    }

    @Test
    void calibratingRefusesABaselineThatIsNotAPositiveNumber() {
        DriftReading fresh = DriftReading.of("nb201-m", SHA, List.of(2.0, 2.0), List.of(1.0, 1.0));
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("baselineMs must be finite and > 0, but was " + bad, refused(() -> fresh.calibrated(bad)));
        }
    }

    @Test
    void noRunsIsRefusedAsAnEmptyPairing() {
        assertEquals("drift control pairs each candidate run with a reference run, but got 0 candidate and 0 "
                + "reference runs", refused(() -> DriftReading.of("nb201-m", SHA, List.of(), List.of())));
    }

    @Test
    void aReferenceRunOfNoTimeIsRefusedNamingTheRun() {
        assertEquals("run 1 has a non-positive time: candidate 2.0 ms, reference 0.0 ms",
                refused(() -> DriftReading.of("nb201-m", SHA, List.of(2.0, 2.0), List.of(1.0, 0.0))));
        assertEquals("run 0 has a non-positive time: candidate 2.0 ms, reference -1.0 ms",
                refused(() -> DriftReading.of("nb201-m", SHA, List.of(2.0), List.of(-1.0))));
    }

    @Test
    void theShiftNeedsFourPairsAndComparesTheHalves() {
        // three pairs: too few to split, whatever the ratios do
        assertEquals(0.0, DriftReading.shift(new double[] {1, 2, 3}));
        // four pairs: 1, 1 against 2, 2
        assertEquals(1.0, DriftReading.shift(new double[] {1, 1, 2, 2}), 1e-12);
        DriftReading d = DriftReading.of("nb201-m", SHA, List.of(1.0, 1.0, 2.0, 2.0), FLAT);
        assertEquals(1.0, d.ratioShift(), 1e-12);
        assertEquals(1.5, d.ratio(), 1e-12);
    }

    @Test
    void aShiftExactlyAtEitherLimitIsStillSteady() {
        assertTrue(reading(FLAT, 1, DriftReading.STEADY_SHIFT, Double.NaN, Double.NaN, Double.NaN).steady());
        assertFalse(reading(FLAT, 1, 0.1001, Double.NaN, Double.NaN, Double.NaN).steady());
        DriftReading halfSlower = reading(List.of(1.0, 1.0, 1.5, 1.5), 1, 0, Double.NaN, Double.NaN, Double.NaN);
        assertEquals(DriftReading.STEADY_REFERENCE_SHIFT, halfSlower.referenceShift(), 0);
        assertTrue(halfSlower.steady());
        assertFalse(reading(List.of(1.0, 1.0, 1.51, 1.51), 1, 0, Double.NaN, Double.NaN, Double.NaN).steady());
    }

    @Test
    void driftControlReadsAnyCaseAroundSpacesAndSaysItsWord() {
        assertEquals(DriftControl.ON, DriftControl.parse(" On "));
        assertEquals("on", DriftControl.ON.word());
        assertEquals("off", DriftControl.OFF.word());
        assertTrue(DriftControl.ON.on());
        assertFalse(DriftControl.OFF.on());
        assertEquals("--drift-control must be on or off, but was 'null'", refused(() -> DriftControl.parse(null)));
    }
}
