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
public final class TrainingOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Training budget in epochs (default: 1 unless "
            + "--steps is given).")
    Integer epochs;

    @Option(names = "--steps", paramLabel = "N", description = "Training budget in optimiser steps, instead of "
            + "epochs.")
    Integer steps;

    @Option(names = "--batch-size", paramLabel = "B", description = "Images per step (default: 64).")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "O", description = "sgd (with momentum) or adam (default: sgd).")
    String optimizer;

    @Option(names = "--lr", paramLabel = "R", description = "Peak learning rate (default: 0.05).")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: 0.9).")
    Double momentum;

    @Option(names = "--weight-decay", paramLabel = "W", description = "L2 weight decay (default: 5.0E-4).")
    Double weightDecay;

    @Option(names = "--schedule", paramLabel = "S", description = "Learning-rate schedule: cosine, step (/10 at 1/2 "
            + "and 3/4) or constant (default: cosine).")
    String schedule;

    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear learning-rate warm-up steps "
            + "(default: 0).")
    Integer warmupSteps;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: stop after N epochs without a "
            + "better validation accuracy, keeping the best (default: 0, never).")
    Integer patience;

    @Option(names = "--clip-norm", paramLabel = "C", description = "Clip each step's gradients to this global L2 "
            + "norm, 0 for none (default: 5.0).")
    Double clipNorm;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on at most N images of the training "
            + "split (default: all).")
    Integer trainLimit;

    @Option(names = "--training-threads", paramLabel = "N", description = "PyTorch threads (default: one per core).")
    int threads = 0;

    @Option(names = "--training-db", paramLabel = "FILE", description = "Training results and weights (default: "
            + "$HWNAS_HOME/trainings.db).")
    Path trainingDb;

    /** The training as these options give it, the defaults (1 epoch, ...) for what they leave out. */
    public TrainingConfig config() {
        return config(TrainingConfig.builder().build());
    }

    /** {@code base} with what these options give instead (a resumed search's training, say). */
    public TrainingConfig config(TrainingConfig base) {
        if (epochs != null && steps != null) {
            throw new IllegalArgumentException("--epochs and --steps are two budgets; give one of them");
        }
        TrainingConfig.Builder b = base.toBuilder();
        if (steps != null) {
            b.steps(steps);
        } else if (epochs != null) {
            b.epochs(epochs);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (optimizer != null) {
            b.optimizer(TrainingConfig.Optimizer.parse(optimizer));
        }
        if (learningRate != null) {
            b.learningRate(learningRate);
        }
        if (momentum != null) {
            b.momentum(momentum);
        }
        if (weightDecay != null) {
            b.weightDecay(weightDecay);
        }
        if (schedule != null) {
            b.schedule(TrainingConfig.Schedule.parse(schedule));
        }
        if (warmupSteps != null) {
            b.warmupSteps(warmupSteps);
        }
        if (patience != null) {
            b.patience(patience);
        }
        if (trainLimit != null) {
            b.trainLimit(trainLimit);
        }
        if (clipNorm != null) {
            b.clipNorm(clipNorm);
        }
        return b.build();
    }

    /** Sets what is not given from {@code c} (a resumed search's training). */
    public void fillFrom(TrainingConfig c) {
        if (epochs == null && steps == null) {
            if (c.epochs() > 0) {
                epochs = c.epochs();
            } else {
                steps = c.steps();
            }
        }
        batchSize = batchSize != null ? batchSize : c.batchSize();
        optimizer = optimizer != null ? optimizer : c.optimizer().toString();
        learningRate = learningRate != null ? learningRate : c.learningRate();
        momentum = momentum != null ? momentum : c.momentum();
        weightDecay = weightDecay != null ? weightDecay : c.weightDecay();
        schedule = schedule != null ? schedule : c.schedule().toString();
        warmupSteps = warmupSteps != null ? warmupSteps : c.warmupSteps();
        patience = patience != null ? patience : c.patience();
        trainLimit = trainLimit != null ? trainLimit : c.trainLimit();
        clipNorm = clipNorm != null ? clipNorm : c.clipNorm();
    }

    /** PyTorch's threads ({@code --training-threads}; 0: one per core). */
    public int threads() {
        return threads;
    }

    public Path dbPath() {
        return trainingDb != null ? trainingDb : HwnasHome.fromEnvironment().trainingDatabase();
    }

    public SqliteTrainingStore open() throws TrainingStoreException {
        return SqliteTrainingStore.open(dbPath());
    }

    public DjlTrainer trainer() {
        return trainer(threads);
    }

    /** A trainer on PyTorch started with {@code n} threads (0: one per core), unless this process started it. */
    public DjlTrainer trainer(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--training-threads must be >= 0, but was " + n);
        }
        return new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), n));
    }
}
