package io.hwnas.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HwnasHomeTest {

    private final Path userHome = Path.of("/home/ada");

    @Test
    void usesHwnasHomeWhenSet() {
        HwnasHome home = HwnasHome.from(Map.of("HWNAS_HOME", "/data/hwnas"), userHome);
        assertEquals(Path.of("/data/hwnas"), home.dir());
        assertEquals(Path.of("/data/hwnas/hwnas.db"), home.database());
    }

    @Test
    void defaultsToDotHwnasInUserHome() {
        assertEquals(Path.of("/home/ada/.hwnas/hwnas.db"), HwnasHome.from(Map.of(), userHome).database());
    }

    @Test
    void blankVariableCountsAsUnset() {
        assertEquals(Path.of("/home/ada/.hwnas"), HwnasHome.from(Map.of("HWNAS_HOME", "  "), userHome).dir());
    }

    @Test
    void relativeHomeBecomesAbsolute() {
        HwnasHome home = HwnasHome.from(Map.of("HWNAS_HOME", "rel/../state"), userHome);
        assertEquals(Path.of("state").toAbsolutePath(), home.dir());
    }
}
