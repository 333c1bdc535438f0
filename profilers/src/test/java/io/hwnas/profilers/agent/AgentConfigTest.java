package io.hwnas.profilers.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.devices.local.LocalCpuProfile;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    static AgentConfig.Builder builder() {
        return AgentConfig.builder("tok3n", LocalCpuProfile.oneThread(), Path.of("work"));
    }

    @Test
    void defaultsToLoopbackAnyPortAnd256MiB() {
        AgentConfig c = builder().build();
        assertTrue(c.bind().isLoopbackAddress());
        assertEquals(0, c.port());
        assertEquals(256L << 20, c.maxUploadBytes());
        assertTrue(c.workDir().isAbsolute());
    }

    @Test
    void refusesANonLoopbackBindUnlessAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder().bind("0.0.0.0").build());
        assertTrue(e.getMessage().startsWith("bind must be a loopback address"), e.getMessage());
        assertFalse(builder().bind("0.0.0.0").allowRemote(true).build().bind().isLoopbackAddress());
    }

    @Test
    void toStringHidesTheToken() {
        assertFalse(builder().build().toString().contains("tok3n"));
    }

    @Test
    void rejectsBadLimitsNamingTheField() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().maxUploadBytes(0).build())
                .getMessage().startsWith("maxUploadBytes"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> builder().requestReadTimeout(Duration.ZERO).build()).getMessage()
                .startsWith("requestReadTimeout must be > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> builder().headerTimeout(Duration.ofSeconds(-1)).build()).getMessage()
                .startsWith("headerTimeout must be > 0"));
        assertEquals("maxConnections must be > maxQueue + 1 = 5 (room for a request beside a full queue), but was 5",
                assertThrows(IllegalArgumentException.class, () -> builder().maxConnections(5).build()).getMessage());
        assertEquals("maxConnectionsPerClient must be in 1..256, but was 0", assertThrows(
                IllegalArgumentException.class, () -> builder().maxConnectionsPerClient(0).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().port(70000).build())
                .getMessage().startsWith("port"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.builder(" ", LocalCpuProfile.oneThread(), Path.of("w")).build()).getMessage()
                .startsWith("token"));
    }
}
