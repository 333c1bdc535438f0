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
                () -> builder().requestReadTimeout(Duration.ofMillis(1500)).build()).getMessage()
                .startsWith("requestReadTimeout must be whole seconds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> builder().port(70000).build())
                .getMessage().startsWith("port"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AgentConfig.builder(" ", LocalCpuProfile.oneThread(), Path.of("w")).build()).getMessage()
                .startsWith("token"));
    }
}
