package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.train.EpochStats;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.TextCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link TransformerSpace} language model on a {@link TextCorpus} with DJL: next-token cross-entropy over
 * windows of the model's context drawn from the training part (seeded), the same optimisers, schedules and clipping
 * as the image trainer, and the validation loss (nats per token) and next-token accuracy over consecutive windows of
 * the validation part. The network is the space's own {@link TransformerSpace#trainingGraph}, whose parameters are
 * those of the prefill graph that is exported and measured.
 *
 * <p>An epoch is {@code (training tokens) / (batch × context)} steps. The vocabulary must cover the corpus's byte
 * tokens (256).
 */
public final class LanguageModelTrainer {

    private static final int EVAL_BATCH = 32;

    private final DjlEngine engine;

    public LanguageModelTrainer(DjlEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public DjlTrainer.Outcome train(TransformerSpace space, Architecture a, TextCorpus corpus, TrainingConfig cfg,
            long seed, DjlTrainer.Listener listener) {
        return train(space, a, null, corpus, cfg, seed, listener);
    }

    /**
     * As {@link #train(TransformerSpace, Architecture, TextCorpus, TrainingConfig, long, DjlTrainer.Listener)}, but
     * from {@code initial} weights of the training graph instead of seeded ones: a fine-tuning, of a pruned model say.
     */
    public DjlTrainer.Outcome fineTune(TransformerSpace space, Architecture a, Weights initial, TextCorpus corpus,
            TrainingConfig cfg, long seed, DjlTrainer.Listener listener) {
        return train(space, a, Objects.requireNonNull(initial, "initial"), corpus, cfg, seed, listener);
    }

    private DjlTrainer.Outcome train(TransformerSpace space, Architecture a, Weights initial, TextCorpus corpus,
            TrainingConfig cfg, long seed, DjlTrainer.Listener listener) {
        Backward.offInThisThread();
        TransformerSpace.Size size = space.size(a);
        checkFits(a, size, corpus);
        int t = size.context();
        Graph g = space.trainingGraph(a, t);
        Map<String, String> prov = provenance(corpus, cfg, t);
        if (initial != null) {
            prov.put("initial_weights", "given");
        }
        return DjlTrainer.onFreshNetwork(engine, g, initial, seed, prov, RuntimeException::getMessage,
                (net, manager, start) -> new Run(net, manager, corpus, cfg, size, seed, listener, start, prov).train());
    }

    /**
     * The next-token accuracy and mean loss (nats per token) of the given weights of the training graph of
     * {@code a} on the first {@code windows} consecutive windows of the corpus's validation part (all when 0).
     */
    public DjlTrainer.Score score(TransformerSpace space, Architecture a, Weights weights, TextCorpus corpus,
            int windows) {
        Backward.offInThisThread();
        TransformerSpace.Size size = space.size(a);
        checkFits(a, size, corpus);
        Graph g = space.trainingGraph(a, size.context());
        try (NDManager manager = engine.engine().newBaseManager();
                GraphModule net = new GraphModule(g, weights, manager)) {
            double[] v = validate(net, manager, corpus, size.context(), size.vocab(), windows);
            return new DjlTrainer.Score(v[1], v[0]);
        }
    }

    /** Refuses a model whose vocabulary misses byte tokens, or a corpus too short for one window of its context. */
    private static void checkFits(Architecture a, TransformerSpace.Size size, TextCorpus corpus) {
        if (size.vocab() < TextCorpus.VOCAB) {
            throw new IllegalArgumentException(a.canonical() + " has a vocabulary of " + size.vocab() + ", fewer than "
                    + "the " + TextCorpus.VOCAB + " byte tokens of " + corpus.name());
        }
        int t = size.context();
        if (corpus.split() < 2 * t + 1 || corpus.size() - corpus.split() < t + 1) {
            throw new IllegalArgumentException(corpus.name() + " is too short for a context of " + t);
        }
    }

    private Map<String, String> provenance(TextCorpus corpus, TrainingConfig cfg, int t) {
        Map<String, String> prov = engine.provenance();
        prov.put("dataset_source", corpus.source());
        prov.put("split", corpus.split() + "/" + (corpus.size() - corpus.split()) + " tokens");
        prov.put("config", cfg.key());
        prov.put("sequence_length", Integer.toString(t));
        return prov;
    }

    /** One training of one language model: its optimiser, its window draws and the current epoch's running figures. */
    private static final class Run {
        private final GraphModule net;
        private final NDManager manager;
        private final TextCorpus corpus;
        private final TrainingConfig cfg;
        private final int vocab;
        private final int t;
        private final int batch;
        private final int trainTokens;
        private final int perEpoch;
        private final int total;
        private final Optimizer opt;
        private final SplittableRandom order;
        private final DjlTrainer.Listener listener;
        private final long start;
        private final Map<String, String> prov;
        private final List<EpochStats> history = new ArrayList<>();
        private long trainNanos;
        private double[] val = {Double.NaN, Double.NaN};
        // The current epoch's running figures, reset at each evaluation.
        private double lossSum;
        private long correct;
        private long seen;

        Run(GraphModule net, NDManager manager, TextCorpus corpus, TrainingConfig cfg, TransformerSpace.Size size,
                long seed, DjlTrainer.Listener listener, long start, Map<String, String> prov) {
            this.net = net;
            this.manager = manager;
            this.corpus = corpus;
            this.cfg = cfg;
            this.vocab = size.vocab();
            this.t = size.context();
            this.listener = listener;
            this.start = start;
            this.prov = prov;
            this.batch = cfg.batchSize();
            this.trainTokens = cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), corpus.split()) : corpus.split();
            this.perEpoch = Math.max(1, trainTokens / (batch * t));
            this.total = cfg.epochs() > 0 ? cfg.epochs() * perEpoch : cfg.steps();
            this.opt = Updates.optimizer(cfg, total);
            this.order = new SplittableRandom(seed ^ 0x5DEECE66DL);
        }

        /** Every step on a fresh batch of random windows, with a validation at the end of every epoch. */
        DjlTrainer.Outcome train() {
            for (int step = 1; step <= total; step++) {
                long t0 = System.nanoTime();
                long[] x = new long[batch * t];
                int[] y = new int[batch * t];
                drawWindows(x, y);
                float loss = forwardAndBackward(x, y);
                Updates.apply(net, opt, cfg);
                trainNanos += System.nanoTime() - t0;
                if (!Float.isFinite(loss)) {
                    return DjlTrainer.failed(String.format(Locale.ROOT, "training diverged: the loss became %s at step "
                            + "%d of %d", loss, step, total), start, net.trainableElements(), prov);
                }
                lossSum += loss;
                seen++;
                listener.step(step, total);
                if (step % perEpoch == 0 || step == total) {
                    validate(step);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            TrainingResult r = new TrainingResult(val[1], Double.NaN, total / (double) perEpoch, total,
                    total / (double) perEpoch, false, seconds, total * (double) batch / (trainNanos / 1e9), val[0],
                    net.trainableElements(), history, "", prov);
            return new DjlTrainer.Outcome(r, net.weights());
        }

        /** {@code batch} windows of the training part at seeded random offsets: inputs and next-token targets. */
        private void drawWindows(long[] x, int[] y) {
            int[] tokens = corpus.tokens();
            for (int b = 0; b < batch; b++) {
                int from = order.nextInt(trainTokens - t);
                for (int i = 0; i < t; i++) {
                    x[b * t + i] = tokens[from + i];
                    y[b * t + i] = tokens[from + i + 1];
                }
            }
        }

        /** The gradients of the batch's mean next-token cross-entropy; counts the correct next tokens. */
        private float forwardAndBackward(long[] x, int[] y) {
            try (NDScope scope = new NDScope()) {
                NDArray input = manager.create(x, new Shape(batch, t));
                NDArray target = manager.create(DjlTrainer.oneHot(y, vocab), new Shape(batch, t, vocab));
                NDArray logits;
                float loss;
                try (Backward gc = new Backward()) {
                    logits = net.forward(input, true);
                    NDArray l = logits.logSoftmax(2).mul(target).sum(new int[] {2}).neg().mean();
                    gc.backward(l);
                    loss = l.getFloat();
                }
                long[] pred = logits.argMax(2).toLongArray();
                for (int i = 0; i < pred.length; i++) {
                    correct += pred[i] == y[i] ? 1 : 0;
                }
                return loss;
            }
        }

        /** Closes the epoch that ends at {@code step}: scores the validation part and records the epoch. */
        private void validate(int step) {
            val = LanguageModelTrainer.validate(net, manager, corpus, t, vocab, 0);
            EpochStats s = new EpochStats(step / (double) perEpoch, step, lossSum / seen,
                    correct / (double) (seen * batch * t), val[1], (System.nanoTime() - start) / 1e9);
            history.add(s);
            listener.evaluated(s);
            lossSum = 0;
            correct = 0;
            seen = 0;
        }
    }

    /** Mean loss (nats per token) and next-token accuracy over consecutive windows of the validation part. */
    private static double[] validate(GraphModule net, NDManager manager, TextCorpus corpus, int t, int vocab,
            int windows) {
        int[] tokens = corpus.tokens();
        List<Integer> starts = new ArrayList<>();
        for (int from = corpus.split(); from + t + 1 <= corpus.size(); from += t) {
            if (windows > 0 && starts.size() == windows) {
                break;
            }
            starts.add(from);
        }
        double lossSum = 0;
        long correct = 0;
        long count = 0;
        for (int i = 0; i < starts.size(); i += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, starts.size() - i);
            long[] x = new long[n * t];
            int[] y = new int[n * t];
            for (int b = 0; b < n; b++) {
                int from = starts.get(i + b);
                for (int k = 0; k < t; k++) {
                    x[b * t + k] = tokens[from + k];
                    y[b * t + k] = tokens[from + k + 1];
                }
            }
            try (NDScope scope = new NDScope()) {
                NDArray logits = net.forward(manager.create(x, new Shape(n, t)), false);
                NDArray target = manager.create(DjlTrainer.oneHot(y, vocab), new Shape(n, t, vocab));
                lossSum += logits.logSoftmax(2).mul(target).sum().neg().getFloat();
                long[] pred = logits.argMax(2).toLongArray();
                for (int k = 0; k < pred.length; k++) {
                    correct += pred[k] == y[k] ? 1 : 0;
                }
                count += (long) n * t;
            }
        }
        return new double[] {lossSum / count, correct / (double) count};
    }
}
