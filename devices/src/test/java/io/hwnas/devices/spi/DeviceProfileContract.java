package io.hwnas.devices.spi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link DeviceProfile} promises; a test per implementation extends this. Published in the test-jar of
 * {@code hwnas-devices} ({@code <type>test-jar</type><scope>test</scope>}), so that a device plugin outside hwnas
 * runs it too.
 *
 * <pre>{@code
 * class PiProfileTest extends DeviceProfileContract {
 *     protected DeviceProfile profile() { return new PiProfile("pi5", 4); }
 * }
 * }</pre>
 */
public abstract class DeviceProfileContract {

    protected abstract DeviceProfile profile();

    @Test
    void idIsValid() {
        assertTrue(DeviceProfile.ID.matcher(profile().id()).matches(), profile().id());
    }

    @Test
    void describesItself() {
        assertFalse(profile().name().isBlank());
        assertNotNull(profile().kind());
        assertNotNull(profile().settings());
    }

    @Test
    void answersAvailabilityWithoutThrowing() {
        Availability a = profile().availability();
        assertEquals(a.available(), a.reason().isEmpty());
    }

    @Test
    void threadVariantChangesSettingsAndId() {
        DeviceProfile p = profile();
        int other = p.settings().intraOpThreads() + 3;
        DeviceProfile v = p.withIntraOpThreads(other);
        assertEquals(other, v.settings().intraOpThreads());
        assertEquals(p.settings().withIntraOpThreads(other), v.settings());
        assertEquals(DeviceProfile.threadVariantId(p.id(), other), v.id());
        assertEquals(p.kind(), v.kind());
    }

    @Test
    void sameThreadCountIsTheSameProfile() {
        DeviceProfile p = profile();
        assertSame(p, p.withIntraOpThreads(p.settings().intraOpThreads()));
    }

    @Test
    void rejectsZeroThreads() {
        var e = assertThrows(IllegalArgumentException.class, () -> profile().withIntraOpThreads(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }
}
