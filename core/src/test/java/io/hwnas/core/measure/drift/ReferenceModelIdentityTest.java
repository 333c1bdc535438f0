package io.hwnas.core.measure.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.measure.Sha256;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A rung is known by its name and digest; the nearest rung to a candidate, ties included. */
class ReferenceModelIdentityTest {

    /** A rung of made-up bytes: identity needs no exported model. */
    private static ReferenceModel rung(String name, String bytes) {
        byte[] b = bytes.getBytes(StandardCharsets.US_ASCII);
        return new ReferenceModel(name, "|" + bytes + "|", b, Sha256.of(b));
    }

    @Test
    void rungsAreEqualOnlyToThemselves() {
        ReferenceModel s = rung("nb201-s", "small");
        ReferenceModel m = rung("nb201-m", "middle");
        assertNotEquals(s, m);
        assertNotEquals(s, "nb201-s");
        ReferenceModel renamed = new ReferenceModel("other", s.architecture(), s.bytes(), s.sha256());
        assertNotEquals(s, renamed, "the same bytes under another name are another rung");
        assertNotEquals(s, rung("nb201-s", "rebuilt"), "other bytes under the same name are another rung");
        ReferenceModel copy = new ReferenceModel(s.name(), s.architecture(), new byte[0], s.sha256());
        assertEquals(s, copy, "name and digest identify a rung");
        assertEquals(s.hashCode(), copy.hashCode());
        assertNotEquals(s.hashCode(), m.hashCode());
    }

    @Test
    void aRungReadsAsItsNameCellAndShortDigest() {
        ReferenceModel s = rung("nb201-s", "abc");
        // SHA-256 of "abc" begins ba7816bf8f01
        assertEquals("nb201-s (|abc|, sha256 ba7816bf8f01)", s.toString());
    }

    @Test
    void aTieGoesToTheLighterRung() {
        // 2 ms is 2x above the 1 ms rung and 2x below the 4 ms one
        assertEquals(0, ReferenceModel.nearest(2.0, new double[] {1.0, 4.0}));
        assertEquals(1, ReferenceModel.nearest(2.0001, new double[] {1.0, 4.0}));
    }

    @Test
    void noRungsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ReferenceModel.nearest(1.0, new double[0]));
        assertEquals("no reference latencies", e.getMessage());
    }
}
