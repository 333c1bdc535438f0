package io.hwnas.core.space;

import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer.Role;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code transformer}: decoder-only language models sized for phones and edge boards: the number of layers, the
 * embedding size {@code d_model}, the attention heads (which must divide {@code d_model}), the FFN size (a multiple
 * of {@code d_model}), the vocabulary and the context length, each from configurable choices
 * ({@link #builder()}). The canonical string is {@code L{layers}-d{d_model}-h{heads}-f{ffn}-v{vocab}-c{context}},
 * e.g. {@code L12-d768-h12-f3072-v50257-c1024} (GPT-2 small, which is in the default space).
 *
 * <p><b>The network</b> follows GPT-2: token and learned position embeddings (added), then {@code layers} pre-norm
 * blocks {@code x + attn(ln1(x))}, {@code x + mlp(ln2(x))} with biases on every projection, causal multi-head
 * self-attention (scores scaled by {@code 1/√(d/h)}, the future masked with {@code -1e9} before the softmax), a
 * GELU MLP (GPT-2's tanh approximation), a final LayerNorm, and the output projection tied to the token embedding
 * (the same tensor, counted once). Q, K and V are three {@code d × d} projections, which hold exactly GPT-2's fused
 * {@code d × 3d} parameters; GPT-2 small then has 124,439,808 parameters.
 *
 * <p><b>Graphs.</b> {@link #buildGraph(Architecture, GraphOptions)} is the <em>prefill</em> graph: token ids
 * {@code [N, T]} (T = the context, or the prompt length {@code options.inputSize()}) in, the next token's logits
 * {@code [N, vocab]} out (the last position's; the logits of earlier positions are not computed, as a generating
 * runtime would not). {@link #decodeGraph} is one decoding step: one token id {@code [N, 1]} and, per layer, the
 * past keys and values {@code [N, h, context-1, d/h]} in; the logits and the present keys and values
 * {@code [N, h, context, d/h]} out, so that the KV cache is an explicit input and output. {@link #trainingGraph}
 * gives the logits of every position {@code [N, T, vocab]}, for training.
 */
public final class TransformerSpace implements SearchSpace {

    public static final String NAME = "transformer";
    private static final Pattern CANONICAL = Pattern.compile(
            "L(\\d+)-d(\\d+)-h(\\d+)-f(\\d+)-v(\\d+)-c(\\d+)");
    private static final String[] DIMENSIONS = {"layers", "d_model", "heads", "ffn_ratio", "vocab", "context"};
    private static final float LN_EPSILON = 1e-5f;
    private static final float MASKED = -1e9f;

    private final int[][] choices;
    private final List<Dimension> dimensions;
    private final String name;

    /** The default space: edge-sized models up to GPT-2 small. */
    public TransformerSpace() {
        this(builder());
    }

    private TransformerSpace(Builder b) {
        this.name = b.name;
        this.choices = new int[][] {b.layers.clone(), b.dModel.clone(), b.heads.clone(), b.ffnRatio.clone(),
            b.vocab.clone(), b.context.clone()};
        List<Dimension> dims = new ArrayList<>();
        for (int i = 0; i < DIMENSIONS.length; i++) {
            dims.add(new Dimension(DIMENSIONS[i], Arrays.stream(choices[i]).mapToObj(Integer::toString).toList()));
        }
        this.dimensions = List.copyOf(dims);
        boolean any = false;
        for (int d : choices[1]) {
            for (int h : choices[2]) {
                any |= d % h == 0;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("no heads choice " + Arrays.toString(choices[2]) + " divides any d_model "
                    + Arrays.toString(choices[1]));
        }
    }

    /**
     * {@code transformer-tiny}: byte-level language models (a vocabulary of 256) of 1 to 4 layers, d_model 32 to
     * 128 and a context of 64 or 128, which train on a CPU in seconds: for checking the scaling laws' ordering
     * against real training.
     */
    public static TransformerSpace tiny() {
        return builder().name("transformer-tiny").layers(1, 2, 3, 4).dModel(32, 64, 96, 128).heads(2, 4)
                .ffnRatio(2, 4).vocab(256).context(64, 128).build();
    }

    /**
     * Choices for each dimension; the defaults are layers 2, 4, 6, 8, 12; d_model 128, 256, 384, 512, 768; heads
     * 2, 4, 6, 8, 12; FFN 2, 3 or 4 × d_model; vocabulary 8192, 16384, 32000, 50257; context 256, 512, 1024, 2048.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The decoded dimensions of an architecture. */
    public record Size(int layers, int dModel, int heads, int ffn, int vocab, int context) {

        public int headDim() {
            return dModel / heads;
        }

        public String canonical() {
            return "L" + layers + "-d" + dModel + "-h" + heads + "-f" + ffn + "-v" + vocab + "-c" + context;
        }

        /** Bytes of the KV cache of one sequence at the full context, in float32: 2 × layers × context × d. */
        public long kvCacheBytes() {
            return 2L * layers * context * dModel * Float.BYTES;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Dimension> dimensions() {
        return dimensions;
    }

    @Override
    public BigInteger size() {
        long valid = 0;
        for (int d : choices[1]) {
            for (int h : choices[2]) {
                if (d % h == 0) {
                    valid++;
                }
            }
        }
        return BigInteger.valueOf(valid).multiply(BigInteger.valueOf((long) choices[0].length * choices[3].length
                * choices[4].length * choices[5].length));
    }

    public Size size(Architecture a) {
        Genes.own(this, a, "architecture");
        return sizeOf(a.genes());
    }

    private Size sizeOf(int[] g) {
        int d = choices[1][g[1]];
        return new Size(choices[0][g[0]], d, choices[2][g[2]], choices[3][g[3]] * d, choices[4][g[4]],
                choices[5][g[5]]);
    }

    @Override
    public Architecture decode(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        Matcher m = CANONICAL.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " architecture '" + text + "' must look like "
                    + "L{layers}-d{d_model}-h{heads}-f{ffn}-v{vocab}-c{context}, e.g. L12-d768-h12-f3072-v50257-c1024");
        }
        int[] values = new int[6];
        for (int i = 0; i < 6; i++) {
            try {
                values[i] = Integer.parseInt(m.group(i + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " architecture '" + text + "': " + DIMENSIONS[i] + " "
                        + m.group(i + 1) + " is too large");
            }
        }
        int[] g = new int[6];
        int[] asChoices = {values[0], values[1], values[2], -1, values[4], values[5]};
        for (int i : new int[] {0, 1, 2, 4, 5}) {
            g[i] = index(choices[i], asChoices[i]);
            if (g[i] < 0) {
                throw new IllegalArgumentException(name + " architecture '" + text + "': " + DIMENSIONS[i] + " "
                        + asChoices[i] + " is not one of " + Arrays.toString(choices[i]));
            }
        }
        int ffn = values[3];
        g[3] = -1;
        for (int r = 0; r < choices[3].length; r++) {
            if ((long) choices[3][r] * values[1] == ffn) {
                g[3] = r;
            }
        }
        if (g[3] < 0) {
            throw new IllegalArgumentException(name + " architecture '" + text + "': ffn " + ffn + " is not "
                    + Arrays.stream(choices[3]).mapToObj(r -> r + "x").collect(Collectors.joining(", "))
                    + " d_model " + values[1]);
        }
        return make(g, text);
    }

    private static int index(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private Architecture make(int[] g, String what) {
        Size s = sizeOf(g);
        if (s.dModel() % s.heads() != 0) {
            throw new IllegalArgumentException(name + " architecture '" + what + "': " + s.heads()
                    + " heads do not divide d_model " + s.dModel());
        }
        return new Architecture(name, s.canonical(), Arrays.stream(g).boxed().toList());
    }

    @Override
    public Architecture fromGenome(List<Integer> genome) {
        int[] g = Genes.checkLength(this, genome);
        for (int i = 0; i < g.length; i++) {
            if (g[i] < 0 || g[i] >= choices[i].length) {
                throw Genes.outOfRange(this, i, g[i]);
            }
        }
        return make(g, genome.toString());
    }

    private boolean valid(int[] g) {
        return choices[1][g[1]] % choices[2][g[2]] == 0;
    }

    /** Uniform over the valid architectures: every gene drawn uniformly, drawn again while heads do not divide. */
    @Override
    public Architecture sample(SplittableRandom random) {
        int[] g = new int[6];
        do {
            for (int i = 0; i < 6; i++) {
                g[i] = random.nextInt(choices[i].length);
            }
        } while (!valid(g));
        return make(g, "sample");
    }

    @Override
    public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
        Genes.checkRate(rate);
        int[] p = Genes.own(this, parent, "parent").genes();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int[] g = p.clone();
            boolean changed = false;
            for (int i = 0; i < 6; i++) {
                if (choices[i].length > 1 && random.nextDouble() < rate) {
                    g[i] = Genes.other(random, g[i], choices[i].length);
                    changed = true;
                }
            }
            if (!changed) {
                int i;
                do {
                    i = random.nextInt(6);
                } while (choices[i].length < 2);
                g[i] = Genes.other(random, g[i], choices[i].length);
            }
            if (!valid(g)) {
                // a new d_model keeps the heads when they divide it, else takes a head count that does
                List<Integer> ok = new ArrayList<>();
                for (int h = 0; h < choices[2].length; h++) {
                    if (choices[1][g[1]] % choices[2][h] == 0) {
                        ok.add(h);
                    }
                }
                g[2] = ok.get(random.nextInt(ok.size()));
            }
            if (!Arrays.equals(g, p)) {
                return make(g, "mutation");
            }
        }
        throw new IllegalStateException(name + " has no valid architecture other than " + parent.canonical());
    }

    /** Uniform crossover; the heads go with the d_model they were chosen for when the other parent's do not fit. */
    @Override
    public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
        int[] x = Genes.own(this, a, "a").genes();
        int[] y = Genes.own(this, b, "b").genes();
        int[] g = new int[6];
        boolean dFromX = true;
        for (int i = 0; i < 6; i++) {
            boolean fromX = random.nextBoolean();
            g[i] = fromX ? x[i] : y[i];
            if (i == 1) {
                dFromX = fromX;
            }
        }
        if (!valid(g)) {
            g[2] = dFromX ? x[2] : y[2];
        }
        return make(g, "crossover");
    }

    /** The prefill graph (see the class comment). {@code options.inputSize()} is the prompt length, at most c. */
    @Override
    public Graph buildGraph(Architecture a, GraphOptions options) {
        Size s = size(a);
        int vocab = options.classesOr(s.vocab());
        int t = options.inputSizeOr(s.context());
        if (t > s.context()) {
            throw new IllegalArgumentException("prompt length " + t + " is longer than the context " + s.context()
                    + " of " + a.canonical());
        }
        return network(a.canonical(), s, vocab, Mode.PREFILL, t);
    }

    /** {@code prefill} (the default graph) and {@code decode}. */
    @Override
    public List<String> graphs() {
        return List.of("prefill", "decode");
    }

    @Override
    public Graph buildGraph(Architecture a, GraphOptions options, String graph) {
        if (graph == null || graph.isEmpty() || graph.equals("prefill")) {
            return buildGraph(a, options);
        }
        if (graph.equals("decode")) {
            if (options.inputSize() != GraphOptions.SPACE_DEFAULT || options.classes() != GraphOptions.SPACE_DEFAULT) {
                throw new IllegalArgumentException("the decode graph is one token at the full context; it takes no "
                        + "prompt length or vocabulary of its own");
            }
            return decodeGraph(a);
        }
        return SearchSpace.super.buildGraph(a, options, graph);
    }

    /** One decoding step at the full context: the KV cache of context − 1 tokens in, of context tokens out. */
    public Graph decodeGraph(Architecture a) {
        Size s = size(a);
        return network(a.canonical(), s, s.vocab(), Mode.DECODE, 1);
    }

    /** Every position's logits {@code [N, T, vocab]} for a sequence of {@code length} tokens, for training. */
    public Graph trainingGraph(Architecture a, int length) {
        return trainingGraph(a, length, false);
    }

    /**
     * As {@link #trainingGraph(Architecture, int)}; with {@code cache}, each layer's keys and values
     * {@code [N, h, length, d/h]} are outputs too (present_key_l, present_value_l), as a runtime's prefill that
     * fills the KV cache gives them.
     */
    public Graph trainingGraph(Architecture a, int length, boolean cache) {
        Size s = size(a);
        if (length < 1 || length > s.context()) {
            throw new IllegalArgumentException("sequence length must be 1.." + s.context() + ", but was " + length);
        }
        return network(a.canonical(), s, s.vocab(), cache ? Mode.TRAIN_CACHE : Mode.TRAIN, length);
    }

    private enum Mode { PREFILL, DECODE, TRAIN, TRAIN_CACHE }

    // The builder names nodes and parameters in the order they are added, so every step below adds them in the
    // order of the exported graph: an exported model's bytes depend on it.
    @SuppressWarnings("try") // scopes only name the nodes built inside them
    private Graph network(String canonical, Size s, int vocab, Mode mode, int t) {
        GraphBuilder b = new GraphBuilder(name + " " + canonical + (mode == Mode.DECODE ? " decode" : ""));
        Value ids = b.input("input_ids", TensorType.longs(Shape.BATCH, t));
        List<Value[]> cache = mode == Mode.DECODE ? pastCache(b, s) : List.of();
        Value wte = b.parameter("wte", TensorType.floats(vocab, s.dModel()), Role.EMBEDDING);
        Value x;
        try (var scope = b.scope("embed")) {
            x = embed(b, s, wte, ids, mode, t);
        }
        Value mask = mode != Mode.DECODE && t > 1 ? causalMask(b, t) : null;
        Value scale = b.constant("attn_scale", TensorData.ofFloats((float) (1 / Math.sqrt(s.headDim()))));
        List<Value[]> present = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            try (var scope = b.scope("block" + l)) {
                x = block(b, s, x, t, mask, scale, mode == Mode.DECODE ? cache.get(l) : null, present);
            }
        }
        try (var scope = b.scope("head")) {
            b.output(logits(b, x, wte, s.dModel(), mode, t), "logits");
        }
        if (mode == Mode.DECODE || mode == Mode.TRAIN_CACHE) {
            for (int l = 0; l < s.layers(); l++) {
                b.output(present.get(l)[0], "present_key_" + l);
                b.output(present.get(l)[1], "present_value_" + l);
            }
        }
        return b.build();
    }

    /** The decode graph's KV-cache inputs: each layer's past keys and values of context − 1 tokens. */
    private static List<Value[]> pastCache(GraphBuilder b, Size s) {
        TensorType kv = TensorType.floats(Shape.BATCH, s.heads(), s.context() - 1, s.headDim());
        List<Value[]> cache = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) {
            cache.add(new Value[] {b.input("past_key_" + l, kv), b.input("past_value_" + l, kv)});
        }
        return cache;
    }

    /** Token embeddings plus learned position embeddings; a decoding step's one token sits at the last position. */
    private static Value embed(GraphBuilder b, Size s, Value wte, Value ids, Mode mode, int t) {
        Value wpe = b.parameter("wpe", TensorType.floats(s.context(), s.dModel()), Role.EMBEDDING);
        long[] pos = new long[t];
        for (int i = 0; i < t; i++) {
            pos[i] = mode == Mode.DECODE ? s.context() - 1 : i;
        }
        Value positions = b.gather(wpe, b.constant("positions", TensorData.ofLongs(pos), t), 0);
        return b.add(b.gather(wte, ids, 0), positions);
    }

    /** {@code [t, t]}, added to the attention scores: no position attends to a later one. */
    private static Value causalMask(GraphBuilder b, int t) {
        float[] m = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                m[i * t + j] = MASKED;
            }
        }
        return b.constant("causal_mask", TensorData.ofFloats(m), t, t);
    }

    /**
     * One pre-norm block: masked multi-head self-attention and the GELU feed-forward, each added to the residual
     * stream. With {@code past} (decoding), the keys and values follow the cached ones; the block's keys and values
     * are added to {@code present}.
     */
    private static Value block(GraphBuilder b, Size s, Value x, int t, Value mask, Value scale, Value[] past,
            List<Value[]> present) {
        int d = s.dModel();
        int h = s.heads();
        int dh = s.headDim();
        Value a = b.layerNorm(x, LN_EPSILON);
        Value q = heads(b, b.linear(a, d, true), t, h, dh);
        Value k = heads(b, b.linear(a, d, true), t, h, dh);
        Value v = heads(b, b.linear(a, d, true), t, h, dh);
        if (past != null) {
            k = b.concat(2, List.of(past[0], k));
            v = b.concat(2, List.of(past[1], v));
        }
        present.add(new Value[] {k, v});
        Value scores = b.mul(b.matMul(q, b.transpose(k, 0, 1, 3, 2)), scale);
        if (mask != null) {
            scores = b.add(scores, mask);
        }
        Value attn = b.matMul(b.softmax(scores, -1), v);
        Value merged = b.reshape(b.transpose(attn, 0, 2, 1, 3), 0, t, d);
        x = b.add(x, b.linear(merged, d, true));
        Value m = b.linear(b.layerNorm(x, LN_EPSILON), s.ffn(), true);
        m = b.node(Op.GELU, List.of(m), Attributes.builder().set("approximate", "tanh").build());
        return b.add(x, b.linear(m, d, true));
    }

    /** The final norm and the logits through the tied embedding: every position's when training, else the last's. */
    private static Value logits(GraphBuilder b, Value x, Value wte, int d, Mode mode, int t) {
        boolean train = mode == Mode.TRAIN || mode == Mode.TRAIN_CACHE;
        if (mode == Mode.PREFILL && t > 1) {
            // only the next token's logits: the last position
            x = b.gather(x, b.constant("last", TensorData.ofLongs(t - 1)), 1);
        } else if (!train) {
            x = b.reshape(x, 0, d);
        }
        x = b.layerNorm(x, LN_EPSILON);
        if (train) {
            // [N, T, d] keeps its batch apart (the IR does not merge it away), so MatMul with the transpose:
            // training graphs are not what is measured
            return b.matMul(x, b.transpose(wte, 1, 0));
        }
        // Gemm with transB reads the tied embedding as it is; a Transpose of it would be a second copy of the
        // largest tensor of a small model (ONNX Runtime folds it into one at load time).
        Attributes tiedB = Attributes.builder().set("transB", 1L).build();
        return b.node(Op.GEMM, List.of(x, wte), tiedB);
    }

    /** {@code [N, T, d]} to {@code [N, h, T, d/h]}. */
    private static Value heads(GraphBuilder b, Value x, int t, int h, int dh) {
        return b.transpose(b.reshape(x, 0, t, h, dh), 0, 2, 1, 3);
    }

    @Override
    public String toString() {
        return name + " space (" + size() + " architectures)";
    }

    /** Choices for each dimension, for a space of one's own (named {@code transformer} unless renamed). */
    public static final class Builder {
        private String name = NAME;
        private int[] layers = {2, 4, 6, 8, 12};
        private int[] dModel = {128, 256, 384, 512, 768};
        private int[] heads = {2, 4, 6, 8, 12};
        private int[] ffnRatio = {2, 3, 4};
        private int[] vocab = {8192, 16384, 32000, 50257};
        private int[] context = {256, 512, 1024, 2048};

        private Builder() {}

        public Builder name(String n) {
            this.name = Objects.requireNonNull(n, "name");
            return this;
        }

        public Builder layers(int... v) {
            this.layers = check("layers", v);
            return this;
        }

        public Builder dModel(int... v) {
            this.dModel = check("d_model", v);
            return this;
        }

        public Builder heads(int... v) {
            this.heads = check("heads", v);
            return this;
        }

        /** FFN size as multiples of d_model. */
        public Builder ffnRatio(int... v) {
            this.ffnRatio = check("ffn_ratio", v);
            return this;
        }

        public Builder vocab(int... v) {
            this.vocab = check("vocab", v);
            return this;
        }

        public Builder context(int... v) {
            this.context = check("context", v);
            return this;
        }

        private static int[] check(String what, int[] v) {
            if (v.length == 0) {
                throw new IllegalArgumentException(what + " needs at least one choice");
            }
            for (int x : v) {
                if (x < 1) {
                    throw new IllegalArgumentException(what + " choices must be > 0, but were " + Arrays.toString(v));
                }
            }
            if (Arrays.stream(v).distinct().count() != v.length) {
                throw new IllegalArgumentException(what + " has repeated choices: " + Arrays.toString(v));
            }
            return v.clone();
        }

        public TransformerSpace build() {
            return new TransformerSpace(this);
        }
    }
}
