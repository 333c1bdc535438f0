package io.hwnas.cli.measure;

import io.hwnas.cli.DeviceDirsOption;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.Errors;
import io.hwnas.cli.PlanOptions;
import io.hwnas.cli.Progress;
import io.hwnas.cli.SpaceOption;
import io.hwnas.cli.Spaces;
import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.devices.registry.DeviceRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Samples, exports, measures and stores. Each measurement is committed as soon as it is taken, and a model already
 * in the database (same bytes, device settings and runtime version) is skipped, so a killed run loses nothing and
 * the same command resumes where it stopped.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Sample architectures, export each to ONNX, measure it on a device and store the result.")
public final class ProfileCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--device", paramLabel = "ID", description = "Device to measure on (repeatable: a device farm, "
            + "one queue per device, devices in parallel; this machine's profiles share one queue). Default: "
            + "cpu.")
    List<String> deviceIds = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads, overriding the devices'.")
    Integer threads;

    @Mixin
    DeviceDirsOption deviceDirs = new DeviceDirsOption();

    @Option(names = "--samples", paramLabel = "N", description = "Architectures to measure (default: "
            + "${DEFAULT-VALUE}).")
    int samples = 20;

    @Mixin
    SeedOption seed = new SeedOption(0);

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the random weights (default: "
            + "${DEFAULT-VALUE}).")
    long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;

    @Option(names = "--remeasure", description = "Measure again models already in the database.")
    boolean remeasure;

    @Option(names = "--rounds", paramLabel = "R", description = "Measure every model in R rounds, one model after "
            + "another in each, and pool the rounds' samples (default: ${DEFAULT-VALUE}). On a machine whose speed "
            + "drifts, this spreads each model's runs over the whole session instead of one moment of it.")
    int rounds = 1;

    @Mixin
    DatabaseOption database;

    @Mixin
    io.hwnas.cli.DriftOption drift = new io.hwnas.cli.DriftOption();

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @Spec
    CommandSpec spec;

    private record Row(Architecture arch, GraphCost cost, Measurement m, boolean cached) {}

    @Override
    public Integer call() throws Exception {
        drift.get(); // an unknown word is refused before any work
        SearchSpace s = space.get();
        List<DeviceProfile> profiles = profiles();
        List<Architecture> archs = Spaces.sampleDistinct(s, samples, seed.get());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OrtProfiler local = new OrtProfiler();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Row>> rowsByDevice = new java.util.concurrent.ConcurrentHashMap<>();
        // One queue per physical device: this machine's profiles would disturb each other's timings.
        Map<String, List<DeviceProfile>> queues = new LinkedHashMap<>();
        Map<String, ModelRunner> runners = new LinkedHashMap<>();
        for (DeviceProfile p : profiles) {
            runners.put(p.id(), p.runner(local)); // refuses a device hwnas cannot measure on before any work
            queues.computeIfAbsent(p.method() == MeasuringMethod.LOCAL ? "this-machine" : p.id(),
                    k -> new ArrayList<>()).add(p);
        }
        try (SqliteMeasurementStore store = database.open();
                Progress progress = Progress.synchronizedOn(Progress.create("profile " + s.name() + " on "
                        + String.join(", ", profiles.stream().map(DeviceProfile::id).toList()),
                        archs.size() * rounds * profiles.size(), err))) {
            ExecutorService farm = Executors.newFixedThreadPool(queues.size());
            try {
                List<Future<?>> work = new ArrayList<>();
                for (List<DeviceProfile> queue : queues.values()) {
                    work.add(farm.submit(() -> {
                        for (DeviceProfile p : queue) {
                            List<Row> rows = java.util.Collections.synchronizedList(new ArrayList<>());
                            rowsByDevice.put(p.id(), rows);
                            try {
                                profileOne(s, p, runners.get(p.id()), archs, store, rows, failures, progress);
                            } catch (Exception | AssertionError e) {
                                // A device that disappears fails its own queue; what it measured is stored.
                                failures.add("device " + p.id() + " stopped after " + rows.size()
                                        + " models (the rest of its queue skipped): " + Errors.describe(e));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                farm.shutdownNow();
            }
            for (DeviceProfile p : profiles) {
                summarise(out, s, p, rowsByDevice.getOrDefault(p.id(), List.of()), store.file());
            }
        }
        for (String f : failures) {
            err.println("hwnas: measurement failed: " + f);
        }
        return failures.isEmpty() ? 0 : Errors.FAILED;
    }

    /** The devices of {@code --device} (cpu by default), at {@code --threads} when given; {@code --rounds} checked. */
    private List<DeviceProfile> profiles() {
        List<DeviceProfile> profiles = new ArrayList<>();
        DeviceRegistry registry = deviceDirs.registry();
        for (String id : deviceIds.isEmpty() ? List.of("cpu") : deviceIds) {
            DeviceProfile p = registry.get(id);
            if (threads != null) {
                p = p.withIntraOpThreads(DeviceSettings.checkThreads("--threads", threads));
            }
            profiles.add(p);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, but was " + rounds);
        }
        if (rounds > 1 && profiles.size() > 1) {
            throw new IllegalArgumentException("--rounds works on one device at a time; give one --device");
        }
        return profiles;
    }

    /** Every architecture on one device: stored ones reported, the others measured (in rounds when asked). */
    private void profileOne(SearchSpace s, DeviceProfile profile, ModelRunner runner, List<Architecture> archs,
            SqliteMeasurementStore store, List<Row> rows, List<String> failures, Progress progress)
            throws Exception {
        Path tmpDir = Files.createTempDirectory("hwnas-profile-" + profile.id().replace(':', '_'));
        CachingMeasurer measurer = CachingMeasurer.builder(profile.id(), runner, store).space(s).plan(plan.plan())
                .weightsSeed(weightsSeed).scratch(tmpDir).remeasure(remeasure).driftControl(drift.get())
                .notices(line -> {
                    spec.commandLine().getErr().println("hwnas: " + line);
                    spec.commandLine().getErr().flush();
                }).build();
        // Models still to measure, in sampling order; those already stored are reported at once.
        List<ExportedModel> todo = new ArrayList<>();
        try {
            for (Architecture a : archs) {
                ExportedModel model = ExportedModel.export(s, a, weightsSeed);
                Optional<StoredMeasurement> old = measurer.stored(model.sha256());
                if (old.isPresent()) {
                    rows.add(new Row(a, model.graph().cost(), old.get().measurement(), true));
                    for (int r = 0; r < rounds; r++) {
                        progress.step(String.format("%.3f ms (stored) %s",
                                old.get().measurement().latencyMs(drift.get()), a.canonical()));
                    }
                } else if (rounds == 1) {
                    measureAndStore(measurer, model, null, rows, failures, progress);
                } else {
                    todo.add(model);
                }
            }
            Map<String, List<Measurement>> pooled = earlierRounds(measurer, todo, failures, progress);
            for (ExportedModel model : todo) {
                if (pooled.containsKey(model.sha256())) {
                    measureAndStore(measurer, model, pooled.get(model.sha256()), rows, failures, progress);
                } else {
                    progress.step("skipped (failed earlier) " + model.architecture().canonical());
                }
            }
        } finally {
            Files.deleteIfExists(tmpDir);
        }
    }

    /**
     * Round-robin: each round but the last measures every remaining model once; the last round stores the pooled
     * samples, so a measurement is committed only when all its rounds are done. The samples by model.
     */
    private Map<String, List<Measurement>> earlierRounds(CachingMeasurer measurer, List<ExportedModel> todo,
            List<String> failures, Progress progress) throws Exception {
        Map<String, List<Measurement>> pooled = new HashMap<>();
        for (int r = 0; r < rounds - 1; r++) {
            for (ExportedModel model : todo) {
                if (!pooled.containsKey(model.sha256()) && r > 0) {
                    continue; // failed in an earlier round
                }
                String arch = model.architecture().canonical();
                try {
                    Measurement m = measurer.take(model, arch);
                    pooled.computeIfAbsent(model.sha256(), k -> new ArrayList<>()).add(m);
                    progress.step(String.format("round %d: %.3f ms %s", r + 1, m.latencyMs(drift.get()), arch));
                } catch (MeasuringException e) {
                    pooled.remove(model.sha256());
                    failures.add(arch + ": " + e.getMessage());
                    progress.step("FAILED " + arch);
                }
            }
        }
        return pooled;
    }

    /** Measures once more and stores the result, pooled with {@code earlier} rounds' samples when there are any. */
    private static void measureAndStore(CachingMeasurer measurer, ExportedModel model, List<Measurement> earlier,
            List<Row> rows, List<String> failures, Progress progress) throws Exception {
        Architecture a = model.architecture();
        try {
            Measurement m = measurer.take(model, a.canonical());
            if (earlier != null) {
                m = Rounds.pool(earlier, m);
            }
            measurer.keep(m);
            rows.add(new Row(a, model.graph().cost(), m, false));
            progress.step(String.format("%.3f ms %s", m.latencyMs(measurer.driftControl()), a.canonical()));
        } catch (MeasuringException e) {
            failures.add(a.canonical() + ": " + e.getMessage());
            progress.step("FAILED " + a.canonical());
        }
    }

    private void summarise(PrintWriter out, SearchSpace s, DeviceProfile profile, List<Row> rows, Path db) {
        long fresh = rows.stream().filter(r -> !r.cached()).count();
        out.printf("%n%s on %s (%d intra-op threads): %d measured now, %d already in the database%n", s.name(),
                profile.id(), profile.settings().intraOpThreads(), fresh, rows.size() - fresh);
        out.printf("%10s %10s %10s %7s %10s %12s  %s%n", "latency ms", "median ms", "p90 ms", "speed", "M MACs",
                "M params", "architecture");
        rows.stream().sorted(Comparator.comparingDouble(r -> r.m().latencyMs(drift.get()))).forEach(r -> out.printf(
                "%10.3f %10.3f %10.3f %7s %10.1f %12.3f  %s%n", r.m().latencyMs(drift.get()), r.m().stats().medianMs(),
                r.m().stats().p90Ms(), r.m().speedFactor().isPresent()
                        ? String.format("%.3f", r.m().speedFactor().getAsDouble()) : "-",
                r.cost().macs() / 1e6, r.cost().params() / 1e6, r.arch().canonical()));
        out.println("latency: " + (drift.get().on() ? "corrected for the machine's speed (speed: 1.0 at the "
                + "device's baseline, 1.2 when 20 % slower)" : "the raw median (--drift-control off)"));
        out.printf("database: %s%n", db);
        out.flush();
    }
}
