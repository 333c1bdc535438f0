package io.hwnas.profilers.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hwnas.devices.local.LocalCpuProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's request handling, fuzzed over loopback: any bytes sent as a request (with {@code TOKEN} in them
 * replaced by the agent's token, so that seeds reach past authentication) are answered with a status that is not a
 * server error, other than the documented 503, or the connection is closed unanswered (an incomplete request); no
 * answer takes longer than a timeout, and after each the agent still answers {@code GET /health}. The corpus replays
 * as an ordinary test; {@code JAZZER_FUZZ=1} fuzzes.
 */
class AgentRequestFuzzTest {

    private static final String TOKEN = "fuzz-t0ken-0123456789";
    private static final byte[] PLACEHOLDER = "TOKEN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEALTH = ("GET /health HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static ProfilingAgent agent;

    /** One agent for every input (fuzzing starts no JUnit lifecycle per input), on daemon threads. */
    private static synchronized ProfilingAgent agent() {
        if (agent == null) {
            try {
                Path work = Files.createTempDirectory("hwnas-agent-fuzz");
                agent = ProfilingAgent.start(AgentConfig.builder(TOKEN, LocalCpuProfile.oneThread(), work)
                        .maxUploadBytes(1 << 20).maxMeasurementTime(Duration.ofSeconds(2))
                        .headerTimeout(Duration.ofSeconds(5)).requestReadTimeout(Duration.ofSeconds(5)).build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return agent;
    }

    @FuzzTest(maxDuration = "10s")
    void anyRequestIsAnsweredWithoutAServerErrorAndTheAgentKeepsServing(byte[] data) throws IOException {
        ProfilingAgent a = agent();
        int port = a.url().getPort();
        // the connections go to the agent on loopback, whatever the input (Jazzer's SSRF detector would flag them)
        try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, p) -> p == port)) {
            RawExchange r;
            try {
                r = RawExchange.send(a.url(), withToken(data), 30_000);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within 30 s to " + data.length + " bytes", e);
            }
            int s = r.status();
            assertTrue(s < 500 || s == 503, "HTTP " + s + ": " + r.answer());
            // closed unanswered: an incomplete request (perhaps after an interim 100 Continue)
            assertTrue(s != 0 || r.answer().isEmpty() || r.answer().equals("HTTP/1.1 100 Continue\r\n\r\n"),
                    "not an HTTP answer: " + r.answer());
            assertFalse(r.reset(), "the connection was reset after: " + r.answer());
            RawExchange health = RawExchange.send(a.url(), HEALTH, 30_000);
            assertEquals(200, health.status(), health.answer());
        }
    }

    private static byte[] withToken(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length + 16);
        byte[] token = TOKEN.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < data.length; i++) {
            if (startsWith(data, i)) {
                out.writeBytes(token);
                i += PLACEHOLDER.length - 1;
            } else {
                out.write(data[i]);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] data, int at) {
        if (at + PLACEHOLDER.length > data.length) {
            return false;
        }
        for (int j = 0; j < PLACEHOLDER.length; j++) {
            if (data[at + j] != PLACEHOLDER[j]) {
                return false;
            }
        }
        return true;
    }
}
