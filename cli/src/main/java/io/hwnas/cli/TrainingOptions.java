package io.hwnas.cli;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingStoreException;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** How candidates are trained: the budget, the optimiser, the schedule, early stopping, the database. */
final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Training budget in epochs (default: 1 unless "
            + "--steps is given).")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "Training budget in optimiser steps, instead of "
            + "epochs.")
    Integer steps;

    @Option(names = "--batch-size", paramLabel = "B", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize = 64;

    @Option(names = "--optimizer", paramLabel = "O", description = "sgd (with momentum) or adam (default: "
            + "${DEFAULT-VALUE}).")
    String optimizer = "sgd";

    @Option(names = "--lr", paramLabel = "R", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate = 0.05;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum = 0.9;

    @Option(names = "--weight-decay", paramLabel = "W", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay = 5e-4;

    @Option(names = "--schedule", paramLabel = "S", description = "Learning-rate schedule: cosine, step (/10 at 1/2 "
            + "and 3/4) or constant (default: ${DEFAULT-VALUE}).")
    String schedule = "cosine";

    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear learning-rate warm-up steps "
            + "(default: ${DEFAULT-VALUE}).")
    int warmupSteps = 0;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: stop after N epochs without a "
            + "better validation accuracy, keeping the best (default: ${DEFAULT-VALUE}, never).")
    int patience = 0;

    @Option(names = "--clip-norm", paramLabel = "C", description = "Clip each step's gradients to this global L2 "
            + "norm, 0 for none (default: ${DEFAULT-VALUE}).")
    double clipNorm = 5;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on at most N images of the training "
            + "split (default: all).")
    int trainLimit = 0;

    @Option(names = "--training-threads", paramLabel = "N", description = "PyTorch threads (default: one per core).")
    int threads = 0;

    @Option(names = "--training-db", paramLabel = "FILE", description = "Training results and weights (default: "
            + "$HWNAS_HOME/trainings.db).")
    Path trainingDb;

    TrainingConfig config() {
        if (epochs != null && steps != null) {
            throw new IllegalArgumentException("--epochs and --steps are two budgets; give one of them");
        }
        TrainingConfig.Builder b = TrainingConfig.builder();
        if (steps != null) {
            b.steps(steps);
        } else {
            b.epochs(epochs == null ? 1 : epochs);
        }
        return b.batchSize(batchSize).optimizer(TrainingConfig.Optimizer.parse(optimizer)).learningRate(learningRate)
                .momentum(momentum).weightDecay(weightDecay).schedule(TrainingConfig.Schedule.parse(schedule))
                .warmupSteps(warmupSteps).patience(patience).trainLimit(trainLimit).clipNorm(clipNorm).build();
    }

    Path dbPath() {
        return trainingDb != null ? trainingDb : HwnasHome.fromEnvironment().trainingDatabase();
    }

    SqliteTrainingStore open() throws TrainingStoreException {
        return SqliteTrainingStore.open(dbPath());
    }

    DjlTrainer trainer() {
        return trainer(threads);
    }

    /** A trainer on PyTorch started with {@code n} threads (0: one per core), unless this process started it. */
    DjlTrainer trainer(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--training-threads must be >= 0, but was " + n);
        }
        return new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), n));
    }

    /** The options as the search's manifest records them (resume compares them). */
    void settings(Map<String, Object> m) {
        TrainingConfig c = config();
        m.put(c.epochs() > 0 ? "--epochs" : "--steps", c.epochs() > 0 ? c.epochs() : c.steps());
        m.put("--batch-size", batchSize);
        m.put("--optimizer", optimizer);
        m.put("--lr", learningRate);
        m.put("--momentum", momentum);
        m.put("--weight-decay", weightDecay);
        m.put("--schedule", schedule);
        m.put("--warmup-steps", warmupSteps);
        m.put("--patience", patience);
        m.put("--train-limit", trainLimit);
        m.put("--clip-norm", clipNorm);
    }
}
