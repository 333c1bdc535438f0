package io.hwnas.training.oracle;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingKey;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.core.train.TrainingStore;
import io.hwnas.core.train.TrainingStoreException;
import io.hwnas.training.data.DataSplit;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.HeadOutputs;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains candidates of one space on one dataset with one budget and seed, through the training database: a
 * (space, architecture, dataset, budget, seed) already trained is answered from it, a new one is trained and saved
 * (with its weights, when kept) before the answer returns. The network is the space's own graph with the dataset's
 * input channels, size and classes, so an mbv3 candidate takes its input resolution from the dataset.
 *
 * <p>The split is drawn from the seed: 80 % train, 10 % validation, 10 % test ({@link DataSplit#of}).
 *
 * <pre>{@code
 * TrainingService s = new TrainingService(nb201, Datasets.get("mnist"), config, 1, store, trainer, true);
 * TrainingService.Trained t = s.train(arch, DjlTrainer.Listener.NONE);
 * t.result().validationAccuracy();   // a fraction
 * }</pre>
 */
public final class TrainingService {

    public static final double TRAIN_FRACTION = 0.8;
    public static final double VALIDATION_FRACTION = 0.1;

    /** A training's result, and whether the database already had it. */
    public record Trained(TrainingResult result, boolean cached) {}

    private final SearchSpace space;
    private final ImageDataset data;
    private final TrainingConfig config;
    private final long seed;
    private final TrainingStore store;
    private final DjlTrainer trainer;
    private final boolean keepWeights;
    private final DataSplit split;

    public TrainingService(SearchSpace space, ImageDataset data, TrainingConfig config, long seed,
            TrainingStore store, DjlTrainer trainer, boolean keepWeights) {
        this.space = Objects.requireNonNull(space, "space");
        this.data = Objects.requireNonNull(data, "data");
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
        this.store = Objects.requireNonNull(store, "store");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.keepWeights = keepWeights;
        if (data.height() != data.width()) {
            throw new IllegalArgumentException("dataset " + data.name() + " has " + data.height() + "x" + data.width()
                    + " images; the spaces take square inputs");
        }
        this.split = split(data, seed);
    }

    /** The split of {@code data} drawn from {@code seed}: 80 % train, 10 % validation, 10 % test. */
    static DataSplit split(ImageDataset data, long seed) {
        return DataSplit.of(data.size(), TRAIN_FRACTION, VALIDATION_FRACTION, seed);
    }

    /** The network trained for {@code a} of {@code space} on {@code data}: its input and classes. */
    static Graph graph(SearchSpace space, ImageDataset data, Architecture a) {
        return space.buildGraph(a, GraphOptions.DEFAULTS.inputChannels(data.channels()).inputSize(data.height())
                .classes(data.classes()));
    }

    public SearchSpace space() {
        return space;
    }

    public ImageDataset data() {
        return data;
    }

    public TrainingConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    public DataSplit split() {
        return split;
    }

    public DjlTrainer trainer() {
        return trainer;
    }

    /** The network trained for {@code a}: the space's graph at the dataset's input and classes. */
    public Graph graph(Architecture a) {
        return graph(space, data, a);
    }

    /**
     * The training's key: by the space's {@link SearchSpace#networkKey network key}, so that architectures that differ
     * only in what does not change the network (an early-exit network's thresholds) are one training.
     */
    public TrainingKey key(Architecture a) {
        return TrainingKey.of(space.name(), space.networkKey(a), data.name(), config, seed);
    }

    /** The database's result for {@code a}, if it has one. */
    public Optional<TrainingResult> stored(Architecture a) {
        try {
            return store.find(key(a));
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Trains {@code a} unless the database has it (a failure included); the result is saved before it returns. */
    public Trained train(Architecture a, DjlTrainer.Listener listener) {
        return train(a, false, listener);
    }

    /**
     * As {@link #train(Architecture, DjlTrainer.Listener)}; with {@code test}, the test accuracy is computed too
     * (from the kept weights when the training is stored, by training again when none were kept).
     */
    public Trained train(Architecture a, boolean test, DjlTrainer.Listener listener) {
        TrainingKey key = key(a);
        try {
            Optional<TrainingResult> have = store.find(key);
            if (have.isPresent()) {
                TrainingResult r = have.get();
                if (!test || r.failed() || r.hasTestAccuracy()) {
                    return new Trained(r, true);
                }
                Optional<Weights> w = weights(a);
                if (w.isPresent()) {
                    TrainingResult withTest = r.withTestAccuracy(testAccuracy(a, w.get(), r));
                    store.save(key, withTest, null);
                    return new Trained(withTest, true);
                }
            }
            DjlTrainer.Outcome o = trainer.train(graph(a), data, split, config, seed, test, listener);
            store.save(key, o.result(), keepWeights && o.weights() != null ? flat(graph(a), o.weights()) : null);
            return new Trained(o.result(), false);
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The training of {@code a} as a task that an executor may run on another machine, at this service's PyTorch
     * thread count; its result comes back to {@link #accept}.
     */
    public TrainingTask task(Architecture a) {
        return new TrainingTask(space.name(), a.canonical(), data.name(), config, seed, trainer.engine().threads(),
                keepWeights);
    }

    /**
     * Saves what a task brought back, with {@code provenance} (where it ran) added to the result's, here where the
     * database is; a failed training is saved too, so that it is not tried again.
     */
    public Trained accept(Architecture a, TrainedCandidate t, Map<String, String> provenance) {
        TrainingResult r = t.result().withProvenance(provenance);
        try {
            store.save(key(a), r, keepWeights ? t.weights() : null);
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new Trained(r, false);
    }

    /**
     * The key of a fine-tuning of {@code a} with {@code fineTune} from weights that {@code from} names (a pruned
     * parent's): apart from a training of {@code a} from scratch, which has the budget alone.
     */
    public TrainingKey fineTuneKey(Architecture a, TrainingConfig fineTune, String from) {
        return TrainingKey.of(space.name(), space.networkKey(a), data.name(), fineTune, seed).from(from);
    }

    /**
     * Fine-tunes {@code a} from {@code initial} with {@code fineTune} on this service's split (the one the weights
     * were trained on), unless the database has that fine-tuning; saved, with its weights, before it returns.
     */
    public Trained fineTune(Architecture a, Weights initial, TrainingConfig fineTune, String from,
            DjlTrainer.Listener listener) {
        TrainingKey key = fineTuneKey(a, fineTune, from);
        try {
            Optional<TrainingResult> have = store.find(key);
            if (have.isPresent()) {
                return new Trained(have.get(), true);
            }
            DjlTrainer.Outcome o = trainer.fineTune(graph(a), initial, data, split, fineTune, seed, false, listener);
            store.save(key, o.result(), o.weights() != null ? flat(graph(a), o.weights()) : null);
            return new Trained(o.result(), false);
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The weights a fine-tuning of {@code a} ended with, when the database has them. */
    public Optional<Weights> fineTunedWeights(Architecture a, TrainingConfig fineTune, String from) {
        try {
            return store.weights(fineTuneKey(a, fineTune, from)).map(f -> unflat(graph(a), f));
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The trained weights of {@code a} when the database kept them. */
    public Optional<Weights> weights(Architecture a) {
        try {
            Optional<float[]> flat = store.weights(key(a));
            return flat.map(f -> unflat(graph(a), f));
        } catch (TrainingStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Every output's confidence and prediction on the validation split (or the test split), from the weights
     * {@link #train} kept for {@code a} (trained first when the database has none): what an early-exit policy is
     * scored on.
     *
     * @throws IllegalStateException when the training failed or kept no weights
     */
    public HeadOutputs heads(Architecture a, boolean test) {
        TrainingResult r = train(a, DjlTrainer.Listener.NONE).result();
        if (r.failed()) {
            throw new IllegalStateException("training " + a.canonical() + " failed: " + r.failure());
        }
        Weights w = weights(a).orElseThrow(() -> new IllegalStateException("the training database has no weights "
                + "of " + key(a) + " (trained without keeping them); train it again to score its exits"));
        float mean = Float.parseFloat(r.provenance().getOrDefault("input_mean", "0"));
        float std = Float.parseFloat(r.provenance().getOrDefault("input_std", "1"));
        return trainer.heads(graph(a), w, data, test ? split.test() : split.validation(), mean, std);
    }

    private double testAccuracy(Architecture a, Weights w, TrainingResult r) {
        float mean = Float.parseFloat(r.provenance().getOrDefault("input_mean", "0"));
        float std = Float.parseFloat(r.provenance().getOrDefault("input_std", "1"));
        return trainer.evaluate(graph(a), w, data, split.test(), mean, std);
    }

    static float[] flat(Graph g, Weights w) {
        int n = 0;
        for (Initializer i : g.initializers().values()) {
            if (i.isParameter()) {
                n += (int) i.type().elements();
            }
        }
        float[] out = new float[n];
        int at = 0;
        for (Initializer i : g.initializers().values()) {
            if (i.isParameter()) {
                float[] v = w.get(i.name()).floats();
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
        }
        return out;
    }

    static Weights unflat(Graph g, float[] flat) {
        Map<String, TensorData> m = new LinkedHashMap<>();
        int at = 0;
        for (Initializer i : g.initializers().values()) {
            if (i.isParameter()) {
                int n = (int) i.type().elements();
                if (at + n > flat.length) {
                    throw new IllegalStateException("stored weights hold " + flat.length + " values, fewer than graph '"
                            + g.name() + "' needs");
                }
                float[] v = new float[n];
                System.arraycopy(flat, at, v, 0, n);
                m.put(i.name(), TensorData.ofFloats(v));
                at += n;
            }
        }
        if (at != flat.length) {
            throw new IllegalStateException("stored weights hold " + flat.length + " values, graph '" + g.name()
                    + "' has " + at);
        }
        return Weights.of(g, m);
    }
}
