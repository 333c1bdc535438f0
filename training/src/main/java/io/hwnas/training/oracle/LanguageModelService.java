package io.hwnas.training.oracle;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingKey;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.core.train.TrainingStore;
import io.hwnas.core.train.TrainingStoreException;
import io.hwnas.training.data.TextCorpus;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.LanguageModelTrainer;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains language-model candidates of a {@link TransformerSpace} on a text corpus through the training database, as
 * {@link TrainingService} does for image classifiers: a training already stored is answered from it, a new one is
 * saved (with its weights, which fit the prefill graph that is exported) before the answer returns.
 */
public final class LanguageModelService {

    private final TransformerSpace space;
    private final TextCorpus corpus;
    private final TrainingConfig config;
    private final long seed;
    private final TrainingStore store;
    private final LanguageModelTrainer trainer;

    public LanguageModelService(TransformerSpace space, TextCorpus corpus, TrainingConfig config, long seed,
            TrainingStore store, LanguageModelTrainer trainer) {
        this.space = Objects.requireNonNull(space, "space");
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
        this.store = Objects.requireNonNull(store, "store");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
    }

    public TrainingKey key(Architecture a) {
        return TrainingKey.of(space.name(), a.canonical(), corpus.name(), config, seed);
    }

    public TrainingService.Trained train(Architecture a, DjlTrainer.Listener listener) {
        TrainingKey key = key(a);
        try {
            Optional<TrainingResult> have = store.find(key);
            if (have.isPresent()) {
                return new TrainingService.Trained(have.get(), true);
            }
            DjlTrainer.Outcome o = trainer.train(space, a, corpus, config, seed, listener);
            store.save(key, o.result(), o.weights() == null ? null : TrainingService.flat(trainingGraph(a),
                    o.weights()));
            return new TrainingService.Trained(o.result(), false);
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public TransformerSpace space() {
        return space;
    }

    public TextCorpus corpus() {
        return corpus;
    }

    public TrainingConfig config() {
        return config;
    }

    public LanguageModelTrainer trainer() {
        return trainer;
    }

    /** The graph {@code a} is trained as (its weights are stored for it). */
    public Graph trainingGraph(Architecture a) {
        return space.trainingGraph(a, space.size(a).context());
    }

    /** The key of a fine-tuning of {@code a} from weights that {@code from} names; see {@link TrainingService}. */
    public TrainingKey fineTuneKey(Architecture a, TrainingConfig fineTune, String from) {
        return TrainingKey.of(space.name(), a.canonical(), corpus.name(), fineTune, seed).from(from);
    }

    /** Fine-tunes {@code a} from {@code initial} (of its training graph), unless the database has that fine-tuning. */
    public TrainingService.Trained fineTune(Architecture a, Weights initial, TrainingConfig fineTune, String from,
            DjlTrainer.Listener listener) {
        TrainingKey key = fineTuneKey(a, fineTune, from);
        try {
            Optional<TrainingResult> have = store.find(key);
            if (have.isPresent()) {
                return new TrainingService.Trained(have.get(), true);
            }
            DjlTrainer.Outcome o = trainer.fineTune(space, a, initial, corpus, fineTune, seed, listener);
            store.save(key, o.result(), o.weights() == null ? null : TrainingService.flat(trainingGraph(a),
                    o.weights()));
            return new TrainingService.Trained(o.result(), false);
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The weights of {@code key}'s training of {@code a}, for its training graph. */
    public Optional<Weights> trainingWeights(Architecture a, TrainingKey key) {
        try {
            return store.weights(key).map(f -> TrainingService.unflat(trainingGraph(a), f));
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The trained weights of {@code a} for its prefill graph (the training graph has the same parameters). */
    public Optional<Weights> weights(Architecture a) {
        return prefillWeights(a, key(a));
    }

    /** The weights of {@code key}'s training of {@code a} for its prefill graph, the one exported and measured. */
    public Optional<Weights> prefillWeights(Architecture a, TrainingKey key) {
        return trainingWeights(a, key).map(w -> Weights.of(space.buildGraph(a), w.asMap()));
    }
}
