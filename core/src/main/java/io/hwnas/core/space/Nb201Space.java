package io.hwnas.core.space;

import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The NAS-Bench-201 cell space ({@code nb201}): a cell of four nodes where node {@code k} sums one operation on each
 * earlier node, six edges in all, five operations each, 5⁶ = 15,625 cells. The canonical string is NAS-Bench-201's
 * own, so the benchmark's tables join on it:
 * {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|}
 * (node 1 ← 0; node 2 ← 0, 1; node 3 ← 0, 1, 2). Edges are numbered 0–5 in that order, which is also the genome
 * order; a gene is the index into {@link #OPERATIONS}.
 *
 * <p>The network is NAS-Bench-201's (xautodl {@code TinyNetwork}, C = 16, N = 5): a 3×3 conv stem and BatchNorm;
 * three stages of five cells at 16, 32 and 64 channels with a ResNet basic block of stride 2 between stages
 * (ReLU-Conv3×3/2-BN, ReLU-Conv3×3-BN, shortcut AvgPool 2×2/2 then Conv 1×1); BatchNorm, ReLU, global average pooling
 * and a linear classifier. {@code nor_conv_k×k} is ReLU, Conv k×k (no bias), BatchNorm; {@code avg_pool_3x3} is a
 * stride-1 average pool that does not count padding; {@code skip_connect} is the identity.
 *
 * <p><b>Only the live part of a cell is built.</b> {@code none} is zero, so it adds nothing to a sum and is left out.
 * A node whose every contribution is zero is zero itself, and an operation on a zero node is taken as zero too
 * (exact for skip and pooling; for a convolution it drops BatchNorm's constant shift, which carries no information
 * from the input). Operations whose result cannot reach node 3 are not built. A cell whose node 3 is zero outputs
 * {@code Mul(cell input, 0)}, NAS-Bench-201's own {@code Zero} operation: a zero tensor of the right shape that keeps
 * the batch dimension. Each cell is built from the genotype alone; a zero cell does not make later cells zero.
 * So {@code buildGraph} costs what an inference engine has to run: NAS-Bench-201's published FLOPs and parameter
 * counts include dead edges and can be larger for cells that have them.
 */
public final class Nb201Space implements StagedSpace {

    public static final String NAME = "nb201";

    /** The operations in NAS-Bench-201's order; a gene is an index into this list. */
    public static final List<String> OPERATIONS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

    static final int NONE = 0;
    static final int SKIP = 1;
    static final int CONV_1X1 = 2;
    static final int CONV_3X3 = 3;
    static final int AVG_POOL = 4;

    static final int EDGES = 6;
    /** Target and source node of each edge, in canonical order. */
    private static final int[] TO = {1, 2, 2, 3, 3, 3};
    private static final int[] FROM = {0, 0, 1, 0, 1, 2};

    private static final int CHANNELS = 16;
    private static final List<Integer> EXIT_STAGES = List.of(1, 2);
    private static final int CELLS_PER_STAGE = 5;
    private static final int DEFAULT_INPUT_CHANNELS = 3;
    private static final int DEFAULT_INPUT_SIZE = 32;
    private static final int DEFAULT_CLASSES = 10;

    private static final List<Dimension> DIMENSIONS = IntStream.range(0, EDGES)
            .mapToObj(e -> new Dimension("node" + TO[e] + "<-" + FROM[e], OPERATIONS)).toList();
    private static final int SIZE = 15_625; // 5^6

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Dimension> dimensions() {
        return DIMENSIONS;
    }

    @Override
    public BigInteger size() {
        return BigInteger.valueOf(SIZE);
    }

    static int edge(int to, int from) {
        return to * (to - 1) / 2 + from;
    }

    private static String describeEdge(int e) {
        return "edge " + e + " (node " + TO[e] + " <- " + FROM[e] + ")";
    }

    // ---- strings and genomes ----

    @Override
    public Architecture decode(String text) {
        Objects.requireNonNull(text, "text");
        int pos = 0;
        int end = text.length();
        while (pos < end && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        while (end > pos && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int[] genes = new int[EDGES];
        for (int node = 1; node <= 3; node++) {
            if (node > 1) {
                pos = skipPlus(text, pos, end, node);
            }
            pos = skipBar(text, pos, end, node);
            for (int from = 0; from < node; from++) {
                pos = readEdge(text, pos, end, node, from, genes);
            }
        }
        requireEndAfterLastNode(text, pos, end);
        return architecture(genes);
    }

    /** Skips the '+' that separates node {@code node - 1} from {@code node}; returns the position after it. */
    private static int skipPlus(String text, int pos, int end, int node) {
        if (pos >= end) {
            throw fail(text, "missing node " + node + " at position " + pos + ": expected '+|' and "
                    + node + " edges after node " + (node - 1));
        }
        if (text.charAt(pos) != '+') {
            String token = token(text, pos, end);
            if (token.contains("~")) {
                throw fail(text, "extra edge '" + token + "' into node " + (node - 1) + " at position " + pos
                        + "; node " + (node - 1) + " takes " + (node - 1) + " edge(s)");
            }
            throw fail(text, "expected '+' between node " + (node - 1) + " and node " + node
                    + " at position " + pos + ", found '" + text.charAt(pos) + "'");
        }
        return pos + 1;
    }

    /** Skips the '|' that opens node {@code node}; returns the position after it. */
    private static int skipBar(String text, int pos, int end, int node) {
        if (pos >= end || text.charAt(pos) != '|') {
            throw fail(text, "expected '|' opening node " + node + " at position " + pos + ", found "
                    + (pos >= end ? "the end" : "'" + text.charAt(pos) + "'"));
        }
        return pos + 1;
    }

    /**
     * Reads the edge {@code op~from|} into node {@code node} at {@code pos}, sets its gene, and returns the position
     * after its closing '|'.
     */
    private static int readEdge(String text, int pos, int end, int node, int from, int[] genes) {
        int e = edge(node, from);
        if (pos >= end || text.charAt(pos) == '+') {
            throw fail(text, "node " + node + " has " + from + " edge(s), expected " + node + ": missing "
                    + describeEdge(e) + " 'op~" + from + "' at position " + pos);
        }
        int bar = text.indexOf('|', pos);
        if (bar < 0 || bar >= end) {
            throw fail(text, describeEdge(e) + " '" + text.substring(pos, end) + "' at position " + pos
                    + " is not closed by '|'");
        }
        String token = text.substring(pos, bar);
        int tilde = token.lastIndexOf('~');
        if (tilde < 0) {
            throw fail(text, describeEdge(e) + " '" + token + "' at position " + pos
                    + " has no '~'; expected 'op~" + from + "'");
        }
        String op = token.substring(0, tilde);
        String input = token.substring(tilde + 1);
        int g = OPERATIONS.indexOf(op);
        if (g < 0) {
            throw fail(text, "unknown operation '" + op + "' at " + describeEdge(e) + ", position " + pos
                    + "; known: " + OPERATIONS);
        }
        if (!input.equals(Integer.toString(from))) {
            throw fail(text, "input node '" + input + "' at " + describeEdge(e) + ", position "
                    + (pos + tilde + 1) + "; expected " + from);
        }
        genes[e] = g;
        return bar + 1;
    }

    /** Refuses anything after node 3, saying why when it looks like another node or edge. */
    private static void requireEndAfterLastNode(String text, int pos, int end) {
        if (pos < end) {
            String token = token(text, pos, end);
            String why = text.charAt(pos) == '+' ? "; a cell has 3 nodes"
                    : token.contains("~") ? "; node 3 takes 3 edges" : "";
            throw fail(text, "unexpected '" + text.substring(pos, end) + "' at position " + pos
                    + " after node 3" + why);
        }
    }

    /** The text from {@code pos} to the next '|' (exclusive) or the end. */
    private static String token(String text, int pos, int end) {
        int bar = text.indexOf('|', pos);
        return text.substring(pos, bar < 0 || bar > end ? end : bar);
    }

    private static IllegalArgumentException fail(String text, String what) {
        return new IllegalArgumentException(NAME + " architecture '" + text + "': " + what);
    }

    @Override
    public Architecture fromGenome(List<Integer> genome) {
        int[] g = Genes.checkLength(this, genome);
        for (int e = 0; e < EDGES; e++) {
            if (g[e] < 0 || g[e] >= OPERATIONS.size()) {
                throw Genes.outOfRange(this, e, g[e]);
            }
        }
        return architecture(g);
    }

    private static Architecture architecture(int[] genes) {
        StringBuilder s = new StringBuilder("|");
        for (int e = 0; e < EDGES; e++) {
            if (e > 0 && FROM[e] == 0) {
                s.append("+|");
            }
            s.append(OPERATIONS.get(genes[e])).append('~').append(FROM[e]).append('|');
        }
        return new Architecture(NAME, s.toString(), Arrays.stream(genes).boxed().toList());
    }

    // ---- search operators ----

    @Override
    public Architecture sample(SplittableRandom random) {
        int[] g = new int[EDGES];
        for (int e = 0; e < EDGES; e++) {
            g[e] = random.nextInt(OPERATIONS.size());
        }
        return architecture(g);
    }

    /** Every gene matters in this space: two genomes are two NAS-Bench-201 cells, even when they compute alike. */
    @Override
    public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
        Genes.own(this, parent, "parent");
        Genes.checkRate(rate);
        int[] g = parent.genes();
        boolean changed = false;
        for (int e = 0; e < EDGES; e++) {
            if (random.nextDouble() < rate) {
                g[e] = Genes.other(random, g[e], OPERATIONS.size());
                changed = true;
            }
        }
        if (!changed) {
            int e = random.nextInt(EDGES);
            g[e] = Genes.other(random, g[e], OPERATIONS.size());
        }
        return architecture(g);
    }

    @Override
    public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
        Genes.own(this, a, "first parent");
        Genes.own(this, b, "second parent");
        int[] g = new int[EDGES];
        for (int e = 0; e < EDGES; e++) {
            g[e] = random.nextBoolean() ? a.gene(e) : b.gene(e);
        }
        return architecture(g);
    }

    @Override
    public boolean enumerable() {
        return true;
    }

    /** All 15,625 cells, counting in base 5 with edge 0 as the most significant digit (not NAS-Bench-201's index). */
    @Override
    public Stream<Architecture> enumerate() {
        return IntStream.range(0, SIZE).mapToObj(i -> {
            int[] g = new int[EDGES];
            int n = i;
            for (int e = EDGES - 1; e >= 0; e--) {
                g[e] = n % OPERATIONS.size();
                n /= OPERATIONS.size();
            }
            return architecture(g);
        });
    }

    // ---- the network ----

    /**
     * Per edge (genome order), whether {@link #buildGraph} builds its operation: the edge is not {@code none}, its
     * source node is not zero and its result can reach node 3. Latency models that add up per-operation costs use
     * this to count only what an inference engine runs. Reads only the genome, so it is cheap enough for a search's
     * inner loop.
     *
     * @throws IllegalArgumentException for an architecture of another space or a genome of the wrong length or range
     */
    public static boolean[] liveEdges(Architecture architecture) {
        Objects.requireNonNull(architecture, "architecture");
        if (!NAME.equals(architecture.space())) {
            throw new IllegalArgumentException("architecture '" + architecture.canonical() + "' is of search space '"
                    + architecture.space() + "', not '" + NAME + "'");
        }
        List<Integer> genome = architecture.genome();
        if (genome.size() != EDGES) {
            throw new IllegalArgumentException(NAME + " genome must have " + EDGES + " genes, but had "
                    + genome.size() + ": " + genome);
        }
        int[] genes = new int[EDGES];
        for (int e = 0; e < EDGES; e++) {
            genes[e] = genome.get(e);
            if (genes[e] < 0 || genes[e] >= OPERATIONS.size()) {
                throw new IllegalArgumentException(NAME + " genome[" + e + "] must be 0.." + (OPERATIONS.size() - 1)
                        + ", but was " + genes[e]);
            }
        }
        return Liveness.of(genes).live().clone();
    }

    /**
     * Which nodes are zero and which edges are built; see the class comment.
     *
     * @param zero  per node, whether it is identically zero (node 0, the cell input, never is)
     * @param built per node, whether it is computed (it is live and not zero)
     * @param live  per edge, whether its operation is built
     */
    record Liveness(boolean[] zero, boolean[] built, boolean[] live) {

        static Liveness of(int[] genes) {
            boolean[] zero = new boolean[4];
            for (int k = 1; k <= 3; k++) {
                zero[k] = true;
                for (int j = 0; j < k; j++) {
                    if (genes[edge(k, j)] != NONE && !zero[j]) {
                        zero[k] = false;
                    }
                }
            }
            boolean[] useful = new boolean[4];
            useful[3] = !zero[3];
            boolean[] live = new boolean[EDGES];
            for (int k = 3; k >= 1; k--) {
                for (int j = 0; j < k; j++) {
                    int e = edge(k, j);
                    live[e] = useful[k] && genes[e] != NONE && !zero[j];
                    useful[j] |= live[e];
                }
            }
            boolean[] built = new boolean[4];
            for (int k = 0; k <= 3; k++) {
                built[k] = useful[k] && !zero[k];
            }
            return new Liveness(zero, built, live);
        }

        int liveEdges() {
            int n = 0;
            for (boolean l : live) {
                n += l ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * The network on {@code options.inputChannels()} × {@code inputSize}² input (default 3×32×32) with
     * {@code options.classes()} logits (default 10). The input size must be a multiple of 4, as in PyTorch, where the
     * reduction block's conv and pooling paths would otherwise disagree in size.
     */
    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions options) {
        return buildStaged(architecture, options, architecture.toString(), ALL_STAGES, null);
    }

    /** Exits may follow the first and the second stage (16 and 32 channels); the third ends in the classifier. */
    @Override
    public List<Integer> exitStages() {
        return EXIT_STAGES;
    }

    @Override
    public int classes(GraphOptions options) {
        return options.classesOr(DEFAULT_CLASSES);
    }

    @SuppressWarnings("try") // scopes only name nodes
    @Override
    public Graph buildStaged(Architecture architecture, GraphOptions options, String name, int through,
            StageTap tap) {
        Genes.own(this, architecture, "architecture");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(name, "name");
        if (through != ALL_STAGES && !EXIT_STAGES.contains(through)) {
            throw new IllegalArgumentException(NAME + " can be cut after stage " + EXIT_STAGES + ", not " + through);
        }
        int inputChannels = options.inputChannelsOr(DEFAULT_INPUT_CHANNELS);
        int size = options.inputSizeOr(DEFAULT_INPUT_SIZE);
        int classes = options.classesOr(DEFAULT_CLASSES);
        if (size % 4 != 0) {
            throw new IllegalArgumentException(NAME + " inputSize must be a multiple of 4 (two stride-2 reduction "
                    + "blocks), but was " + size);
        }
        int[] genes = architecture.genes();
        Liveness liveness = Liveness.of(genes);
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("input", TensorType.floats(Shape.BATCH, inputChannels, size, size));
        int c = CHANNELS;
        try (var s = b.scope("stem")) {
            x = b.batchNorm(b.conv(x, ConvSpec.of(c, 3)));
        }
        for (int stage = 1; stage <= 3; stage++) {
            if (stage > 1) {
                try (var s = b.scope("reduce" + (stage - 1))) {
                    x = reductionBlock(b, x, 2 * c);
                }
                c *= 2;
            }
            try (var s = b.scope("stage" + stage)) {
                for (int i = 0; i < CELLS_PER_STAGE; i++) {
                    try (var cs = b.scope("cell" + i)) {
                        x = cell(b, x, genes, liveness);
                    }
                }
            }
            if (tap != null && EXIT_STAGES.contains(stage)) {
                tap.after(b, stage, x);
            }
            if (stage == through) {
                return b.build();
            }
        }
        try (var s = b.scope("head")) {
            x = b.relu(b.batchNorm(x));
            x = b.flatten(b.globalAveragePool(x));
            x = b.gemm(x, classes, true);
        }
        b.output(x, "logits");
        return b.build();
    }

    private static Value reluConvBn(GraphBuilder b, Value x, int out, int kernel, int stride) {
        return b.batchNorm(b.conv(b.relu(x), ConvSpec.of(out, kernel).stride(stride)));
    }

    /** xautodl's {@code ResNetBasicblock(C, 2C, stride 2)}: residual + basic block. */
    @SuppressWarnings("try") // scopes only name nodes
    private static Value reductionBlock(GraphBuilder b, Value x, int out) {
        Value y;
        try (var s = b.scope("conv_a")) {
            y = reluConvBn(b, x, out, 3, 2);
        }
        try (var s = b.scope("conv_b")) {
            y = reluConvBn(b, y, out, 3, 1);
        }
        Value residual;
        try (var s = b.scope("downsample")) {
            residual = b.conv(b.averagePool(x, 2, 2, 0, true), ConvSpec.of(out, 1));
        }
        return b.add(residual, y);
    }

    @SuppressWarnings("try") // scopes only name nodes
    private static Value cell(GraphBuilder b, Value input, int[] genes, Liveness liveness) {
        if (liveness.zero()[3]) {
            try (var s = b.scope("zero")) {
                return b.mul(input, b.constant("zero", TensorData.ofFloats(0f)));
            }
        }
        int c = input.dim(1);
        Value[] node = new Value[4];
        node[0] = input;
        for (int k = 1; k <= 3; k++) {
            if (!liveness.built()[k]) {
                continue;
            }
            try (var s = b.scope("node" + k)) {
                List<Value> terms = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    int e = edge(k, j);
                    if (liveness.live()[e]) {
                        try (var es = b.scope("from" + j)) {
                            terms.add(operation(b, node[j], genes[e], c));
                        }
                    }
                }
                Value sum = terms.get(0);
                for (int t = 1; t < terms.size(); t++) {
                    sum = b.add(sum, terms.get(t));
                }
                node[k] = sum;
            }
        }
        return node[3];
    }

    private static Value operation(GraphBuilder b, Value x, int op, int channels) {
        return switch (op) {
            case SKIP -> x;
            case CONV_1X1 -> reluConvBn(b, x, channels, 1, 1);
            case CONV_3X3 -> reluConvBn(b, x, channels, 3, 1);
            case AVG_POOL -> b.averagePool(x, 3, 1, 1, false);
            default -> throw new IllegalStateException("operation " + op + " is not built");
        };
    }

    @Override
    public String toString() {
        return NAME;
    }
}
