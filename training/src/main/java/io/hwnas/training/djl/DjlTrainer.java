package io.hwnas.training.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.train.EpochStats;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.DataSplit;
import io.hwnas.training.data.ImageDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Trains an IR network ({@link GraphModule}) on an image dataset with DJL: softmax cross-entropy, DJL's optimisers
 * (SGD with momentum, Adam) and learning-rate trackers (constant, cosine, step; optional linear warm-up), weight
 * decay, an evaluation on the validation split after every epoch (and at the end of a step budget), and early
 * stopping on validation accuracy that keeps the best evaluation's weights.
 *
 * <p><b>Determinism.</b> The seed fixes the initial weights ({@link InitialWeights}) and the order of the training
 * images (a {@link SplittableRandom} per run, one shuffle per epoch); the split is the caller's
 * ({@link DataSplit#of}). PyTorch's CPU kernels are deterministic at a fixed thread count, so the same seed gives
 * the same accuracy on the same machine and thread count.
 *
 * <p><b>Several outputs.</b> A network with early exits has its exits' logits as outputs before its own, the last
 * output: the loss is the sum of every output's cross-entropy (all heads trained jointly), and the accuracy that is
 * reported and stopped on is the last output's, the network's own classifier. {@link #heads} gives every output's
 * confidence and prediction per image, from which an exit policy is scored.
 *
 * <p><b>Input.</b> Pixels are standardised with the training split's mean and standard deviation (recorded in the
 * result's provenance as {@code input_mean} and {@code input_std}); an exported trained model expects its input
 * standardised the same way. The last partial batch of an epoch is dropped (a batch of one has no batch statistics).
 */
public final class DjlTrainer {

    /** Called from the training thread; for progress bars. */
    public interface Listener {
        void step(int done, int total);

        default void evaluated(EpochStats stats) {}

        Listener NONE = (d, t) -> {};
    }

    /**
     * A finished training: its result, and the weights of its best evaluation (null when it failed).
     *
     * @param weights the trained parameters (running statistics included), for export
     */
    public record Outcome(TrainingResult result, Weights weights) {}

    private static final int EVAL_BATCH = 500;

    private final DjlEngine engine;

    public DjlTrainer(DjlEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public DjlEngine engine() {
        return engine;
    }

    /**
     * Trains {@code graph} (its input {@code [N, C, H, W]} must match the dataset) and scores it on the validation
     * split, and on the test split when {@code test} is set.
     */
    public Outcome train(Graph graph, ImageDataset data, DataSplit split, TrainingConfig cfg, long seed, boolean test,
            Listener listener) {
        return train(graph, null, data, split, cfg, seed, test, listener);
    }

    /**
     * As {@link #train(Graph, ImageDataset, DataSplit, TrainingConfig, long, boolean, Listener)}, but from
     * {@code initial} weights (running statistics included) instead of seeded ones: a fine-tuning, of a pruned
     * network say. The seed still orders the training images; the split should be the one {@code initial} was
     * trained on, or images it learnt from are scored as unseen.
     */
    public Outcome fineTune(Graph graph, Weights initial, ImageDataset data, DataSplit split, TrainingConfig cfg,
            long seed, boolean test, Listener listener) {
        return train(graph, Objects.requireNonNull(initial, "initial"), data, split, cfg, seed, test, listener);
    }

    private Outcome train(Graph graph, Weights initial, ImageDataset data, DataSplit split, TrainingConfig cfg,
            long seed, boolean test, Listener listener) {
        checkInput(graph, data);
        Backward.offInThisThread();
        Map<String, String> prov = provenance(data, split, cfg);
        if (initial != null) {
            prov.put("initial_weights", "given");
        }
        return onFreshNetwork(engine, graph, initial, seed, prov, DjlTrainer::firstLine, (net, manager, start) -> {
            int[] train = split.train();
            if (cfg.trainLimit() > 0 && cfg.trainLimit() < train.length) {
                train = Arrays.copyOf(train, cfg.trainLimit());
            }
            float[] norm = meanStd(data, train);
            prov.put("input_mean", Float.toString(norm[0]));
            prov.put("input_std", Float.toString(norm[1]));
            prov.put("train_images", Integer.toString(train.length));
            Run run = new Run(net, manager, data, cfg, train.length, norm, listener, start, prov);
            SplittableRandom order = new SplittableRandom(seed ^ 0x5DEECE66DL);
            return run.train(train, order, split.validation(), test ? split.test() : new int[0]);
        });
    }

    /** What a trainer does with a fresh network (both trainers'). */
    interface Training {
        /** @param start when the training began, by {@link System#nanoTime()} */
        Outcome run(GraphModule net, NDManager manager, long start);
    }

    /**
     * Runs {@code training} on a fresh network of {@code graph}, freed afterwards, from {@code initial} weights (a
     * fine-tuning) or, when null, seeded ones; a native error of PyTorch or running out of memory is a failed
     * outcome rather than an exception (both trainers').
     *
     * @param nativeReason how a native error is told in the failure
     */
    static Outcome onFreshNetwork(DjlEngine engine, Graph graph, Weights initial, long seed, Map<String, String> prov,
            Function<RuntimeException, String> nativeReason, Training training) {
        long start = System.nanoTime();
        long params = 0;
        Weights first = initial != null ? initial : InitialWeights.of(graph, seed);
        try (NDManager manager = engine.engine().newBaseManager();
                GraphModule net = new GraphModule(graph, first, manager)) {
            params = net.trainableElements();
            return training.run(net, manager, start);
        } catch (EngineException | IllegalStateException e) {
            return failed("native error in PyTorch: " + nativeReason.apply(e), start, params, prov);
        } catch (OutOfMemoryError e) {
            return failed("out of memory: " + e.getMessage(), start, params, prov);
        }
    }

    /**
     * One training of one network: the optimiser, the step count, the running figures of the current epoch, and the
     * best evaluation so far (for early stopping, and for the weights that are kept).
     */
    private static final class Run {
        private final GraphModule net;
        private final NDManager manager;
        private final ImageDataset data;
        private final TrainingConfig cfg;
        private final float[] norm;
        private final int batch;
        private final int perEpoch;
        private final int total;
        private final Optimizer opt;
        private final Listener listener;
        private final long start;
        private final Map<String, String> prov;
        private final List<EpochStats> history = new ArrayList<>();
        private Map<String, float[]> best;
        private double bestAcc = -1;
        private double bestEpoch;
        private int sinceBest;
        private int step;
        private long trainNanos;
        private long images;
        // The current epoch's running figures, reset at each evaluation.
        private double lossSum;
        private long correct;
        private long seen;

        Run(GraphModule net, NDManager manager, ImageDataset data, TrainingConfig cfg, int trainImages, float[] norm,
                Listener listener, long start, Map<String, String> prov) {
            this.net = net;
            this.manager = manager;
            this.data = data;
            this.cfg = cfg;
            this.norm = norm;
            this.listener = listener;
            this.start = start;
            this.prov = prov;
            this.batch = batch(cfg, trainImages);
            this.perEpoch = trainImages / batch;
            this.total = steps(cfg, trainImages);
            this.opt = Updates.optimizer(cfg, total);
        }

        /**
         * Steps through shuffled batches of {@code train} until the step budget is spent or early stopping fires,
         * evaluating on {@code validation} at the end of every epoch; scores {@code test} (when not empty) with the
         * weights kept.
         */
        Outcome train(int[] train, SplittableRandom order, int[] validation, int[] test) {
            int[] perm = train.clone();
            int pos = perm.length;  // forces a shuffle at the first step
            float[] x = new float[batch * data.imageSize()];
            int[] y = new int[batch];
            boolean stoppedEarly = false;
            while (step < total) {
                if (pos + batch > perm.length) {
                    shuffle(perm, order);
                    pos = 0;
                }
                long t0 = System.nanoTime();
                fill(data, perm, pos, batch, norm, x, y);
                pos += batch;
                float loss = forwardAndBackward(x, y);
                Updates.apply(net, opt, cfg);
                trainNanos += System.nanoTime() - t0;
                step++;
                images += batch;
                seen += batch;
                if (!Float.isFinite(loss)) {
                    return failed(String.format(Locale.ROOT, "training diverged: the loss became %s at step %d of "
                            + "%d (learning rate %s too high?)", loss, step, total, cfg.learningRate()), start,
                            net.trainableElements(), prov);
                }
                lossSum += loss * batch;
                listener.step(step, total);
                if ((step % perEpoch == 0 || step == total) && evaluateAndPatienceRunsOut(validation)) {
                    stoppedEarly = true;
                    break;
                }
            }
            return finish(stoppedEarly, test);
        }

        /**
         * One batch through the network in training mode: the gradients of the summed cross-entropy of every output
         * (an early-exit network trains all its heads jointly), and the last output's correct answers counted.
         *
         * @return the batch's loss
         */
        private float forwardAndBackward(float[] x, int[] y) {
            try (NDScope scope = new NDScope()) {
                NDArray input = manager.create(x, new Shape(batch, data.channels(), data.height(), data.width()));
                NDArray target = manager.create(oneHot(y, data.classes()), new Shape(batch, data.classes()));
                NDArray logits = null;
                float loss;
                try (Backward gc = new Backward()) {
                    NDArray l = null;
                    for (NDArray out : net.forward(Map.of(inputName(net.graph()), input), true).values()) {
                        NDArray ce = out.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
                        l = l == null ? ce : l.add(ce);
                        logits = out;
                    }
                    gc.backward(l);
                    loss = l.getFloat();
                }
                long[] pred = logits.argMax(1).toLongArray();
                for (int i = 0; i < batch; i++) {
                    correct += pred[i] == y[i] ? 1 : 0;
                }
                return loss;
            }
        }

        /**
         * Closes the epoch: scores {@code validation}, records the epoch and keeps the best weights so far.
         *
         * @return whether training should stop early (no better evaluation for {@code patience} epochs)
         */
        private boolean evaluateAndPatienceRunsOut(int[] validation) {
            double val = accuracy(net, manager, data, validation, norm);
            EpochStats s = new EpochStats(step / (double) perEpoch, step, lossSum / seen, correct / (double) seen, val,
                    (System.nanoTime() - start) / 1e9);
            history.add(s);
            listener.evaluated(s);
            lossSum = 0;
            correct = 0;
            seen = 0;
            if (val > bestAcc) {
                bestAcc = val;
                bestEpoch = s.epoch();
                sinceBest = 0;
                // The last step's weights are the network's own: no copy is needed to return to them.
                best = step == total ? null : net.snapshot();
                return false;
            }
            sinceBest++;
            return cfg.patience() > 0 && sinceBest >= cfg.patience() && step < total;
        }

        /** Returns to the best evaluation's weights, scores {@code test} with them and builds the result. */
        private Outcome finish(boolean stoppedEarly, int[] test) {
            if (best != null && bestEpoch != history.get(history.size() - 1).epoch()) {
                net.restore(best);
            }
            double testAcc = test.length > 0 ? accuracy(net, manager, data, test, norm) : Double.NaN;
            double seconds = (System.nanoTime() - start) / 1e9;
            TrainingResult r = new TrainingResult(bestAcc, testAcc, step / (double) perEpoch, step, bestEpoch,
                    stoppedEarly, seconds, images / (trainNanos / 1e9), Double.NaN, net.trainableElements(), history,
                    "", prov);
            return new Outcome(r, net.weights());
        }
    }

    /**
     * The images a training with {@code cfg} sees on a split of {@code trainImages} training images (before
     * {@code cfg}'s limit) when early stopping does not end it: what a search's trainings cost.
     */
    public static long imagesSeen(TrainingConfig cfg, int trainImages) {
        int n = cfg.trainLimit() > 0 ? Math.min(cfg.trainLimit(), trainImages) : trainImages;
        return (long) steps(cfg, n) * batch(cfg, n);
    }

    /** The images a step takes: the configured batch, or all {@code trainImages} when they are fewer. */
    private static int batch(TrainingConfig cfg, int trainImages) {
        return Math.min(cfg.batchSize(), trainImages);
    }

    /** The steps of a training: its epochs of whole batches (the last partial one dropped), or its step budget. */
    private static int steps(TrainingConfig cfg, int trainImages) {
        return cfg.epochs() > 0 ? cfg.epochs() * (trainImages / batch(cfg, trainImages)) : cfg.steps();
    }

    /** Accuracy of the given trained weights on the images {@code indices} (inference mode). */
    public double evaluate(Graph graph, Weights weights, ImageDataset data, int[] indices, float mean, float std) {
        return score(graph, weights, data, indices, mean, std).accuracy();
    }

    /**
     * How the network's own classifier does on some images: the share it gets right and its mean cross-entropy in
     * nats (the finer of the two where few images are scored).
     */
    public record Score(double accuracy, double loss) {}

    /** The accuracy and loss of the given weights on the images {@code indices} (inference mode). */
    public Score score(Graph graph, Weights weights, ImageDataset data, int[] indices, float mean, float std) {
        checkInput(graph, data);
        Backward.offInThisThread();
        try (NDManager manager = engine.engine().newBaseManager();
                GraphModule net = new GraphModule(graph, weights, manager)) {
            return score(net, manager, data, indices, new float[] {mean, std});
        }
    }

    /**
     * Every output's softmax confidence (its largest probability) and prediction on the images {@code indices},
     * with the given trained weights (inference mode): what an exit policy is scored on.
     */
    public HeadOutputs heads(Graph graph, Weights weights, ImageDataset data, int[] indices, float mean, float std) {
        checkInput(graph, data);
        List<String> names = graph.outputs().stream().map(Graph.Port::name).toList();
        float[][] confidence = new float[names.size()][indices.length];
        int[][] predicted = new int[names.size()][indices.length];
        int[] labels = new int[indices.length];
        int n = data.imageSize();
        float[] norm = {mean, std};
        try (NDManager manager = engine.engine().newBaseManager();
                GraphModule net = new GraphModule(graph, weights, manager)) {
            for (int from = 0; from < indices.length; from += EVAL_BATCH) {
                int count = Math.min(EVAL_BATCH, indices.length - from);
                float[] x = new float[count * n];
                int[] y = new int[count];
                fill(data, indices, from, count, norm, x, y);
                System.arraycopy(y, 0, labels, from, count);
                try (NDScope scope = new NDScope()) {
                    NDArray input = manager.create(x, new Shape(count, data.channels(), data.height(), data.width()));
                    Map<String, NDArray> outs = net.forward(Map.of(inputName(graph), input), false);
                    for (int o = 0; o < names.size(); o++) {
                        NDArray logits = outs.get(names.get(o));
                        float[] c = logits.softmax(1).max(new int[] {1}).toFloatArray();
                        long[] p = logits.argMax(1).toLongArray();
                        System.arraycopy(c, 0, confidence[o], from, count);
                        for (int i = 0; i < count; i++) {
                            predicted[o][from + i] = (int) p[i];
                        }
                    }
                }
            }
        }
        return new HeadOutputs(names, confidence, predicted, labels);
    }

    private static String inputName(Graph graph) {
        return graph.inputs().get(0).name();
    }

    /** The network's own classifier: its last output (an early-exit network's exits come before it). */
    private static NDArray last(GraphModule net, NDArray input, boolean training) {
        Map<String, NDArray> outs = net.forward(Map.of(inputName(net.graph()), input), training);
        return outs.get(net.graph().outputs().get(net.graph().outputs().size() - 1).name());
    }

    /** A failed training's outcome, timed from {@code start} (both trainers'). */
    static Outcome failed(String reason, long start, long params, Map<String, String> prov) {
        return new Outcome(TrainingResult.failed(reason, (System.nanoTime() - start) / 1e9, params, prov), null);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void checkInput(Graph graph, ImageDataset data) {
        List<Integer> dims = graph.inputs().get(0).type().shape().dims();
        List<Integer> want = List.of(data.channels(), data.height(), data.width());
        if (dims.size() != 4 || !dims.subList(1, 4).equals(want)) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' takes input " + dims + " but dataset "
                    + data.name() + " has images of " + want + " (build the graph with the dataset's channels and "
                    + "size)");
        }
        for (Graph.Port p : graph.outputs()) {
            List<Integer> out = p.type().shape().dims();
            if (out.size() != 2 || out.get(1) != data.classes()) {
                throw new IllegalArgumentException("graph '" + graph.name() + "' gives output " + p.name() + " " + out
                        + " but dataset " + data.name() + " has " + data.classes() + " classes");
            }
        }
    }

    private Map<String, String> provenance(ImageDataset data, DataSplit split, TrainingConfig cfg) {
        Map<String, String> m = engine.provenance();
        m.put("dataset_source", data.source());
        m.put("split", split.train().length + "/" + split.validation().length + "/" + split.test().length);
        m.put("config", cfg.key());
        return m;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Mean and standard deviation of every pixel of the training images. */
    private static float[] meanStd(ImageDataset data, int[] train) {
        int n = data.imageSize();
        float[] px = data.pixels();
        double sum = 0;
        double sq = 0;
        for (int i : train) {
            for (int k = i * n, e = k + n; k < e; k++) {
                sum += px[k];
                sq += (double) px[k] * px[k];
            }
        }
        double count = (double) train.length * n;
        double mean = sum / count;
        double var = Math.max(sq / count - mean * mean, 1e-12);
        return new float[] {(float) mean, (float) Math.sqrt(var)};
    }

    private static void fill(ImageDataset data, int[] idx, int from, int count, float[] norm, float[] x, int[] y) {
        int n = data.imageSize();
        float[] px = data.pixels();
        int[] labels = data.labels();
        float mean = norm[0];
        float inv = 1f / norm[1];
        for (int b = 0; b < count; b++) {
            int i = idx[from + b];
            for (int k = 0, src = i * n, dst = b * n; k < n; k++) {
                x[dst + k] = (px[src + k] - mean) * inv;
            }
            y[b] = labels[i];
        }
    }

    /** {@code y} as one-hot rows of {@code classes} (both trainers' targets). */
    static float[] oneHot(int[] y, int classes) {
        float[] t = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            t[i * classes + y[i]] = 1f;
        }
        return t;
    }

    private static double accuracy(GraphModule net, NDManager manager, ImageDataset data, int[] indices,
            float[] norm) {
        return score(net, manager, data, indices, norm).accuracy();
    }

    private static Score score(GraphModule net, NDManager manager, ImageDataset data, int[] indices, float[] norm) {
        long correct = 0;
        double loss = 0;
        int n = data.imageSize();
        for (int from = 0; from < indices.length; from += EVAL_BATCH) {
            int count = Math.min(EVAL_BATCH, indices.length - from);
            float[] x = new float[count * n];
            int[] y = new int[count];
            fill(data, indices, from, count, norm, x, y);
            try (NDScope scope = new NDScope()) {
                NDArray input = manager.create(x, new Shape(count, data.channels(), data.height(), data.width()));
                NDArray logits = last(net, input, false);
                long[] pred = logits.argMax(1).toLongArray();
                for (int i = 0; i < count; i++) {
                    correct += pred[i] == y[i] ? 1 : 0;
                }
                NDArray target = manager.create(oneHot(y, data.classes()), new Shape(count, data.classes()));
                loss += logits.logSoftmax(1).mul(target).sum().neg().getFloat();
            }
        }
        return indices.length == 0 ? new Score(Double.NaN, Double.NaN)
                : new Score(correct / (double) indices.length, loss / indices.length);
    }
}
