package io.hwnas.devices.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AvailabilityTest {

    @Test
    void unavailableKeepsItsReason() {
        Availability a = Availability.unavailable("CUDA execution provider not in this ONNX Runtime build");
        assertFalse(a.available());
        assertEquals("CUDA execution provider not in this ONNX Runtime build", a.reason());
    }

    @Test
    void rejectsUnavailableWithoutReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> Availability.unavailable(" "));
        assertEquals("reason must be given when unavailable, but was ' '", e.getMessage());
    }

    @Test
    void variantIdReplacesAThreadSuffix() {
        assertEquals("cpu-1t", DeviceProfile.threadVariantId("cpu", 1));
        assertEquals("cpu-4t", DeviceProfile.threadVariantId("cpu-1t", 4));
        assertEquals("cuda:0-2t", DeviceProfile.threadVariantId("cuda:0", 2));
    }
}
