package io.hwnas.cli.train;

import io.hwnas.cli.SeedOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.DeviceMeasurer;
import io.hwnas.cli.DeviceOptions;
import io.hwnas.cli.Json;
import io.hwnas.cli.PlanOptions;
import io.hwnas.cli.Spaces;
import io.hwnas.cli.TrainingOptions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.search.ExpectedLatencyOracle;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.HeadOutputs;
import io.hwnas.training.exits.ExitPolicy;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One network with early exits against the same network without them: trains both (or takes them from the training
 * database), measures each exit's path, the whole network and the network without exits on a device (or takes
 * them from the measurement database), scores every combination of thresholds of the exits that are on on the
 * validation and test splits, and picks the one with the lowest expected latency whose validation accuracy is
 * within a tolerance of the network without exits.
 */
@Command(name = "exits", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Early exits of one network against the same network without exits: every threshold of its "
                + "exits scored on the validation and test splits, its expected latency from each exit's path "
                + "measured on a device, and the thresholds with the lowest expected latency within --tolerance "
                + "of the network without exits.",
            "Both networks are trained with the same budget and seed (80/10/10 split by seed); the thresholds of "
                + "--arch are ignored, its exits that are on are what is trained. Accuracies are fractions."})
public final class ExitsCommand implements Callable<Integer> {

    @Option(names = "--space", paramLabel = "S", description = "An early-exit space (default: ${DEFAULT-VALUE}).")
    String space = "nb201-ee";

    @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture, e.g. "
            + "'|nor_conv_3x3~0|+|...|#x1=0.9,x2=0.9' (the thresholds are swept; the exits that are on are kept).")
    String arch;

    @Option(names = "--dataset", paramLabel = "D", description = "mnist or digits (default: ${DEFAULT-VALUE}).")
    String dataset = "mnist";

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    io.hwnas.cli.DriftOption drift = new io.hwnas.cli.DriftOption();

    @Option(names = "--tolerance", paramLabel = "PP", description = "How far below the network without exits the "
            + "chosen thresholds' validation accuracy may be, in percentage points (default: ${DEFAULT-VALUE}).")
    double tolerance = 0.5;

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the measured models' random "
            + "weights (default: ${DEFAULT-VALUE}).")
    long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;

    @Mixin
    JsonOption json;

    @Mixin
    DeviceOptions device;

    @Mixin
    DatabaseOption database;

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @ArgGroup(exclusive = false, heading = "Training:%n")
    TrainingOptions training = new TrainingOptions();

    @Spec
    CommandSpec spec;

    /** One combination of thresholds, scored. */
    private record Policy(double[] thresholds, ExitPolicy.Result validation, ExitPolicy.Result test,
            double expectedMs) {}

    @Override
    public Integer call() throws Exception {
        SearchSpace s = Spaces.get(space);
        EarlyExitSpace ee = EarlyExitSpace.of(s).orElseThrow(() -> new IllegalArgumentException("--space " + space
                + " has no exits; exits compares an early-exit space's network (nb201-ee, mbv3-ee) with its inner one"));
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("--tolerance must be >= 0 percentage points, but was " + tolerance);
        }
        ImageDataset d = Datasets.get(dataset);
        Architecture a = ee.decode(arch);
        List<String> on = ee.exitsOn(a);
        if (on.isEmpty()) {
            throw new IllegalArgumentException("--arch " + arch + " has no exit on; turn on at least one of "
                    + ee.exits() + " (e.g. #" + ee.exits().get(0) + "=0.9)");
        }
        Architecture inner = ee.innerArchitecture(a);
        GraphOptions options = GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                .classes(d.classes());
        DeviceProfile profile = device.usable();
        TrainingConfig config = training.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path tmp = Files.createTempDirectory("hwnas-exits");
        try (SqliteTrainingStore trainings = training.open(); SqliteMeasurementStore store = database.open()) {
            DjlTrainer trainer = training.trainer();
            TrainingService withExits = new TrainingService(ee, d, config, seed.get(), trainings, trainer, true);
            TrainingService without = new TrainingService(ee.inner(), d, config, seed.get(), trainings, trainer, true);
            TrainingResult base = trained(without, inner, err);
            TrainingResult joint = trained(withExits, a, err);
            HeadOutputs val = withExits.heads(a, false);
            HeadOutputs test = withExits.heads(a, true);

            OrtProfiler profiler = new OrtProfiler();
            CachingMeasurer paths = DeviceMeasurer.of(new BoundSpace(ee, options, dataset), profile, profiler, store,
                    plan.plan(), weightsSeed, tmp, drift.get(), err);
            CachingMeasurer plain = DeviceMeasurer.of(new BoundSpace(ee.inner(), options, dataset), profile,
                    profiler, store, plan.plan(), weightsSeed, tmp, drift.get(), err);
            double[] ms = new double[on.size() + 1];
            for (int k = 0; k <= on.size(); k++) {
                ms[k] = need(paths.measure(a, k < on.size() ? on.get(k) : ""), k < on.size() ? "path " + on.get(k)
                        : "whole network");
            }
            double baseMs = need(plain.measure(inner), "network without exits");
            List<Policy> policies = policies(on.size(), val, test, ms);
            double floor = base.validationAccuracy() - tolerance / 100 - 1e-12;
            List<Policy> within = policies.stream().filter(p -> p.validation().accuracy() >= floor).toList();
            Policy best = within.stream().min(Comparator.comparingDouble(Policy::expectedMs)
                    .thenComparing(p -> -p.validation().accuracy())).orElse(null);
            if (json.on()) {
                out.println(Json.line(json(ee, a, on, base, joint, val, test, ms, baseMs, policies, best, profile)));
            } else {
                text(out, ee, a, on, base, joint, val, ms, baseMs, within, best, profile);
            }
            out.flush();
            return 0;
        } finally {
            CachingMeasurer.deleteScratch(tmp);
        }
    }

    /** Every combination of the exits' thresholds, scored on both splits with its expected latency. */
    private static List<Policy> policies(int exits, HeadOutputs val, HeadOutputs test, double[] ms) {
        List<Policy> policies = new ArrayList<>();
        List<String> choices = EarlyExitSpace.THRESHOLDS.subList(1, EarlyExitSpace.THRESHOLDS.size());
        int[] idx = new int[exits];
        while (true) {
            double[] t = new double[exits];
            for (int k = 0; k < t.length; k++) {
                t[k] = Double.parseDouble(choices.get(idx[k]));
            }
            ExitPolicy.Result v = ExitPolicy.apply(val, t);
            policies.add(new Policy(t, v, ExitPolicy.apply(test, t), ExpectedLatencyOracle.expected(ms,
                    v.shares())));
            int k = 0;
            while (k < idx.length && ++idx[k] == choices.size()) {
                idx[k++] = 0;
            }
            if (k == idx.length) {
                return policies;
            }
        }
    }

    private TrainingResult trained(TrainingService s, Architecture a, PrintWriter err) {
        TrainingService.Trained t = s.train(a, true, DjlTrainer.Listener.NONE);
        TrainingResult r = t.result();
        if (r.failed()) {
            throw new IllegalStateException("training " + s.space().networkKey(a) + " on " + dataset + " failed: "
                    + r.failure());
        }
        if (!json.on()) {
            err.printf(Locale.ROOT, "hwnas: %s %s: validation %.4f, test %.4f%s%n", t.cached() ? "stored" : "trained",
                    s.space().networkKey(a), r.validationAccuracy(), r.testAccuracy(), t.cached() ? ""
                            : String.format(Locale.ROOT, " (%.1f s)", r.trainSeconds()));
            err.flush();
        }
        return r;
    }

    private static double need(OptionalDouble ms, String what) {
        return ms.orElseThrow(() -> new IllegalStateException("the measurement of the " + what + " failed"));
    }

    private String thresholds(List<String> on, double[] t) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < on.size(); k++) {
            parts.add(on.get(k) + "=" + fmt(t[k]));
        }
        return String.join(",", parts);
    }

    private static String fmt(double t) {
        return t == Math.rint(t) ? Long.toString((long) t) : Double.toString(t);
    }

    private ObjectNode policyJson(EarlyExitSpace ee, Architecture a, List<String> on, Policy p) {
        ObjectNode o = Json.object();
        o.put("arch", ee.withThresholds(a, p.thresholds()).canonical());
        ObjectNode t = o.putObject("thresholds");
        for (int k = 0; k < on.size(); k++) {
            t.put(on.get(k), p.thresholds()[k]);
        }
        o.put("validation_accuracy", p.validation().accuracy());
        o.put("test_accuracy", p.test().accuracy());
        ObjectNode sh = o.putObject("shares");
        ObjectNode shTest = o.putObject("test_shares");
        for (int k = 0; k <= on.size(); k++) {
            String name = k < on.size() ? on.get(k) : "final";
            sh.put(name, p.validation().shares()[k]);
            shTest.put(name, p.test().shares()[k]);
        }
        o.put("expected_latency_ms", p.expectedMs());
        return o;
    }

    private ObjectNode json(EarlyExitSpace ee, Architecture a, List<String> on, TrainingResult base,
            TrainingResult joint, HeadOutputs val, HeadOutputs test, double[] ms, double baseMs, List<Policy> policies,
            Policy best, DeviceProfile profile) {
        ObjectNode o = Json.object();
        o.put("space", ee.name());
        o.put("network", ee.networkKey(a));
        o.put("dataset", dataset);
        o.put("budget", training.config().key());
        o.put("seed", seed.get());
        o.put("device", profile.id());
        o.put("accuracy_unit", "fraction");
        o.put("tolerance_pp", tolerance);
        ObjectNode b = o.putObject("without_exits");
        b.put("arch", ee.innerArchitecture(a).canonical());
        b.put("validation_accuracy", base.validationAccuracy());
        b.put("test_accuracy", base.testAccuracy());
        b.put("latency_ms", baseMs);
        ObjectNode j = o.putObject("with_exits");
        j.put("final_validation_accuracy", joint.validationAccuracy());
        j.put("final_test_accuracy", joint.testAccuracy());
        ObjectNode heads = j.putObject("exit_validation_accuracy");
        ObjectNode headsTest = j.putObject("exit_test_accuracy");
        ObjectNode paths = j.putObject("path_latency_ms");
        for (int k = 0; k < on.size(); k++) {
            heads.put(on.get(k), val.accuracy(k));
            headsTest.put(on.get(k), test.accuracy(k));
            paths.put(on.get(k), ms[k]);
        }
        j.put("worst_latency_ms", ms[on.size()]);
        if (best == null) {
            o.putNull("best");
        } else {
            ObjectNode bo = policyJson(ee, a, on, best);
            bo.put("speedup", baseMs / best.expectedMs());
            o.set("best", bo);
        }
        ArrayNode all = o.putArray("policies");
        for (Policy p : policies) {
            all.add(policyJson(ee, a, on, p));
        }
        return o;
    }

    private void text(PrintWriter out, EarlyExitSpace ee, Architecture a, List<String> on, TrainingResult base,
            TrainingResult joint, HeadOutputs val, double[] ms, double baseMs, List<Policy> within, Policy best,
            DeviceProfile profile) {
        out.printf(Locale.ROOT, "%s on %s, %s, seed %d; latency on %s%n", ee.networkKey(a), dataset,
                training.config().budget(), seed.get(), profile.id());
        out.printf(Locale.ROOT, "without exits: validation %.4f, test %.4f, %.3f ms%n", base.validationAccuracy(),
                base.testAccuracy(), baseMs);
        StringBuilder heads = new StringBuilder();
        for (int k = 0; k < on.size(); k++) {
            heads.append(String.format(Locale.ROOT, "%s %.4f (path %.3f ms), ", on.get(k), val.accuracy(k), ms[k]));
        }
        out.printf(Locale.ROOT, "with exits: %sfinal %.4f (whole network, the worst case, %.3f ms)%n", heads,
                joint.validationAccuracy(), ms[on.size()]);
        out.printf("%-24s %9s %9s %26s %12s%n", "thresholds", "val acc", "test acc", "shares (val)", "expected ms");
        for (Policy p : within.stream().sorted(Comparator.comparingDouble(Policy::expectedMs)).limit(10).toList()) {
            StringBuilder sh = new StringBuilder();
            for (double x : p.validation().shares()) {
                sh.append(sh.length() == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.3f", x));
            }
            out.printf(Locale.ROOT, "%-24s %9.4f %9.4f %26s %12.3f%n", thresholds(on, p.thresholds()),
                    p.validation().accuracy(), p.test().accuracy(), sh, p.expectedMs());
        }
        if (best == null) {
            out.printf(Locale.ROOT, "no thresholds keep the validation accuracy within %.2f points of %.4f%n",
                    tolerance, base.validationAccuracy());
        } else {
            out.printf(Locale.ROOT, "best within %.2f points: %s: expected %.3f ms against %.3f ms without exits "
                    + "(%.2fx), validation %.4f, test %.4f%n", tolerance, ee.withThresholds(a, best.thresholds())
                    .canonical(), best.expectedMs(), baseMs, baseMs / best.expectedMs(), best.validation().accuracy(),
                    best.test().accuracy());
        }
    }
}
