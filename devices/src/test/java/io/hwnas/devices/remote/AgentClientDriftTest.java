package io.hwnas.devices.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.core.provenance.Provenance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against agents that cannot run here: an hwnas agent from before drift control (which refuses the
 * parameter, or answers without a reading) and one of another version (whose reference has other bytes). A small
 * HTTP server on loopback answers as they would; the real agent's replies are tested in the profilers module.
 */
class AgentClientDriftTest {

    private static final String TOKEN = "t0ken";

    @TempDir
    Path dir;

    private HttpServer server;
    private volatile int status;
    private volatile String reply;
    private volatile String query;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            boolean health = AgentProtocol.HEALTH.equals(ex.getRequestURI().getPath());
            if (!health) {
                query = ex.getRequestURI().getRawQuery();
            }
            AgentInfo info = new AgentInfo(new Provenance("0.0.9", "17.0.15", "Linux", "aarch64", "oldpi"), "1.29.0",
                    4, "cpu-1t", "CPU, 1 thread", DeviceSettings.cpu(1), 0, 0, 1 << 20);
            byte[] body = (health ? AgentProtocol.toJson(AgentProtocol.info(info)) : reply)
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(health ? 200 : status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private AgentException measureWithDriftControl() throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        AgentClient client = AgentClient.builder(url(), TOKEN).tries(1).backoff(Duration.ZERO).build();
        return assertThrows(AgentException.class, () -> client.measure(model, MeasurementPlan.defaults(),
                OptionalInt.empty(), 1, DriftControl.ON));
    }

    @Test
    void olderAgentThatRefusesTheParameterIsNamedInOneLine() throws IOException {
        status = 400;
        reply = AgentProtocol.toJson(AgentProtocol.error("unknown parameter 'drift_control'; known: [warmup, "
                + "min_runs, max_runs, target_error, max_time_ms, seed, threads, name]"));
        AgentException e = measureWithDriftControl();
        assertEquals("agent at " + url() + " does not measure with drift control (an hwnas older than this one): "
                + "update the agent, or measure with --drift-control off", e.getMessage());
        assertTrue(query.endsWith("&drift_control=on"), query);
    }

    @Test
    void olderAgentThatAnswersWithoutAReadingIsNamedNotANullPointer() throws IOException {
        status = 200;
        reply = AgentProtocol.toJson(AgentProtocol.measurement(
                TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 3), "m.onnx"));
        AgentException e = measureWithDriftControl();
        assertTrue(e.getMessage().startsWith("agent at " + url() + " does not measure with drift control"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void agentWhoseReferenceDiffersIsRefusedAsAnotherVersion() throws IOException {
        String foreign = "c".repeat(64);
        status = 200;
        reply = AgentProtocol.toJson(AgentProtocol.measurement(AgentProtocolTest.withReading(
                TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 3), foreign), "m.onnx"));
        AgentException e = measureWithDriftControl();
        assertTrue(e.getMessage().startsWith("agent at " + url() + " timed a reference model that differs from this"
                + " hwnas's (nb201-m, sha256 cccccccccccc, not one of [nb201-s, nb201-m, nb201-l]): it is an hwnas of"
                + " another version"), e.getMessage());
    }

    @Test
    void readingOfOneOfOurReferencesIsKeptUncalibrated() throws Exception {
        String ours = ReferenceModel.byName("nb201-m").orElseThrow().sha256();
        status = 200;
        reply = AgentProtocol.toJson(AgentProtocol.measurement(AgentProtocolTest.withReading(
                TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 3), ours), "m.onnx"));
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        RemoteMeasurement r = AgentClient.builder(url(), TOKEN).build().measure(model, MeasurementPlan.defaults(),
                OptionalInt.empty(), 1, DriftControl.ON);
        JsonNode sent = AgentProtocol.MAPPER.readTree(reply).get("drift");
        var d = r.toMeasurement().driftReading().orElseThrow();
        assertEquals(ours, d.referenceSha256());
        assertEquals(sent.get("reference_samples_ms").size(), d.referenceSamplesMs().size());
        assertEquals(sent.get("ratio").asDouble(), d.ratio());
        assertFalse(d.isCalibrated());
    }
}
