package io.hwnas.cli;

import io.hwnas.core.measure.LatencyStats;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        DeviceProfile profile = devices.resolve();
        OrtProfiler profiler = new OrtProfiler();
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

    private void print(StoredMeasurement r, boolean cached) {
        PrintWriter out = spec.commandLine().getOut();
        Measurement m = r.measurement();
        if (json) {
            out.println(Json.line(Json.measurement(m, r.id(), cached).put("file", file.toString())));
            return;
        }
        LatencyStats s = m.stats();
        out.printf("%s on %s (%d intra-op threads, ONNX Runtime %s)%s%n", file, m.deviceId(),
                m.settings().intraOpThreads(), m.ortVersion(), cached ? " [from the database]" : "");
        out.printf("  median %.3f ms   p90 %.3f ms   p99 %.3f ms   min %.3f ms   mean %.3f ms   cv %.3f%n",
                s.medianMs(), s.p90Ms(), s.p99Ms(), s.minMs(), s.meanMs(), s.cv());
        out.printf("  %d runs (%s, median known to %.2f %%), session created in %.1f ms%n", s.runs(),
                m.stopReason().name().toLowerCase(java.util.Locale.ROOT), 100 * s.rseMedian(), m.sessionCreateMs());
    }
}
