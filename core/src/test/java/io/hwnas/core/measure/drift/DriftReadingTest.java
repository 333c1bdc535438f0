package io.hwnas.core.measure.drift;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.TestMeasurements;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftReadingTest {

    private static final String SHA = "d".repeat(64);

    @Test
    void aSlowdownThatHitsBothModelsAlikeCancelsOutOfTheCorrectedMedian() {
        // the candidate takes 2 ms and the reference 1 ms at baseline; halfway the machine slows 1.5x
        List<Double> c = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double slow = i < 20 ? 1.0 : 1.5;
            c.add(2.0 * slow);
            r.add(1.0 * slow);
        }
        DriftReading d = DriftReading.of("nb201-m", SHA, c, r).calibrated(1.0);
        assertEquals(2.0, d.correctedMedianMs(), 1e-12);
        assertEquals(1.25, d.speedFactor(), 1e-12); // median of twenty 1.0 and twenty 1.5
        assertEquals(0.0, d.ratioShift(), 1e-12);
        assertTrue(d.steady());
    }

    @Test
    void aRatioThatMovesBetweenTheHalvesIsNotSteady() {
        List<Double> c = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c.add(i < 10 ? 2.0 : 2.5); // the candidate slowed, the reference did not
            r.add(1.0);
        }
        DriftReading d = DriftReading.of("nb201-m", SHA, c, r);
        assertEquals(0.25, d.ratioShift(), 1e-12);
        assertFalse(d.steady());
    }

    @Test
    void aMachineThatChangesSpeedByHalfWithinAMeasurementIsNotSteadyEvenIfTheRatioHeld() {
        List<Double> c = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double slow = i < 10 ? 1.0 : 1.6; // a throttle halfway: both slow alike, the ratio holds
            c.add(2.0 * slow);
            r.add(1.0 * slow);
        }
        DriftReading d = DriftReading.of("nb201-m", SHA, c, r);
        assertEquals(0.0, d.ratioShift(), 1e-12);
        assertEquals(0.6, d.referenceShift(), 1e-12);
        assertFalse(d.steady());
        assertEquals("the ratio to the reference moved 0 %, the reference 60 %", d.shifts());
        List<Double> milder = new ArrayList<>(r.subList(0, 10));
        milder.addAll(java.util.Collections.nCopies(10, 1.4));
        List<Double> cm = milder.stream().map(x -> 2 * x).toList();
        assertTrue(DriftReading.of("nb201-m", SHA, cm, milder).steady(), "1.4x within a measurement is corrected");
    }

    @Test
    void aFreshReadingHasNoCorrectionUntilCalibrated() {
        DriftReading d = DriftReading.of("nb201-m", SHA, List.of(2.0, 2.2, 2.1), List.of(1.0, 1.1, 1.0));
        assertFalse(d.isCalibrated());
        assertTrue(Double.isNaN(d.correctedMedianMs()));
        DriftReading c = d.calibrated(0.5);
        assertEquals(2.0 * 0.5, c.correctedMedianMs(), 1e-12);
        assertEquals(1.0 / 0.5, c.speedFactor(), 1e-12);
    }

    @Test
    void pairsMustMatchOneToOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DriftReading.of("nb201-m", SHA, List.of(1.0, 2.0), List.of(1.0)));
        assertEquals("drift control pairs each candidate run with a reference run, but got 2 candidate and 1 "
                + "reference runs", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DriftReading.of("nb201-m", SHA, List.of(1.0, 0.0), List.of(1.0, 1.0)));
    }

    @Test
    void aMeasurementAnswersItsCorrectedLatencyOnlyWithDriftControlOn() {
        Measurement m = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, true);
        double corrected = m.driftReading().orElseThrow().correctedMedianMs();
        assertEquals(corrected, m.latencyMs(DriftControl.ON));
        assertEquals(m.stats().medianMs(), m.latencyMs(DriftControl.OFF));
        assertEquals(0.7 / 0.14, corrected, 1e-9); // c_i / r_i is 1/0.14 in every pair
        Measurement raw = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1);
        assertEquals(raw.stats().medianMs(), raw.latencyMs(DriftControl.ON));
        assertTrue(raw.speedFactor().isEmpty());
    }

    @Test
    void aMeasurementRefusesAReadingOfAnotherLength() {
        Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1);
        DriftReading d = DriftReading.of("nb201-m", SHA, List.of(1.0, 2.0), List.of(1.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> m.toBuilder().drift(d).build());
    }

    @Test
    void driftControlTakesOnOrOffAndNamesTheFlagOtherwise() {
        assertEquals(DriftControl.ON, DriftControl.parse("on"));
        assertEquals(DriftControl.OFF, DriftControl.parse("OFF"));
        var e = assertThrows(IllegalArgumentException.class, () -> DriftControl.parse("sometimes"));
        assertEquals("--drift-control must be on or off, but was 'sometimes'", e.getMessage());
    }
}
