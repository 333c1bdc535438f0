package io.hwnas.core.search.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySourceTest {

    @Test
    void eachModeHasItsKeyAndIsParsedBack() {
        assertEquals(List.of("loop", "measured", "predicted"),
                List.of(LatencyMode.LOOP.key(), LatencyMode.MEASURED.key(), LatencyMode.PREDICTED.key()));
        for (LatencyMode m : LatencyMode.values()) {
            assertEquals(m, LatencyMode.parse(m.key()));
        }
    }

    @Test
    void anUnknownModeIsRefusedNamingItAndTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LatencyMode.parse("fast"));
        assertEquals("unknown latency mode 'fast'; known: loop, measured, predicted", e.getMessage());
    }

    @Test
    void aSavedPredictorGoesWithPredictedMode() {
        var d = new LatencySource.Device("phone", LatencyMode.PREDICTED, "phone.model");
        assertEquals("phone.model", d.predictorModel());
        assertEquals("phone", d.device());
    }

    @Test
    void predictedModeWithoutASavedPredictorIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LatencySource.Device("phone", LatencyMode.PREDICTED, null));
        assertEquals("device phone: a saved predictor goes with latency mode predicted, and only with it "
                + "(mode predicted, predictor null)", e.getMessage());
    }

    @Test
    void aSavedPredictorWithAnotherModeIsRefused() {
        for (LatencyMode m : List.of(LatencyMode.LOOP, LatencyMode.MEASURED)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new LatencySource.Device("phone", m, "phone.model"));
            assertEquals("device phone: a saved predictor goes with latency mode predicted, and only with it "
                    + "(mode " + m.key() + ", predictor phone.model)", e.getMessage());
            assertEquals("phone", new LatencySource.Device("phone", m, null).device());
        }
    }

    @Test
    void aTablesDeviceIsItsColumn() {
        assertEquals("1080ti_1_ms", new LatencySource.Table("help.csv.gz", "1080ti_1_ms", "arch_str").device());
    }

    @Test
    void aSourceNeedsItsNames() {
        assertThrows(NullPointerException.class, () -> new LatencySource.Device(null, LatencyMode.LOOP, null));
        assertThrows(NullPointerException.class, () -> new LatencySource.Device("cpu-1t", null, null));
        assertThrows(NullPointerException.class, () -> new LatencySource.Table("t.csv", null, "arch"));
    }
}
