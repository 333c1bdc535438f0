package io.hwnas.cli.measure;

import io.hwnas.cli.SeedOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.DeviceOptions;
import io.hwnas.cli.Json;
import io.hwnas.cli.PlanOptions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentException;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Measure the latency of an ONNX file on a device; stored, and not measured twice.")
public final class MeasureCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The ONNX model.")
    Path file;

    @Mixin
    DeviceOptions devices;

    @Mixin
    JsonOption json;

    @Option(names = "--remeasure", description = "Measure again even if this model was measured with these settings.")
    boolean remeasure;

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    DatabaseOption database;

    @Mixin
    io.hwnas.cli.DriftOption drift = new io.hwnas.cli.DriftOption();

    @Option(names = "--agent", paramLabel = "URL",
            description = "Measure on a profiling agent (hwnas agent), e.g. http://127.0.0.1:7070; its device is "
                    + "chosen when it starts, --threads still applies.")
    URI agent;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The agent's bearer token (with --agent).")
    Path tokenFile;

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        drift.get(); // an unknown word is refused before any work
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        if (Files.size(file) == 0) {
            throw new IllegalArgumentException("not an ONNX model (empty file): " + file);
        }
        if (agent != null) {
            return measureWith(agentRunner());
        }
        if (tokenFile != null) {
            throw new IllegalArgumentException("--token-file needs --agent");
        }
        DeviceProfile profile = devices.resolve();
        return measureWith(profile.runner(new OrtProfiler()));
    }

    /**
     * The stored measurement of the file on the runner's device (its key), else the runner's, stored at once; a
     * device measured elsewhere is asked what it runs on first, so a model already measured there with these
     * settings is not uploaded again.
     */
    private int measureWith(ModelRunner runner) throws Exception {
        String sha256 = Sha256.ofFile(file);
        String deviceId = runner.key(sha256).deviceId();
        try (SqliteMeasurementStore store = database.open()) {
            CachingMeasurer m = CachingMeasurer.builder(deviceId, runner, store).remeasure(remeasure)
                    .driftControl(drift.get()).notices(line -> {
                        spec.commandLine().getErr().println("hwnas: " + line);
                        spec.commandLine().getErr().flush();
                    }).build();
            Optional<StoredMeasurement> old = m.stored(sha256);
            StoredMeasurement result = old.isPresent() ? old.get()
                    : m.keep(m.take(ModelRun.of(file, plan.plan()).inputSeed(seed.get())));
            print(result, old.isPresent());
        }
        return 0;
    }

    /**
     * The agent of {@code --agent}, whose device is chosen when it starts: asked once what it runs on; the result is
     * stored under the agent's device id, e.g. {@code agent:raspberrypi:cpu-4t}.
     */
    private ModelRunner agentRunner() throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--device")) {
            throw new IllegalArgumentException("--device is chosen when the agent starts; with --agent use --threads");
        }
        if (tokenFile == null) {
            throw new IllegalArgumentException("--agent needs --token-file");
        }
        if (devices.threads() != null) {
            DeviceSettings.checkThreads("--threads", devices.threads());
        }
        AgentClient client = AgentClient.builder(agent, AgentClient.readToken(tokenFile)).build();
        AgentInfo info = client.health();
        DeviceSettings settings = info.settings();
        String agentDevice = info.deviceId();
        if (devices.threads() != null && devices.threads() != settings.intraOpThreads()) {
            settings = settings.withIntraOpThreads(devices.threads());
            agentDevice = DeviceProfile.threadVariantId(agentDevice, devices.threads());
        }
        String storedId = AgentInfo.storedDeviceId(info.provenance().host(), agentDevice);
        DeviceSettings keyed = settings;
        OptionalInt threads = devices.threads() == null ? OptionalInt.empty() : OptionalInt.of(devices.threads());
        return new ModelRunner() {
            @Override
            public MeasurementKey key(String sha256) {
                return new MeasurementKey(sha256, storedId, keyed, info.ortVersion());
            }

            @Override
            public Measurement measure(ModelRun run) {
                try {
                    return client.measure(run.model(), run.plan(), threads, run.inputSeed().orElse(seed.get()),
                            run.drift())
                            .toMeasurement();
                } catch (AgentException e) {
                    // The agent refused what was sent (a bad model, one too large, a count it does not take): bad
                    // input, exit 2; a refused token, a full queue or no answer is the environment, exit 1.
                    int status = e.status();
                    boolean refused = status == 400 || status == 413 || status == 415 || status == 422;
                    throw refused ? new IllegalArgumentException(e.getMessage(), e)
                            : new IllegalStateException(e.getMessage(), e);
                }
            }
        };
    }

    private void print(StoredMeasurement r, boolean cached) {
        PrintWriter out = spec.commandLine().getOut();
        Measurement m = r.measurement();
        if (json.on()) {
            ObjectNode o = Json.measurement(m, r.id(), cached).put("file", file.toString());
            if (agent != null) {
                o.put("agent", agent.toString());
            }
            out.println(Json.line(o));
            return;
        }
        LatencyStats s = m.stats();
        if (agent != null) {
            out.printf("measured by the agent at %s on %s (%s %s)%n", agent, m.host(), m.provenance().osName(),
                    m.provenance().osArch());
        }
        out.printf("%s on %s (%d intra-op threads, ONNX Runtime %s)%s%n", file, m.deviceId(),
                m.settings().intraOpThreads(), m.ortVersion(), cached ? " [from the database]" : "");
        out.printf("  median %.3f ms   p90 %.3f ms   p99 %.3f ms   min %.3f ms   mean %.3f ms   cv %.3f%n",
                s.medianMs(), s.p90Ms(), s.p99Ms(), s.minMs(), s.meanMs(), s.cv());
        m.driftReading().filter(d -> d.isCalibrated()).ifPresent(d -> out.printf("  corrected median %.3f ms at the "
                + "device's baseline speed; the machine ran at %.3f of it (speed factor; reference %s: %.3f ms against "
                + "a baseline of %.3f ms)%s%n", d.correctedMedianMs(), d.speedFactor(), d.reference(),
                d.referenceMedianMs(), d.baselineMs(), d.steady() ? "" : " [UNSTEADY: the correction did not hold]"));
        out.printf("  %d runs (%s, median known to %.2f %%), session created in %.1f ms%n", s.runs(),
                m.stopReason().name().toLowerCase(java.util.Locale.ROOT), 100 * s.rseMedian(), m.sessionCreateMs());
    }
}
