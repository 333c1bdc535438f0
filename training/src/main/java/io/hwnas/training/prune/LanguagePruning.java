package io.hwnas.training.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.prune.StructuredPruning;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.oracle.LanguageModelService;
import io.hwnas.training.oracle.TrainingService;
import java.util.Objects;
import java.util.Optional;

/**
 * Prunes language models trained on a text corpus ({@link FineTunedPruning}): layers and feed-forward width, each
 * part's cost the validation loss on the first {@link #SCORE_WINDOWS} windows of the corpus's validation part, each
 * pruned model fine-tuned from the parent's kept weights on the same windows of training text the seed draws.
 */
public final class LanguagePruning implements FineTunedPruning {

    /** Validation windows (of the model's context) a sensitivity is scored on. */
    public static final int SCORE_WINDOWS = 64;

    private final LanguageModelService service;
    private final StructuredPruning pruning;
    private final TrainingConfig fineTune;

    /** @throws IllegalArgumentException for a space without prunable dimensions */
    public LanguagePruning(LanguageModelService service, TrainingConfig fineTune) {
        this.service = Objects.requireNonNull(service, "service");
        this.fineTune = Objects.requireNonNull(fineTune, "fineTune");
        this.pruning = StructuredPruning.require(service.space());
    }

    @Override
    public StructuredPruning pruning() {
        return pruning;
    }

    @Override
    public TrainingConfig fineTuneConfig() {
        return fineTune;
    }

    @Override
    public Parent parent(Architecture a, DjlTrainer.Listener listener) {
        TrainingService.Trained t = service.train(a, listener);
        Optional<Weights> w = t.result().failed() ? Optional.empty() : service.trainingWeights(a, service.key(a));
        return FineTunedPruning.parentOf(a, t, w, service.key(a));
    }

    @Override
    public PruningPath path(Parent parent) {
        Graph g = service.trainingGraph(parent.arch());
        return PruningPath.of(pruning, parent.arch(), (child, states) -> {
            Weights w = pruning.weights(parent.arch(), g, parent.weights(), states, service.trainingGraph(child));
            return service.trainer().score(service.space(), child, w, service.corpus(), SCORE_WINDOWS).loss();
        });
    }

    @Override
    public Pruned fineTune(Parent parent, PruningPath.Step step, DjlTrainer.Listener listener) {
        Architecture child = step.arch();
        Weights start = pruning.weights(parent.arch(), service.trainingGraph(parent.arch()), parent.weights(),
                step.states(), service.trainingGraph(child));
        double before = service.trainer().score(service.space(), child, start, service.corpus(), 0).accuracy();
        TrainingService.Trained t = service.fineTune(child, start, fineTune, from(parent), listener);
        return new Pruned(step, before, t.result(), t.cached());
    }

    @Override
    public Graph exportGraph(Architecture a) {
        return service.space().buildGraph(a);
    }

    @Override
    public Weights exportWeights(Parent parent, Pruned pruned) {
        Architecture a = pruned.step().arch();
        return service.prefillWeights(a, service.fineTuneKey(a, fineTune, from(parent))).orElseThrow(() ->
                new IllegalStateException("the training database has no weights of the fine-tuned " + a.canonical()));
    }

    @Override
    public long seenPerStep(Architecture a, TrainingConfig config) {
        return (long) config.batchSize() * service.space().size(a).context();
    }

    @Override
    public String seenUnit() {
        return "tokens";
    }

    private String from(Parent parent) {
        return VERSION + ":" + parent.arch().canonical() + "@" + service.config().key();
    }
}
