package io.hwnas.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.drift.DriftReading;
import org.junit.jupiter.api.Test;

/** A measurement's fields at their edges, and the drift figures it answers only with a calibrated reading. */
class MeasurementFieldsTest {

    private final Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1);

    @Test
    void refusesABlankDeviceArchitectureOrRuntimeVersionNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().deviceId("").build());
        assertEquals("deviceId must not be blank, but was ''", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().architecture("  ").build());
        assertEquals("architecture must be null or non-blank, but was '  '", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.toBuilder().ortVersion(" ").build());
        assertEquals("ortVersion must not be blank, but was ' '", e.getMessage());
    }

    @Test
    void aSessionCreatedInNoTimeIsValidAnInfiniteOneIsNot() {
        assertEquals(0.0, m.toBuilder().sessionCreateMs(0).build().sessionCreateMs());
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.toBuilder().sessionCreateMs(Double.POSITIVE_INFINITY).build());
        assertEquals("sessionCreateMs must be finite and >= 0, but was Infinity", e.getMessage());
    }

    @Test
    void aLabelledMeasurementAnswersItsArchitecture() {
        assertEquals(m.architecture(), m.architectureString().orElseThrow());
        assertTrue(m.architecture().startsWith("|nor_conv_3x3~0|"));
    }

    @Test
    void aCalibratedReadingGivesTheCorrectedMedianAndTheSpeedFactor() {
        Measurement c = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, true);
        DriftReading d = c.driftReading().orElseThrow();
        assertEquals(d.correctedMedianMs(), c.correctedMedianMs().orElseThrow());
        assertEquals(0.7 / 0.14, c.correctedMedianMs().orElseThrow(), 1e-9);
        assertEquals(d.referenceMedianMs() / 0.7, c.speedFactor().orElseThrow(), 1e-12);
    }

    @Test
    void anUncalibratedReadingOrNoneGivesNoCorrection() {
        Measurement fresh = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, false);
        assertTrue(fresh.driftReading().isPresent());
        assertTrue(fresh.correctedMedianMs().isEmpty());
        assertTrue(fresh.speedFactor().isEmpty());
        assertTrue(m.correctedMedianMs().isEmpty());
        assertTrue(m.speedFactor().isEmpty());
        assertTrue(m.driftReading().isEmpty());
    }
}
