package io.hwnas.cli.train;

import io.hwnas.cli.SeedOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Json;
import io.hwnas.cli.SpaceOption;
import io.hwnas.cli.TrainingOptions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.train.EpochStats;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.TextCorpus;
import io.hwnas.training.djl.LanguageModelTrainer;
import io.hwnas.training.oracle.LanguageModelService;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains one architecture on a shipped dataset with DJL and prints its validation accuracy; the result (and the
 * trained weights) go into the training database, so the same training is never run twice.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an architecture on a shipped dataset (mnist, digits) with DJL's PyTorch engine on this "
                + "machine's CPU, and print its validation accuracy (a fraction in [0, 1]).",
            "The split (80 %% train, 10 %% validation, 10 %% test), the initial weights and the order of the images come "
                + "from --seed. A training already in the database is not run again (--retrain forces it)."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture string.")
    String arch;

    @Option(names = "--dataset", required = true, paramLabel = "D", description = "mnist or digits (images), or "
            + "moby-dick (text, byte tokens, for --space transformer-tiny: a language model).")
    String dataset;

    @Mixin
    SeedOption seed = new SeedOption();

    @Option(names = "--test", description = "Also score the test split (keep it for final choices).")
    boolean test;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the trained network as ONNX "
            + "(input standardised with the training split's mean and deviation: see input_mean, input_std).")
    Path output;

    @Option(names = "--retrain", description = "Train again even if the database has this training.")
    boolean retrain;

    @Mixin
    JsonOption json;

    @ArgGroup(exclusive = false, heading = "Training:%n")
    TrainingOptions training = new TrainingOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        Architecture a = s.decode(arch);
        TrainingConfig config = training.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (TextCorpus.isCorpus(dataset)) {
            return languageModel(s, a, config, out, err);
        }
        try (SqliteTrainingStore store = training.open()) {
            DjlTrainer trainer = training.trainer();
            TrainingService service = new TrainingService(s, Datasets.get(dataset), config, seed.get(), store, trainer,
                    true);
            if (retrain) {
                store.delete(service.key(a));
            }
            TrainingService.Trained t = service.train(a, test, progress(err, "train accuracy %.4f, validation"));
            TrainingResult r = t.result();
            if (r.failed()) {
                throw new IllegalStateException("training " + a.canonical() + " on " + dataset + " failed: "
                        + r.failure());
            }
            if (output != null) {
                Graph g = service.graph(a);
                Weights w = service.weights(a).orElseThrow(() -> new IllegalStateException("the database has no "
                        + "weights of this training (trained without keeping them); run again with --retrain"));
                AtomicFiles.write(output, OnnxExporter.defaults().toBytes(g, w));
            }
            if (json.on()) {
                out.println(Json.line(json(s, a, config, t)));
            } else {
                out.printf(Locale.ROOT, "%s %s on %s, %s, seed %d: validation accuracy %.4f%s (%d steps, %.1f s, "
                        + "%.0f images/s%s)%n", s.name(), a.canonical(), dataset, config.budget(), seed.get(),
                        r.validationAccuracy(), r.hasTestAccuracy() ? String.format(Locale.ROOT,
                                ", test accuracy %.4f", r.testAccuracy()) : "", r.steps(), r.trainSeconds(),
                        r.imagesPerSecond(), t.cached() ? "; from the training database" : "");
                if (output != null) {
                    out.printf("wrote %s (trained weights)%n", output);
                }
            }
        }
        return 0;
    }

    /** One line per evaluation on stderr (none with --json): {@code accuracies} names the two accuracies. */
    private DjlTrainer.Listener progress(PrintWriter err, String accuracies) {
        return new DjlTrainer.Listener() {
            @Override
            public void step(int done, int total) {}

            @Override
            public void evaluated(EpochStats e) {
                if (!json.on()) {
                    err.printf(Locale.ROOT, "hwnas: train %s: epoch %.2f, step %d, loss %.4f, " + accuracies
                            + " %.4f (%.1f s)%n", dataset, e.epoch(), e.step(), e.trainLoss(), e.trainAccuracy(),
                            e.validationAccuracy(), e.seconds());
                    err.flush();
                }
            }
        };
    }

    /** A language model on a text corpus: validation loss in nats per token, next-token accuracy. */
    private int languageModel(SearchSpace s, Architecture a, TrainingConfig config, PrintWriter out, PrintWriter err)
            throws Exception {
        if (!(s instanceof TransformerSpace ts)) {
            throw new IllegalArgumentException("--dataset " + dataset + " is text: it trains a language model of "
                    + "--space transformer-tiny (or transformer), not " + s.name());
        }
        if (test) {
            throw new IllegalArgumentException("--test: a text corpus has a training and a validation part only");
        }
        TextCorpus corpus = TextCorpus.get(dataset);
        try (SqliteTrainingStore store = training.open()) {
            LanguageModelService service = new LanguageModelService(ts, corpus, config, seed.get(), store,
                    new LanguageModelTrainer(training.trainer().engine()));
            if (retrain) {
                store.delete(service.key(a));
            }
            TrainingService.Trained t = service.train(a, progress(err, "train next-token accuracy %.4f, "
                    + "validation"));
            TrainingResult r = t.result();
            if (r.failed()) {
                throw new IllegalStateException("training " + a.canonical() + " on " + dataset + " failed: "
                        + r.failure());
            }
            if (output != null) {
                AtomicFiles.write(output, OnnxExporter.defaults().toBytes(ts.buildGraph(a), service.weights(a)
                        .orElseThrow(() -> new IllegalStateException("the database has no weights of this training"))));
            }
            int length = ts.size(a).context();
            if (json.on()) {
                ObjectNode o = json(s, a, config, t);
                o.put("accuracy_split", "validation (next token)");
                o.put("loss", r.validationLoss());
                o.put("loss_unit", "nats per byte");
                o.put("bits_per_byte", r.validationLoss() / Math.log(2));
                o.put("sequences_per_second", r.imagesPerSecond());
                o.put("tokens_per_second", r.imagesPerSecond() * length);
                o.put("tokens_trained", (long) r.steps() * config.batchSize() * length);
                o.remove("images_per_second");
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "%s %s on %s, %s, seed %d: validation loss %.4f nats per byte (%.3f bits), "
                        + "next-byte accuracy %.4f (%d steps, %.1f s, %.0f tokens/s%s)%n", s.name(), a.canonical(),
                        dataset, config.budget(), seed.get(), r.validationLoss(), r.validationLoss() / Math.log(2),
                        r.validationAccuracy(), r.steps(), r.trainSeconds(), r.imagesPerSecond() * length,
                        t.cached() ? "; from the training database" : "");
            }
        }
        return 0;
    }

    private ObjectNode json(SearchSpace s, Architecture a, TrainingConfig config, TrainingService.Trained t) {
        TrainingResult r = t.result();
        ObjectNode o = Json.object();
        o.put("space", s.name());
        o.put("arch", a.canonical());
        o.put("dataset", dataset);
        o.put("seed", seed.get());
        o.put("accuracy", r.validationAccuracy());
        o.put("accuracy_unit", "fraction");
        o.put("accuracy_split", "validation");
        o.put("validation_accuracy", r.validationAccuracy());
        if (r.hasTestAccuracy()) {
            o.put("test_accuracy", r.testAccuracy());
        }
        o.put("epochs", r.epochs());
        o.put("steps", r.steps());
        o.put("best_epoch", r.bestEpoch());
        o.put("stopped_early", r.stoppedEarly());
        o.put("train_seconds", r.trainSeconds());
        o.put("images_per_second", r.imagesPerSecond());
        o.put("parameters", r.parameters());
        o.put("budget", config.key());
        o.put("cached", t.cached());
        r.provenance().forEach((k, v) -> {
            if (!k.equals("config")) {
                o.put(k, v);
            }
        });
        ArrayNode h = o.putArray("history");
        for (EpochStats e : r.history()) {
            h.addObject().put("epoch", e.epoch()).put("step", e.step()).put("train_loss", e.trainLoss())
                    .put("train_accuracy", e.trainAccuracy()).put("validation_accuracy", e.validationAccuracy())
                    .put("seconds", e.seconds());
        }
        if (output != null) {
            o.put("onnx", output.toString());
        }
        return o;
    }
}
