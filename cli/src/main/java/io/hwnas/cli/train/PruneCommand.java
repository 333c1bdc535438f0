package io.hwnas.cli.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.DeviceMeasurer;
import io.hwnas.cli.DeviceOptions;
import io.hwnas.cli.DriftOption;
import io.hwnas.cli.Json;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.PlanOptions;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.Spaces;
import io.hwnas.cli.TrainingOptions;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Metric;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.data.TextCorpus;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.prune.FineTunedPruning;
import io.hwnas.training.prune.ImagePruning;
import io.hwnas.training.prune.LanguagePruning;
import io.hwnas.training.oracle.LanguageModelService;
import io.hwnas.training.djl.LanguageModelTrainer;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.prune.StructuredPruning;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Structured pruning of a trained network against searching for a small one: trains the parent (or takes it from
 * the training database), orders its prunable parts by the validation loss each costs per unit removed, prunes to
 * each ratio asked (or to the sizes that meet a latency target), fine-tunes each pruned network from the parent's
 * kept weights, and measures each on a device.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prune a trained network's blocks and channels (mbv3: blocks and expansions; a transformer: "
                + "layers and feed-forward width), fine-tune each "
                + "pruned network from the parent's weights, and measure it: the pruned front, beside a search's.",
            "The parent is trained with the training options (or found in the training database); each pruned "
                + "network is fine-tuned for --fine-tune-steps on the parent's split and stored there too, so a "
                + "prune run again trains nothing twice. Accuracies are validation accuracies, as fractions."})
public final class PruneCommand implements Callable<Integer> {

    /** Sizes swept below the largest network that meets a latency target. */
    static final int TARGET_SWEEP = 5;

    @Option(names = "--space", paramLabel = "S", description = "A space with prunable dimensions (default: "
            + "${DEFAULT-VALUE}).")
    String space = "mbv3";

    @Option(names = "--arch", required = true, paramLabel = "A", description = "The parent architecture.")
    String arch;

    @Option(names = "--dataset", paramLabel = "D", description = "mnist or digits, or moby-dick for a language "
            + "model (default: ${DEFAULT-VALUE}).")
    String dataset = "mnist";

    @Option(names = "--ratios", split = ",", paramLabel = "R", description = "Fractions of the parent's prunable "
            + "units to keep, each in (0, 1], e.g. 0.8,0.6,0.4.")
    List<Double> ratios;

    @Option(names = "--target", paramLabel = "BUDGET", description = "A latency budget, e.g. 'latency_ms<=2': the "
            + "largest pruned network that meets it on --device and " + (TARGET_SWEEP - 1) + " smaller ones.")
    String target;

    @Option(names = "--fine-tune-steps", paramLabel = "N", description = "Optimiser steps of each fine-tuning, "
            + "with the training options' batch and learning rate (default: ${DEFAULT-VALUE}).")
    int fineTuneSteps = 100;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Also write the JSON here.")
    Path outFile;

    @Option(names = "--export", paramLabel = "DIR", description = "Write each pruned network, with its fine-tuned "
            + "weights, as ONNX into this folder.")
    Path exportDir;

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the measured models' random "
            + "weights (default: ${DEFAULT-VALUE}).")
    long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    DriftOption drift = new DriftOption();

    @Mixin
    JsonOption json;

    @Mixin
    DeviceOptions device;

    @Mixin
    DatabaseOption database;

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @ArgGroup(exclusive = false, heading = "Training of the parent:%n")
    TrainingOptions training = new TrainingOptions();

    @Spec
    CommandSpec spec;

    /** A pruned network, fine-tuned and measured. */
    private record Row(FineTunedPruning.Pruned pruned, double ms) {}

    @Override
    public Integer call() throws Exception {
        SearchSpace s = Spaces.get(space);
        boolean text = TextCorpus.isCorpus(dataset);
        if (text && !(s instanceof TransformerSpace)) {
            throw new IllegalArgumentException("--dataset " + dataset + " is text: it prunes a language model of "
                    + "--space transformer-tiny (or transformer), not " + s.name());
        }
        ImageDataset d = text ? null : Datasets.get(dataset);
        Architecture a = s.decode(arch);
        StructuredPruning.require(s);
        if ((ratios == null) == (target == null)) {
            throw new IllegalArgumentException("give --ratios R1,R2,... or --target 'latency_ms<=X', one of them");
        }
        Budget budget = target == null ? null : latencyTarget(target);
        if (ratios != null) {
            for (double r : ratios) {
                if (!(r > 0 && r <= 1)) {
                    throw new IllegalArgumentException("--ratios: " + r + " is not a fraction of units kept in (0, 1]");
                }
            }
        }
        if (exportDir != null && Files.exists(exportDir) && !Files.isDirectory(exportDir)) {
            throw new IllegalArgumentException("--export " + exportDir + " is a file, not a folder");
        }
        DeviceProfile profile = device.usable();
        TrainingConfig parentBudget = training.config();
        TrainingConfig fineTune = parentBudget.toBuilder().steps(fineTuneSteps).patience(0).build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path tmp = Files.createTempDirectory("hwnas-prune");
        try (SqliteTrainingStore trainings = training.open(); SqliteMeasurementStore store = database.open()) {
            DjlTrainer trainer = training.trainer();
            FineTunedPruning pruning = text
                    ? new LanguagePruning(new LanguageModelService((TransformerSpace) s, TextCorpus.get(dataset),
                            parentBudget, seed.get(), trainings, new LanguageModelTrainer(trainer.engine())), fineTune)
                    : new ImagePruning(new TrainingService(s, d, parentBudget, seed.get(), trainings, trainer, true),
                            fineTune);
            // What is measured: an image network at the dataset's input and classes, a language model as it is.
            SearchSpace measured = text ? s : new BoundSpace(s, GraphOptions.DEFAULTS.inputChannels(d.channels())
                    .inputSize(d.height()).classes(d.classes()), dataset);
            FineTunedPruning.Parent parent = pruning.parent(a, DjlTrainer.Listener.NONE);
            say(err, "%s parent %s: validation %.4f", parent.cached() ? "stored" : "trained", a.canonical(),
                    parent.result().validationAccuracy());
            PruningPath path = pruning.path(parent);
            say(err, "pruning path: %d networks, down to %.3f of %d units", path.steps().size(),
                    path.smallest().ratio(), path.units());
            CachingMeasurer measurer = DeviceMeasurer.of(measured, profile,
                    new OrtProfiler(), store, plan.plan(), weightsSeed, tmp, drift.get(), err);
            double parentMs = need(measurer.measure(a), a);
            List<PruningPath.Step> steps = budget == null ? byRatio(path) : byTarget(path, budget, measurer);
            List<Row> rows = new ArrayList<>();
            for (PruningPath.Step step : steps) {
                FineTunedPruning.Pruned p = pruning.fineTune(parent, step, DjlTrainer.Listener.NONE);
                if (p.result().failed()) {
                    throw new IllegalStateException("fine-tuning " + step.arch().canonical() + " failed: "
                            + p.result().failure());
                }
                double ms = need(measurer.measure(step.arch()), step.arch());
                say(err, "%s %s (%.3f of units): validation %.4f (%.4f before fine-tuning), %.3f ms",
                        p.cached() ? "stored" : "fine-tuned", step.arch().canonical(), step.ratio(),
                        p.result().validationAccuracy(), p.before(), ms);
                rows.add(new Row(p, ms));
            }
            if (exportDir != null) {
                export(pruning, parent, rows, s);
            }
            ObjectNode o = json(s, profile, parent, parentMs, path, pruning, rows);
            if (outFile != null) {
                AtomicFiles.write(outFile, (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (json.on()) {
                out.println(Json.line(o));
            } else {
                text(out, profile, parent, parentMs, rows);
            }
            out.flush();
            return 0;
        } finally {
            CachingMeasurer.deleteScratch(tmp);
        }
    }

    /** Each ratio's step, all checked before any fine-tuning. */
    private List<PruningPath.Step> byRatio(PruningPath path) {
        List<PruningPath.Step> out = new ArrayList<>();
        for (double r : ratios) {
            out.add(path.at(r));
        }
        return out;
    }

    /**
     * The least pruned network that meets {@code budget} as measured (latency falls along the path, so it is
     * searched by halves and checked), then smaller ones, evenly spaced along the path to its end.
     */
    private static List<PruningPath.Step> byTarget(PruningPath path, Budget budget, CachingMeasurer m) {
        List<PruningPath.Step> steps = path.steps();
        int last = steps.size() - 1;
        double smallest = need(m.measure(steps.get(last).arch()), steps.get(last).arch());
        if (!budget.admits(smallest)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--target %s cannot be reached by "
                    + "pruning %s: the smallest network it leaves, %s, measures %.3f ms", budget,
                    path.parent().canonical(), steps.get(last).arch().canonical(), smallest));
        }
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (budget.admits(need(m.measure(steps.get(mid).arch()), steps.get(mid).arch()))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // A parent that meets the target already is not a pruned network: the sweep starts at the first that is.
        lo = Math.max(lo, 1);
        Map<Integer, PruningPath.Step> chosen = new LinkedHashMap<>();
        for (int k = 0; k < TARGET_SWEEP; k++) {
            int i = lo + (int) Math.round(k * (last - lo) / (double) (TARGET_SWEEP - 1));
            chosen.putIfAbsent(i, steps.get(i));
        }
        return List.copyOf(chosen.values());
    }

    private static Budget latencyTarget(String text) {
        Budget b = Budget.parse(text);
        if (b.metric() != Metric.LATENCY_MS || !b.comparison().symbol().startsWith("<")) {
            throw new IllegalArgumentException("--target " + text + ": a pruning target is a latency ceiling, "
                    + "e.g. 'latency_ms<=2'");
        }
        return b;
    }

    private void export(FineTunedPruning pruning, FineTunedPruning.Parent parent, List<Row> rows, SearchSpace s)
            throws Exception {
        Files.createDirectories(exportDir);
        int i = 0;
        for (Row r : rows) {
            Architecture child = r.pruned().step().arch();
            byte[] onnx = OnnxExporter.builder().metadata("hwnas.space", s.name())
                    .metadata("hwnas.arch", child.canonical()).metadata("hwnas.pruned_from", parent.arch().canonical())
                    .build().toBytes(pruning.exportGraph(child), pruning.exportWeights(parent, r.pruned()));
            AtomicFiles.write(exportDir.resolve(String.format(Locale.ROOT, "pruned-%d-%.3f.onnx", ++i,
                    r.pruned().step().ratio())), onnx);
        }
    }

    private ObjectNode json(SearchSpace s, DeviceProfile profile, FineTunedPruning.Parent parent, double parentMs,
            PruningPath path, FineTunedPruning pruning, List<Row> rows) {
        TrainingConfig parentBudget = training.config();
        ObjectNode o = Json.object();
        o.put("space", s.name());
        o.put("dataset", dataset);
        o.put("device", profile.id());
        o.put("seed", seed.get());
        o.put("budget", parentBudget.key());
        o.put("fine_tune_budget", pruning.fineTuneConfig().key());
        o.put("accuracy_unit", "fraction");
        o.put("criterion", pruning.pruning().criterion());
        ObjectNode p = o.putObject("parent");
        p.put("arch", parent.arch().canonical());
        p.put("accuracy", parent.result().validationAccuracy());
        p.put("latency_ms", parentMs);
        p.put("units", path.units());
        p.put("train_steps", parent.result().steps());
        p.put("cached", parent.cached());
        long seen = parent.result().steps() * pruning.seenPerStep(parent.arch(), parentBudget);
        ArrayNode list = o.putArray("pruned");
        for (Row r : rows) {
            ObjectNode x = list.addObject();
            x.put("arch", r.pruned().step().arch().canonical());
            x.put("accuracy", r.pruned().result().validationAccuracy());
            x.put("latency_ms", r.ms());
            x.put("ratio", r.pruned().step().ratio());
            x.put("fine_tune_steps", r.pruned().result().steps());
            x.put("accuracy_before_fine_tune", r.pruned().before());
            x.put("units", r.pruned().step().units());
            x.put("cached", r.pruned().cached());
            seen += r.pruned().result().steps() * pruning.seenPerStep(r.pruned().step().arch(),
                    pruning.fineTuneConfig());
        }
        o.put("training_" + pruning.seenUnit(), seen);
        return o;
    }

    private void text(PrintWriter out, DeviceProfile profile, FineTunedPruning.Parent parent, double parentMs,
            List<Row> rows) {
        out.printf(Locale.ROOT, "%s on %s, seed %d, latency on %s%n", parent.arch().canonical(), dataset, seed.get(),
                profile.id());
        out.printf(Locale.ROOT, "%-60s %6s %9s %9s %10s%n", "arch", "ratio", "accuracy", "before", "ms");
        out.printf(Locale.ROOT, "%-60s %6.3f %9.4f %9s %10.3f%n", parent.arch().canonical(), 1.0,
                parent.result().validationAccuracy(), "", parentMs);
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-60s %6.3f %9.4f %9.4f %10.3f%n", r.pruned().step().arch().canonical(),
                    r.pruned().step().ratio(), r.pruned().result().validationAccuracy(), r.pruned().before(), r.ms());
        }
    }


    private void say(PrintWriter err, String format, Object... args) {
        if (!json.on()) {
            err.printf(Locale.ROOT, "hwnas: " + format + "%n", args);
            err.flush();
        }
    }

    private static double need(OptionalDouble ms, Architecture a) {
        return ms.orElseThrow(() -> new IllegalStateException("the measurement of " + a.canonical() + " failed"));
    }
}
