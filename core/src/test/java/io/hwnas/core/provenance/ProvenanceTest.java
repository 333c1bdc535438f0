package io.hwnas.core.provenance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProvenanceTest {

    @Test
    void describesThisProcess() {
        Provenance p = Provenance.current();
        assertEquals(System.getProperty("java.version"), p.javaVersion());
        assertEquals(System.getProperty("os.name"), p.osName());
        assertEquals(System.getProperty("os.arch"), p.osArch());
        assertFalse(p.host().isBlank());
        assertFalse(p.toolVersion().isBlank());
    }

    @Test
    void rejectsBlankHost() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Provenance("1", "17", "Linux", "amd64", ""));
        assertEquals("host must not be blank, but was ''", e.getMessage());
    }
}
