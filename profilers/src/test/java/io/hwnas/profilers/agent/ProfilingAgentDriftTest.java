package io.hwnas.profilers.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.devices.local.LocalCpuProfile;
import io.hwnas.devices.remote.AdbRunner;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentException;
import io.hwnas.devices.remote.AgentRunner;
import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.Availability;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.ort.ReferenceSessions;
import io.hwnas.profilers.ort.TestModels;
import io.hwnas.profilers.store.SqliteMeasurementStore;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift control through a real agent on loopback: the reference runs on the agent's machine, the reading comes back
 * uncalibrated, and the client's measurer calibrates it against the baseline in its own database.
 */
class ProfilingAgentDriftTest {

    private static final String TOKEN = "drift-t0ken";
    private static final MeasurementPlan PLAN = MeasurementPlan.builder().warmupRuns(2).minRuns(8).maxRuns(8).build();

    @TempDir
    static Path dir;

    static ProfilingAgent agent;
    static Path model;
    static Path tokenFile;

    @BeforeAll
    static void startAgent() throws Exception {
        agent = ProfilingAgent.start(AgentConfig.builder(TOKEN, LocalCpuProfile.oneThread(), dir.resolve("work"))
                .build());
        model = TestModels.convNet(dir, 1);
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    private static AgentClient client(URI url) {
        return AgentClient.builder(url, TOKEN).tries(1).build();
    }

    @Test
    void driftControlledMeasurementCarriesReferenceRunsPairedWithItsRuns() throws Exception {
        long before = agent.measured();
        Measurement m = client(agent.url()).measure(model, PLAN, OptionalInt.empty(), 1, DriftControl.ON)
                .toMeasurement();
        DriftReading d = m.driftReading().orElseThrow();
        assertEquals(m.samplesMs().size(), d.referenceSamplesMs().size());
        assertEquals(8, d.referenceSamplesMs().size());
        ReferenceModel ref = ReferenceModel.bySha256(d.referenceSha256()).orElseThrow();
        assertEquals(ref.name(), d.reference());
        assertEquals(DriftReading.of(d.reference(), d.referenceSha256(), m.samplesMs(), d.referenceSamplesMs()), d);
        assertFalse(d.isCalibrated(), "the agent has no baseline: the client's database keeps it");
        assertEquals(Sha256.ofFile(model), m.modelSha256());
        assertEquals(before + 1, agent.measured());
    }

    @Test
    void withoutDriftControlTheModelIsTimedAlone() throws Exception {
        Measurement m = client(agent.url()).measure(model, PLAN, OptionalInt.empty(), 1).toMeasurement();
        assertTrue(m.driftReading().isEmpty());
    }

    @Test
    void unknownDriftControlWordIsRefusedNamingTheParameter() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(agent.url() + "/measure?drift_control=maybe")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofFile(model)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("drift_control must be on or off, but was 'maybe'"), r.body());
    }

    @Test
    void measurerOverAnAgentStoresACalibratedMeasurementAndTheBaselineLocally() throws Exception {
        DeviceProfile lab = new LocalCpuProfile("lab-1t", "a board through its agent", DeviceSettings.cpu(1));
        AgentRunner runner = new AgentRunner(lab, agent.url(), tokenFile);
        String sha = Sha256.ofFile(model);
        long before = agent.measured();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("drift.db"))) {
            CachingMeasurer m = CachingMeasurer.builder("lab-1t", runner, store).driftControl(DriftControl.ON).build();
            m.keep(m.take(ModelRun.of(model, PLAN).inputSeed(3)));
        }
        // the reference ladder's calibration (six rounds of three rungs) and the model all ran on the agent
        assertTrue(agent.measured() >= before + 19, "measured on the agent: " + (agent.measured() - before));
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("drift.db"))) {
            Measurement stored = store.find(runner.key(sha)).orElseThrow().measurement();
            assertEquals("lab-1t", stored.deviceId());
            DriftReading d = stored.driftReading().orElseThrow();
            assertTrue(d.isCalibrated());
            assertTrue(stored.correctedMedianMs().isPresent());
            assertEquals(d.ratio() * d.baselineMs(), stored.correctedMedianMs().getAsDouble(), 1e-12);
            List<Baseline> baselines = store.baselines();
            assertEquals(ReferenceModel.ladder().size(), baselines.size());
            assertTrue(baselines.stream().allMatch(b -> b.key().deviceId().equals("lab-1t")), baselines.toString());
            assertTrue(store.baseline(runner.key(d.referenceSha256())).isPresent());
        }
    }

    @Test
    void phoneThroughAdbForwardGetsTheReadingToo() throws Exception {
        Path adb = dir.resolve("adb");
        Files.writeString(adb, "#!/bin/sh\n# stands in for adb: -s SERIAL COMMAND...\nshift 2\ncase \"$1\" in\n"
                + "  get-state) echo device ;;\n  forward) [ \"$2\" = --remove ] || echo " + agent.url().getPort()
                + " ;;\n  *) exit 1 ;;\nesac\n");
        Files.setPosixFilePermissions(adb, PosixFilePermissions.fromString("rwx------"));
        String old = System.getProperty("hwnas.adb");
        System.setProperty("hwnas.adb", adb.toString());
        try {
            DeviceProfile phone = new LocalCpuProfile("phone-1t", "a phone through adb", DeviceSettings.cpu(1));
            AdbRunner runner = new AdbRunner(phone, new AdbTarget("emulator-5554", 8123, tokenFile));
            Measurement m = runner.measure(ModelRun.of(model, PLAN).drift(DriftControl.ON));
            assertEquals("phone-1t", m.deviceId());
            assertEquals(m.samplesMs().size(), m.driftReading().orElseThrow().referenceSamplesMs().size());
            assertTrue(runner.measure(ModelRun.of(model, PLAN)).driftReading().isEmpty());
        } finally {
            if (old == null) {
                System.clearProperty("hwnas.adb");
            } else {
                System.setProperty("hwnas.adb", old);
            }
        }
    }

    /** A device whose provider this ONNX Runtime build lacks: it can run neither a model nor the reference ladder. */
    private record ProviderMissing(String id) implements DeviceProfile {
        @Override
        public String name() {
            return "a GPU this runtime cannot drive";
        }

        @Override
        public DeviceKind kind() {
            return DeviceKind.GPU;
        }

        @Override
        public DeviceSettings settings() {
            return new DeviceSettings(1, 1, DeviceSettings.cpu(1).optimizationLevel(),
                    DeviceSettings.cpu(1).executionMode(), "CUDAExecutionProvider");
        }

        @Override
        public Availability availability() {
            return Availability.AVAILABLE;
        }

        @Override
        public DeviceProfile withIntraOpThreads(int threads) {
            return this;
        }
    }

    @Test
    void aDeviceThatRunsNothingIsBlamedOnTheModelNotOnTheReference() throws Exception {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build runs this device");
        try (ProfilingAgent gpu = ProfilingAgent.start(AgentConfig.builder(TOKEN, new ProviderMissing("gpu-x"),
                dir.resolve("work-gpu")).build())) {
            AgentException e = assertThrows(AgentException.class, () -> client(gpu.url()).measure(model, PLAN,
                    OptionalInt.empty(), 1, DriftControl.ON));
            assertEquals(422, e.status());
            assertTrue(e.getMessage().startsWith("agent at " + gpu.url() + " answered HTTP 422: cannot measure the "
                    + "model: cannot apply device settings"), e.getMessage());
            assertTrue(e.getMessage().contains("device gpu-x"), e.getMessage());
            assertFalse(e.getMessage().contains("reference"), e.getMessage());
        }
    }

    /** The ladder is opened once the model's own session is, so this is what a device lacking only the ladder says. */
    @Test
    void aReferenceTheDeviceCannotRunIsNamedWithTheWayOut() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build runs this device");
        ProviderMissing gpu = new ProviderMissing("gpu-x");
        ProfilingException e = assertThrows(ProfilingException.class,
                () -> new ReferenceSessions(OrtEnvironment.getEnvironment()).ladder(gpu, gpu.settings()));
        assertTrue(e.getMessage().startsWith("the drift-control reference model nb201-s"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot run on device 'gpu-x'"), e.getMessage());
        assertTrue(e.getMessage().contains("(measure with --drift-control off)"), e.getMessage());
    }
}
