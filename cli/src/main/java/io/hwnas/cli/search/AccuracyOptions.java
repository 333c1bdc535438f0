package io.hwnas.cli.search;

import io.hwnas.cli.TrainingOptions;
import io.hwnas.core.objective.ScalingLaw;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.training.data.Datasets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where accuracy comes from: a table, a scaling law or training, and an early-exit space's shares. Every field is
 * null until given, so that a resumed run's configuration fills what is not ({@link #fillFrom}).
 */
final class AccuracyOptions {

    static final double DEFAULT_TOKENS_PER_PARAM = 20;

    @Option(names = "--accuracy", paramLabel = "ORACLE", description = "Accuracy oracle: nb201:cifar10|cifar100|"
            + "imagenet16 (200 epochs), nb201-12ep:cifar10|cifar100|imagenet16 (12 epochs, validation; -test for the "
            + "test split), table (with --accuracy-table), train:mnist|train:digits (every candidate trained with "
            + "DJL on this CPU, its validation accuracy used; see Training), or for transformer scaling:chinchilla|"
            + "scaling:epoch (minus the loss a scaling law predicts). Default: nb201:cifar10 on nb201, "
            + "scaling:chinchilla on transformer.")
    String accuracy;

    @Option(names = "--tokens", paramLabel = "N", description = "Training tokens of every candidate for a scaling:LAW "
            + "oracle (default: --tokens-per-param times its parameters).")
    Double tokens;

    @Option(names = "--tokens-per-param", paramLabel = "R", description = "Training tokens per parameter when "
            + "--tokens is not given (default: 20.0, Hoffmann et al.'s compute-optimal ratio).")
    Double tokensPerParam;

    @Option(names = "--accuracy-table", paramLabel = "F", description = "CSV of accuracies (in %%) for --accuracy table.")
    Path accuracyTable;

    @Option(names = "--accuracy-column", paramLabel = "A", description = "Accuracy column of --accuracy-table.")
    String accuracyColumn;

    @Option(names = "--exit-shares", paramLabel = "S,..", description = "For an early-exit space (nb201-ee, "
            + "mbv3-ee) whose accuracy is not trained: the share of inputs leaving at each exit position and at the "
            + "final classifier, e.g. 0.3,0.2,0.5 for nb201-ee (an exit that is off passes its share on to the next). "
            + "Accuracy is then the network's without exits, assumed unchanged by them. With --accuracy "
            + "train:DATASET the shares are measured instead: each threshold's policy on the validation split.")
    String exitShares;

    @Option(names = "--final-epochs", paramLabel = "N", description = "Successive halving with --accuracy "
            + "train:DATASET: every candidate gets the short budget (--epochs or --steps), the final front's members "
            + "are trained again for N epochs, and the front is found again with those accuracies.")
    Integer finalEpochs;

    @ArgGroup(exclusive = false, heading = "Training (with --accuracy train:DATASET):%n")
    TrainingOptions training = new TrainingOptions();

    /** The dataset of {@code --accuracy train:DATASET}, or null. */
    String trainDataset() {
        if (accuracy == null || !accuracy.startsWith("train:")) {
            return null;
        }
        String d = accuracy.substring("train:".length());
        if (!Datasets.NAMES.contains(d)) {
            throw new IllegalArgumentException("unknown dataset in --accuracy " + accuracy + "; known: "
                    + Datasets.NAMES.stream().map(n -> "train:" + n).toList());
        }
        return d;
    }

    /**
     * The accuracy source these options name for {@code space}, whose early-exit spaces' accuracy (when it is not
     * trained) is the inner space's.
     *
     * @param space      the space's name, without its early exits when they are not trained
     * @param archColumn the tables' architecture column
     */
    AccuracySource source(String space, String archColumn) {
        String dataset = trainDataset();
        if (finalEpochs != null && dataset == null) {
            throw new IllegalArgumentException("--final-epochs promotes trained candidates; it needs --accuracy "
                    + "train:DATASET");
        }
        if (finalEpochs != null && finalEpochs < 1) {
            throw new IllegalArgumentException("--final-epochs must be >= 1, but was " + finalEpochs);
        }
        if (dataset != null) {
            return new AccuracySource.Training(dataset, training.config(), finalEpochs);
        }
        String name = accuracy != null ? accuracy : space.equals("nb201") ? "nb201:cifar10"
                : space.equals(TransformerSpace.NAME) ? "scaling:chinchilla" : null;
        if (name == null) {
            throw new IllegalArgumentException("--accuracy is needed for space '" + space + "': hwnas ships "
                    + "accuracies for nb201 only; train each candidate with --accuracy train:mnist (or "
                    + "train:digits), or give your own table with --accuracy table --accuracy-table F "
                    + "--accuracy-column A");
        }
        if (name.equals("table")) {
            if (accuracyTable == null || accuracyColumn == null) {
                throw new IllegalArgumentException("--accuracy table needs --accuracy-table F and --accuracy-column A");
            }
            return new AccuracySource.Table(accuracyTable.toAbsolutePath().toString(), accuracyColumn, archColumn);
        }
        if (accuracyTable != null) {
            throw new IllegalArgumentException("--accuracy-table is read only with --accuracy table");
        }
        if (name.startsWith("scaling:")) {
            if (!space.equals(TransformerSpace.NAME)) {
                throw new IllegalArgumentException("--accuracy " + name + " predicts a language model's loss; it "
                        + "needs --space transformer, not " + space);
            }
            String law = name.substring("scaling:".length());
            ScalingLaw.named(law);
            return new AccuracySource.ScalingLaw(law, tokens,
                    tokensPerParam == null ? DEFAULT_TOKENS_PER_PARAM : tokensPerParam);
        }
        if (tokens != null) {
            throw new IllegalArgumentException("--tokens is for a scaling:LAW accuracy oracle");
        }
        if (name.startsWith("nb201")) {
            // Which of the table's columns, and whether the space has them, is checked where the oracle is made.
            return new AccuracySource.Nb201(name);
        }
        throw new IllegalArgumentException("unknown accuracy oracle '" + name + "'; known: "
                + io.hwnas.core.search.TableOracles.knownNb201() + ", table, train:mnist, train:digits, scaling:chinchilla, scaling:epoch");
    }

    /** The shares of {@code --exit-shares}, or null. */
    List<Double> exitShares() {
        if (exitShares == null) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (String part : exitShares.split(",", -1)) {
            try {
                out.add(Double.parseDouble(part.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--exit-shares '" + exitShares + "': '" + part.strip()
                        + "' is not a number");
            }
        }
        return out;
    }

    /** Sets what is not given from a run's configuration. */
    void fillFrom(AccuracySource source, List<Double> shares) {
        if (exitShares == null && shares != null) {
            exitShares = shares.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (accuracy != null) {
            return;
        }
        if (source instanceof AccuracySource.Table t) {
            accuracy = "table";
            accuracyTable = accuracyTable != null ? accuracyTable : Path.of(t.file());
            accuracyColumn = accuracyColumn != null ? accuracyColumn : t.column();
        } else if (source instanceof AccuracySource.ScalingLaw l) {
            accuracy = l.name();
            tokens = tokens != null ? tokens : l.tokens();
            tokensPerParam = tokensPerParam != null ? tokensPerParam : l.tokensPerParam();
        } else if (source instanceof AccuracySource.Training t) {
            accuracy = t.name();
            finalEpochs = finalEpochs != null ? finalEpochs : t.finalEpochs();
            training.fillFrom(t.training());
        } else {
            accuracy = source.name();
        }
    }
}
