package io.hwnas.cli;

import io.hwnas.devices.spi.MeasuringMethod;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.devices.remote.AgentClient;
import io.hwnas.devices.remote.AgentInfo;
import io.hwnas.devices.remote.RemoteMeasurement;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
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
final class MeasureCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The ONNX model.")
    Path file;

    @Mixin
    DeviceOptions devices;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--remeasure", description = "Measure again even if this model was measured with these settings.")
    boolean remeasure;

    @Option(names = "--seed", paramLabel = "K", description = "Seed of the random input (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Mixin
    DatabaseOption database;

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
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        if (agent != null) {
            return measureOnAgent();
        }
        if (tokenFile != null) {
            throw new IllegalArgumentException("--token-file needs --agent");
        }
        DeviceProfile profile = devices.resolve();
        OrtProfiler profiler = new OrtProfiler();
        if (profile.method() != MeasuringMethod.LOCAL) {
            return measureWith(Runner.of(profile, profiler));
        }
        try (SqliteMeasurementStore store = database.open()) {
            MeasurementKey key = profiler.keyFor(file, profile);
            Optional<StoredMeasurement> old = remeasure ? Optional.empty() : store.find(key);
            StoredMeasurement result;
            boolean cached = old.isPresent();
            if (cached) {
                result = old.get();
            } else {
                Measurement m = profiler.measure(ProfileRequest.builder(file, profile).plan(plan.plan()).seed(seed)
                        .build());
                result = store.save(m, remeasure);
            }
            print(result, cached);
        }
        return 0;
    }

    /**
     * Asks the agent what it runs on first, so that a model already measured there with these settings is not
     * uploaded again; the result is stored under the agent's device id, e.g. {@code agent:raspberrypi:cpu-4t}.
     */
    private int measureOnAgent() throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--device")) {
            throw new IllegalArgumentException("--device is chosen when the agent starts; with --agent use --threads");
        }
        if (tokenFile == null) {
            throw new IllegalArgumentException("--agent needs --token-file");
        }
        if (devices.threads != null && devices.threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, but was " + devices.threads);
        }
        AgentClient client = AgentClient.builder(agent, AgentCommand.readToken(tokenFile)).build();
        MeasurementPlan p = plan.plan();
        AgentInfo info = client.health();
        DeviceSettings settings = info.settings();
        String agentDevice = info.deviceId();
        if (devices.threads != null && devices.threads != settings.intraOpThreads()) {
            settings = settings.withIntraOpThreads(devices.threads);
            agentDevice = DeviceProfile.threadVariantId(agentDevice, devices.threads);
        }
        MeasurementKey key = new MeasurementKey(Sha256.ofFile(file),
                AgentInfo.storedDeviceId(info.provenance().host(), agentDevice), settings, info.ortVersion());
        try (SqliteMeasurementStore store = database.open()) {
            Optional<StoredMeasurement> old = remeasure ? Optional.empty() : store.find(key);
            StoredMeasurement result;
            if (old.isPresent()) {
                result = old.get();
            } else {
                OptionalInt threads = devices.threads == null ? OptionalInt.empty() : OptionalInt.of(devices.threads);
                RemoteMeasurement r = client.measure(file, p, threads, seed);
                result = store.save(r.toMeasurement(), remeasure);
            }
            print(result, old.isPresent());
        }
        return 0;
    }

    /** A device measured from elsewhere (its agent): the stored measurement first, else the device's. */
    private int measureWith(Runner runner) throws Exception {
        MeasurementKey key = runner.key(Sha256.ofFile(file));
        try (SqliteMeasurementStore store = database.open()) {
            Optional<StoredMeasurement> old = remeasure ? Optional.empty() : store.find(key);
            StoredMeasurement result = old.isPresent() ? old.get()
                    : store.save(runner.measure(file, plan.plan(), null, null), remeasure);
            print(result, old.isPresent());
        }
        return 0;
    }

    private void print(StoredMeasurement r, boolean cached) {
        PrintWriter out = spec.commandLine().getOut();
        Measurement m = r.measurement();
        if (json) {
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
        out.printf("  %d runs (%s, median known to %.2f %%), session created in %.1f ms%n", s.runs(),
                m.stopReason().name().toLowerCase(java.util.Locale.ROOT), 100 * s.rseMedian(), m.sessionCreateMs());
    }
}
