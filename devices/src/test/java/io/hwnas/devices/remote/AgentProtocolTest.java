package io.hwnas.devices.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.devices.spi.DeviceProfile;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentProtocolTest {

    @Test
    void anAnswerNamingAKeyTwiceIsRefusedNotReadAsItsLastValue() {
        // An agent is another machine's program: {"median_ms": 1, "median_ms": 900} must not pass as either.
        var e = assertThrows(com.fasterxml.jackson.core.JsonParseException.class,
                () -> AgentProtocol.MAPPER.readTree("{\"median_ms\": 1, \"median_ms\": 900}"));
        assertTrue(e.getMessage().contains("Duplicate field 'median_ms'"), e.getMessage());
    }

    @Test
    void measurementRoundTripsThroughJsonWithEverySample() throws Exception {
        Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 7);
        String json = AgentProtocol.toJson(AgentProtocol.measurement(m, "net.onnx"));
        Measurement back = AgentProtocol.measurement(AgentProtocol.MAPPER.readTree(json));
        assertEquals(m, back);
    }

    /** {@code m} with a reading of reference runs a little under half each of its runs, as an agent answers it. */
    static Measurement withReading(Measurement m, String referenceSha256) {
        List<Double> refs = m.samplesMs().stream().map(c -> c * (0.45 + (c * 1000 % 7) / 100)).toList();
        return m.toBuilder().drift(DriftReading.of("nb201-m", referenceSha256, m.samplesMs(), refs)).build();
    }

    @Test
    void driftReadingRoundTripsThroughJsonPairedWithTheSamples() throws Exception {
        String sha = ReferenceModel.byName("nb201-m").orElseThrow().sha256();
        Measurement m = withReading(TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 7), sha);
        ObjectNode o = AgentProtocol.measurement(m, "net.onnx");
        JsonNode d = o.get("drift");
        assertEquals(sha, d.get("reference_sha256").asText());
        assertEquals(m.samplesMs().size(), d.get("reference_samples_ms").size());
        assertEquals(m.driftReading().orElseThrow().ratio(), d.get("ratio").asDouble());
        assertFalse(d.has("corrected_median_ms"), "an agent's reading is not calibrated");
        Measurement back = AgentProtocol.measurement(AgentProtocol.MAPPER.readTree(AgentProtocol.toJson(o)));
        assertEquals(m, back);

        Measurement calibrated = m.toBuilder().drift(m.driftReading().orElseThrow().calibrated(2.5)).build();
        assertEquals(calibrated, AgentProtocol.measurement(AgentProtocol.MAPPER.readTree(
                AgentProtocol.toJson(AgentProtocol.measurement(calibrated, null)))));
    }

    @Test
    void answerWithoutDriftIsAMeasurementWithoutReading() {
        ObjectNode o = AgentProtocol.measurement(TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1), null);
        assertFalse(o.has("drift"));
        assertTrue(AgentProtocol.measurement(o).driftReading().isEmpty());
    }

    @Test
    void driftReadingThatDoesNotPairTheSamplesIsNamed() {
        String sha = ReferenceModel.ladder().get(0).sha256();
        ObjectNode o = AgentProtocol.measurement(withReading(TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1),
                sha), null);
        ((ArrayNode) o.get("drift").get("reference_samples_ms")).remove(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentProtocol.measurement(o));
        assertTrue(e.getMessage().startsWith("drift: drift control pairs each candidate run with a reference run"),
                e.getMessage());
        ((ObjectNode) o.get("drift")).remove("reference_sha256");
        assertEquals("drift: reference_sha256: missing",
                assertThrows(IllegalArgumentException.class, () -> AgentProtocol.measurement(o)).getMessage());
    }

    @Test
    void infoRoundTripsThroughJson() throws Exception {
        AgentInfo i = new AgentInfo(new Provenance("0.1.0", "17.0.15", "Linux", "aarch64", "raspberrypi"), "1.29.0",
                4, "cpu", "CPU, all 4 cores", DeviceSettings.cpu(4), 12, 1, 256L << 20);
        String json = AgentProtocol.toJson(AgentProtocol.info(i));
        assertEquals(i, AgentProtocol.info(AgentProtocol.MAPPER.readTree(json)));
    }

    @Test
    void missingFieldIsNamed() {
        ObjectNode o = AgentProtocol.measurement(TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1), null);
        o.remove("samples_ms");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentProtocol.measurement(o));
        assertEquals("samples_ms: missing", e.getMessage());
    }

    @Test
    void storedDeviceIdIsAValidDeviceIdForAnyHostName() {
        assertEquals("agent:jetson-orin.local:cpu-4t", AgentInfo.storedDeviceId("Jetson_Orin.local", "cpu-4t"));
        assertEquals("agent:unknown:cpu", AgentInfo.storedDeviceId("__", "cpu"));
        for (String host : new String[] {"RaspberryPi", "-x", "h\u00f6st", "a b/c"}) {
            DeviceProfile.requireValidId(AgentInfo.storedDeviceId(host, "cpu-1t"));
        }
    }

    @Test
    void remoteMeasurementIsStoredUnderTheAgentsId() {
        Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu-1t", 3);
        RemoteMeasurement r = new RemoteMeasurement(URI.create("http://127.0.0.1:7070"), "Pi5", m);
        assertEquals("agent:pi5:cpu-1t", r.toMeasurement().deviceId());
        assertEquals(m.stats(), r.toMeasurement().stats());
    }

    @Test
    void measureQueryCarriesThePlan() {
        MeasurementPlan p = MeasurementPlan.builder().warmupRuns(3).minRuns(7).maxRuns(9).budget(Duration.ofMillis(1500))
                .build();
        assertEquals("warmup=3&min_runs=7&max_runs=9&target_error=0.01&max_time_ms=1500&seed=5&threads=2&name=a+b.onnx",
                AgentProtocol.measureQuery(p, OptionalInt.of(2), 5, "a b.onnx"));
        assertEquals("warmup=3&min_runs=7&max_runs=9&target_error=0.01&max_time_ms=1500&seed=5&drift_control=on",
                AgentProtocol.measureQuery(p, OptionalInt.empty(), 5, null, DriftControl.ON));
        assertEquals(AgentProtocol.measureQuery(p, OptionalInt.empty(), 5, null),
                AgentProtocol.measureQuery(p, OptionalInt.empty(), 5, null, DriftControl.OFF),
                "off is the absent parameter, which an older agent takes");
    }

    @Test
    void clientRefusesABadUrlOrToken() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> AgentClient.builder(URI.create("ftp://host:1"), "t").build());
        assertTrue(url.getMessage().startsWith("agent url must be http://HOST:PORT"), url.getMessage());
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
                () -> AgentClient.builder(URI.create("http://127.0.0.1:1"), "two words").build());
        assertTrue(token.getMessage().startsWith("token must be"), token.getMessage());
    }

    @Test
    void unreachableAgentIsNamedWithTheTries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port + "/");
        AgentException e = assertThrows(AgentException.class, () -> AgentClient.builder(down, "t").tries(2)
                .backoff(Duration.ofMillis(5)).build().health());
        assertEquals("agent at http://127.0.0.1:" + port + " is not reachable: connection refused (2 tries)",
                e.getMessage());
        assertEquals(AgentException.NO_ANSWER, e.status());
    }
}
