package io.hwnas.training.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.prune.StructuredPruning;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingService;
import java.util.Optional;

/**
 * Pruning with real training: the parent trained through the training database (or found there), its pruning path
 * from measured validation losses, and each pruned network fine-tuned from the parent's kept weights and stored
 * under a key that names the parent it came from, so a prune run again trains nothing twice. One for image
 * classifiers ({@link ImagePruning}), one for language models ({@link LanguagePruning}).
 */
public interface FineTunedPruning {

    /** Changes when what a pruned network starts from changes (the criterion, the weights copied). */
    String VERSION = "prune-v1";

    /** A trained parent and its weights (for the graph it is trained as). */
    record Parent(Architecture arch, TrainingResult result, Weights weights, boolean cached) {}

    /**
     * A pruned network fine-tuned.
     *
     * @param step   where it lies on the pruning path
     * @param before its validation accuracy with the parent's weights copied, before fine-tuning
     * @param result the fine-tuning's result (its validation accuracy is the network's)
     * @param cached whether the training database had the fine-tuning
     */
    record Pruned(PruningPath.Step step, double before, TrainingResult result, boolean cached) {}

    /**
     * The parent as a training left it: refused when the training failed, or when the database kept no weights.
     *
     * @param key what the database calls the training, for the message
     */
    static Parent parentOf(Architecture a, TrainingService.Trained t, Optional<Weights> weights, Object key) {
        if (t.result().failed()) {
            throw new IllegalArgumentException("the parent " + a.canonical() + " cannot be pruned: its training "
                    + "failed (" + t.result().failure() + ")");
        }
        Weights w = weights.orElseThrow(() -> new IllegalArgumentException("the training database has the parent "
                + a.canonical() + " without its weights (" + key + "); train it again with hwnas train --retrain, "
                + "which keeps them"));
        return new Parent(a, t.result(), w, t.cached());
    }

    StructuredPruning pruning();

    TrainingConfig fineTuneConfig();

    /**
     * The parent, trained unless the database has it with its weights.
     *
     * @throws IllegalArgumentException when its training failed, or the database holds its result without weights
     */
    Parent parent(Architecture a, DjlTrainer.Listener listener);

    /** The parent's pruning path, each part's cost the validation loss of the parent pruned there alone. */
    PruningPath path(Parent parent);

    /** The network of {@code step} fine-tuned from the parent's kept weights (or as the database has it). */
    Pruned fineTune(Parent parent, PruningPath.Step step, DjlTrainer.Listener listener);

    /** The network of {@code a} as it is exported and measured. */
    Graph exportGraph(Architecture a);

    /** The weights a fine-tuning ended with, for {@link #exportGraph}. */
    Weights exportWeights(Parent parent, Pruned pruned);

    /** What a training step of {@code a} with {@code config} sees: images, or tokens. */
    long seenPerStep(Architecture a, TrainingConfig config);

    /** {@code images} or {@code tokens}. */
    String seenUnit();
}
