package io.hwnas.training.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.prune.StructuredPruning;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.TrainingService;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Prunes networks trained on an image dataset: the parent trained through the training database (or found there),
 * its pruning path from the validation loss of each part removed alone, and each pruned network fine-tuned from the
 * parent's kept weights on the parent's split, saved in the training database under a key that names the parent it
 * came from. A prune that is killed and run again finds what it trained.
 */
public final class ImagePruning implements FineTunedPruning {

    /** The validation images a sensitivity is scored on: the first of the split's validation images. */
    public static final int SCORE_IMAGES = 500;
    private final TrainingService service;
    private final StructuredPruning pruning;
    private final TrainingConfig fineTune;

    /** @throws IllegalArgumentException for a space without prunable dimensions */
    public ImagePruning(TrainingService service, TrainingConfig fineTune) {
        this.service = Objects.requireNonNull(service, "service");
        this.fineTune = Objects.requireNonNull(fineTune, "fineTune");
        this.pruning = StructuredPruning.require(service.space());
    }

    @Override
    public StructuredPruning pruning() {
        return pruning;
    }

    @Override
    public Parent parent(Architecture a, DjlTrainer.Listener listener) {
        TrainingService.Trained t = service.train(a, listener);
        Optional<Weights> w = t.result().failed() ? Optional.empty() : service.weights(a);
        return FineTunedPruning.parentOf(a, t, w, service.key(a));
    }

    /** The parent's pruning path, each part's cost its validation loss on {@link #SCORE_IMAGES} images. */
    @Override
    public PruningPath path(Parent parent) {
        int[] validation = service.split().validation();
        int[] scored = Arrays.copyOf(validation, Math.min(SCORE_IMAGES, validation.length));
        Graph g = service.graph(parent.arch());
        return PruningPath.of(pruning, parent.arch(), (child, states) -> {
            Graph cg = service.graph(child);
            Weights w = pruning.weights(parent.arch(), g, parent.weights(), states, cg);
            return score(parent, cg, w, scored).loss();
        });
    }

    @Override
    public Pruned fineTune(Parent parent, PruningPath.Step step, DjlTrainer.Listener listener) {
        Graph cg = service.graph(step.arch());
        Weights start = pruning.weights(parent.arch(), service.graph(parent.arch()), parent.weights(),
                step.states(), cg);
        double before = score(parent, cg, start, service.split().validation()).accuracy();
        TrainingService.Trained t = service.fineTune(step.arch(), start, fineTune, from(parent), listener);
        return new Pruned(step, before, t.result(), t.cached());
    }

    @Override
    public Graph exportGraph(Architecture a) {
        return service.graph(a);
    }

    @Override
    public Weights exportWeights(Parent parent, Pruned pruned) {
        return service.fineTunedWeights(pruned.step().arch(), fineTune, from(parent)).orElseThrow(() ->
                new IllegalStateException("the training database has no weights of the fine-tuned "
                        + pruned.step().arch().canonical()));
    }

    /** What a fine-tuning started from, as its training key says: the parent, its budget, this pruning. */
    private String from(Parent parent) {
        return VERSION + ":" + parent.arch().canonical() + "@" + service.config().key();
    }

    private DjlTrainer.Score score(Parent parent, Graph g, Weights w, int[] images) {
        float mean = Float.parseFloat(parent.result().provenance().getOrDefault("input_mean", "0"));
        float std = Float.parseFloat(parent.result().provenance().getOrDefault("input_std", "1"));
        return service.trainer().score(g, w, service.data(), images, mean, std);
    }

    public TrainingService service() {
        return service;
    }

    @Override
    public TrainingConfig fineTuneConfig() {
        return fineTune;
    }

    @Override
    public long seenPerStep(Architecture a, TrainingConfig config) {
        return config.batchSize();
    }

    @Override
    public String seenUnit() {
        return "images";
    }
}
