package io.hwnas.core.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The once-for-all MobileNetV3-Large space ({@code mbv3}, width 1.0): five stages of 2–4 MBConv blocks, each block
 * with kernel 3, 5 or 7 and expansion 3, 4 or 6, at input resolution 128–224 in steps of 4;
 * 25 × (9² + 9³ + 9⁴)⁵ ≈ 5.4·10²⁰ architectures.
 *
 * <p>Canonical string {@code r{resolution}-d{5 depths}-k{20 kernels}-e{20 expansions}}, stage-major with four slots
 * per stage, a slot past its stage's depth written {@code 0}:
 * {@code r224-d24342-k35007350537057307357-e46006340466046306664}. {@link #decode} also accepts other digits in
 * those slots, and once-for-all's JSON form {@code {"ks":[20],"e":[20],"d":[5],"r":[224]}}, and normalises both.
 *
 * <p>Genome (46 genes, in {@link #dimensions()} order): resolution, five depths, twenty kernels, twenty expansions;
 * the kernel and expansion genes of a slot past its stage's depth are {@link Architecture#INACTIVE}.
 *
 * <p>The network follows once-for-all's {@code OFAMobileNetV3} subnet: stem Conv 3×3/2 (16) + BN + h-swish; a fixed
 * first block (depthwise 3×3, BN, ReLU, Conv 1×1 16→16, BN, residual); the five stages (widths 24, 40, 80, 112, 160;
 * strides 2, 2, 2, 1, 2; ReLU in the first two, h-swish after; squeeze-excite in the 40, 112 and 160 stages); each
 * block Conv 1×1 expand to {@code make_divisible(in·e, 8)} + BN + act, depthwise k×k (stride on the stage's first
 * block) + BN + act, SE (global pool, Conv 1×1 with bias to {@code make_divisible(mid/4, 8)}, ReLU, Conv 1×1 with
 * bias back, HardSigmoid(1/6, 0.5), Mul), Conv 1×1 project + BN, and a residual add at stride 1 when the width is
 * kept; then Conv 1×1 160→960 + BN + h-swish, global pool, Conv 1×1 960→1280 (no BN, no bias) + h-swish, flatten and
 * a linear classifier with bias (dropout is an identity at inference).
 */
public final class Mbv3Space implements StagedSpace {

    public static final String NAME = "mbv3";

    public static final int STAGES = 5;
    public static final int SLOTS = 4;
    static final List<Integer> RESOLUTIONS = IntStream.rangeClosed(0, 24).map(i -> 128 + 4 * i).boxed().toList();
    static final List<Integer> DEPTHS = List.of(2, 3, 4);
    static final List<Integer> KERNELS = List.of(3, 5, 7);
    static final List<Integer> EXPANSIONS = List.of(3, 4, 6);

    static final int[] WIDTHS = {24, 40, 80, 112, 160};
    static final int[] STRIDES = {2, 2, 2, 1, 2};
    static final boolean[] HSWISH = {false, false, true, true, true};
    static final boolean[] SQUEEZE_EXCITE = {false, true, false, true, true};
    static final int STEM_WIDTH = 16;
    static final int FINAL_EXPAND_WIDTH = 960;
    static final int LAST_CHANNEL = 1280;
    private static final List<Integer> EXIT_STAGES = List.of(2, 3, 4);

    /** Genome layout. */
    static final int RESOLUTION_GENE = 0;
    static final int DEPTH_GENE = 1;
    static final int KERNEL_GENE = DEPTH_GENE + STAGES;
    static final int EXPANSION_GENE = KERNEL_GENE + STAGES * SLOTS;
    static final int GENES = EXPANSION_GENE + STAGES * SLOTS;

    private static final int DEFAULT_INPUT_CHANNELS = 3;
    private static final int DEFAULT_CLASSES = 1000;
    private static final int CHANNEL_DIVISOR = 8;

    /** Stage configurations of each depth: (k·e choices)^depth = 9^d; their sum is one stage's count. */
    private static final long[] STAGE_CONFIGS_BY_DEPTH = {81, 729, 6561};
    private static final long STAGE_CONFIGS = 81 + 729 + 6561;

    private static final List<Dimension> DIMENSIONS = dimensionList();
    // Strict: {"r": 224, "r": 160} or a config followed by more text is a mistake to name, not a value to guess.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Set<String> JSON_FIELDS = Set.of("ks", "e", "d", "r", "wid");

    private static List<Dimension> dimensionList() {
        List<Dimension> d = new ArrayList<>();
        d.add(new Dimension("resolution", strings(RESOLUTIONS)));
        for (int s = 1; s <= STAGES; s++) {
            d.add(new Dimension("depth" + s, strings(DEPTHS)));
        }
        for (String kind : List.of("kernel", "expand")) {
            for (int s = 1; s <= STAGES; s++) {
                for (int b = 1; b <= SLOTS; b++) {
                    d.add(new Dimension(kind + s + "." + b, strings(kind.equals("kernel") ? KERNELS : EXPANSIONS)));
                }
            }
        }
        return List.copyOf(d);
    }

    private static List<String> strings(List<Integer> values) {
        return values.stream().map(String::valueOf).toList();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Dimension> dimensions() {
        return DIMENSIONS;
    }

    /** 25 × (9² + 9³ + 9⁴)⁵, exactly. */
    @Override
    public BigInteger size() {
        return BigInteger.valueOf(RESOLUTIONS.size()).multiply(BigInteger.valueOf(STAGE_CONFIGS).pow(STAGES));
    }

    // ---- the architecture's values ----

    public static int resolution(Architecture a) {
        return RESOLUTIONS.get(a.gene(RESOLUTION_GENE));
    }

    public static int depth(Architecture a, int stage) {
        return DEPTHS.get(a.gene(DEPTH_GENE + stage));
    }

    public static int kernel(Architecture a, int stage, int slot) {
        return KERNELS.get(a.gene(KERNEL_GENE + stage * SLOTS + slot));
    }

    public static int expansion(Architecture a, int stage, int slot) {
        return EXPANSIONS.get(a.gene(EXPANSION_GENE + stage * SLOTS + slot));
    }

    /** The expansions a block may have, ascending. */
    public static List<Integer> expansions() {
        return EXPANSIONS;
    }

    /** The depths a stage may have, ascending. */
    public static List<Integer> depths() {
        return DEPTHS;
    }

    /** The channels a block of {@code stage} reads: the previous stage's width for its first block. */
    public static int inputWidth(int stage, int slot) {
        return slot > 0 ? WIDTHS[stage] : stage == 0 ? STEM_WIDTH : WIDTHS[stage - 1];
    }

    /** The channels of a block's expanded layers: its input width times the expansion, as once-for-all rounds. */
    public static int expandedWidth(int in, int expansion) {
        return makeDivisible(in * expansion, CHANNEL_DIVISOR);
    }

    /** The hidden width of a block's squeeze-and-excite, for {@code mid} expanded channels. */
    public static int squeezeWidth(int mid) {
        return makeDivisible(mid / 4, CHANNEL_DIVISOR);
    }

    /** Whether the blocks of {@code stage} have squeeze-and-excite. */
    public static boolean squeezeExcite(int stage) {
        return SQUEEZE_EXCITE[stage];
    }

    // ---- strings and genomes ----

    @Override
    public Architecture decode(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.startsWith("{")) {
            return decodeJson(text);
        }
        int offset = 0;
        while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
            offset++;
        }
        Cursor c = new Cursor(text, offset, offset + t.length());
        int[] g = new int[GENES];
        Arrays.fill(g, Architecture.INACTIVE);

        int at = c.expectPart('r', "resolution", false);
        String res = c.digits("resolution");
        if (res.isEmpty() || res.length() > 4) {
            throw fail(text, "resolution '" + res + "' at position " + at + " is not a number 128..224");
        }
        int r = Integer.parseInt(res);
        g[RESOLUTION_GENE] = RESOLUTIONS.indexOf(r);
        if (g[RESOLUTION_GENE] < 0) {
            throw fail(text, "resolution " + r + " at position " + at + " must be 128..224 in steps of 4");
        }

        at = c.expectPart('d', "depths", true);
        String d = c.digits("depths");
        c.requireLength(d, STAGES, at, "depth", "one per stage");
        for (int s = 0; s < STAGES; s++) {
            int v = DEPTHS.indexOf(d.charAt(s) - '0');
            if (v < 0) {
                throw fail(text, "depth '" + d.charAt(s) + "' of stage " + (s + 1) + " at position " + (at + s)
                        + " must be 2, 3 or 4");
            }
            g[DEPTH_GENE + s] = v;
        }
        slots(c, text, g, 'k', "kernel", KERNEL_GENE, KERNELS, "3, 5 or 7");
        slots(c, text, g, 'e', "expansion", EXPANSION_GENE, EXPANSIONS, "3, 4 or 6");
        c.expectEnd();
        return architecture(g);
    }

    private static void slots(Cursor c, String text, int[] g, char letter, String what, int firstGene,
            List<Integer> choices, String expected) {
        int at = c.expectPart(letter, what + "s", true);
        String digits = c.digits(what + "s");
        c.requireLength(digits, STAGES * SLOTS, at, what, "four per stage");
        for (int s = 0; s < STAGES; s++) {
            int depth = DEPTHS.get(g[DEPTH_GENE + s]);
            for (int b = 0; b < depth; b++) {
                int i = s * SLOTS + b;
                int v = choices.indexOf(digits.charAt(i) - '0');
                if (v < 0) {
                    throw fail(text, what + " '" + digits.charAt(i) + "' of stage " + (s + 1) + ", block " + (b + 1)
                            + " at position " + (at + i) + " must be " + expected);
                }
                g[firstGene + i] = v;
            }
        }
    }

    /** Reads {@code r224-d...-k...-e...} left to right, naming positions in the caller's text. */
    private static final class Cursor {
        private final String text;
        private final int end;
        private int pos;

        Cursor(String text, int start, int end) {
            this.text = text;
            this.pos = start;
            this.end = end;
        }

        /** Expects ['-'] letter; returns the position just after the letter. */
        int expectPart(char letter, String what, boolean dash) {
            if (dash) {
                if (pos >= end || text.charAt(pos) != '-') {
                    throw fail(text, "expected '-" + letter + "' (" + what + ") at position " + pos + ", found "
                            + found());
                }
                pos++;
            }
            if (pos >= end || text.charAt(pos) != letter) {
                throw fail(text, "expected '" + letter + "' (" + what + ") at position " + pos + ", found " + found());
            }
            return ++pos;
        }

        /** The characters up to the next '-' or the end; all must be digits. */
        String digits(String what) {
            int start = pos;
            while (pos < end && text.charAt(pos) != '-') {
                char ch = text.charAt(pos);
                if (ch < '0' || ch > '9') {
                    throw fail(text, "'" + ch + "' at position " + pos + " in the " + what + " is not a digit");
                }
                pos++;
            }
            return text.substring(start, pos);
        }

        void requireLength(String digits, int n, int at, String what, String why) {
            if (digits.length() != n) {
                throw fail(text, what + " digits '" + digits + "' at position " + at + " must be " + n + " (" + why
                        + "), but were " + digits.length());
            }
        }

        void expectEnd() {
            if (pos < end) {
                throw fail(text, "unexpected '" + text.substring(pos, end) + "' at position " + pos
                        + " after the expansions");
            }
        }

        private String found() {
            return pos >= end ? "the end" : "'" + text.charAt(pos) + "'";
        }
    }

    private Architecture decodeJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(NAME + " architecture '" + text + "': not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw fail(text, "expected a JSON object {\"ks\", \"e\", \"d\", \"r\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!JSON_FIELDS.contains(f)) {
                throw fail(text, "/" + f + ": unknown field; known: [ks, e, d, r, wid]");
            }
        }
        JsonNode wid = root.get("wid");
        if (wid != null && !wid.isNull()) {
            throw fail(text, "/wid: " + wid + " is not supported; this space has width 1.0 (null)");
        }
        int[] g = new int[GENES];
        Arrays.fill(g, Architecture.INACTIVE);

        JsonNode r = field(text, root, "r");
        if (r.isArray()) {
            if (r.size() != 1) {
                throw fail(text, "/r: must hold one resolution, but held " + r.size());
            }
            r = r.get(0);
        }
        int res = integer(text, r, "/r");
        g[RESOLUTION_GENE] = RESOLUTIONS.indexOf(res);
        if (g[RESOLUTION_GENE] < 0) {
            throw fail(text, "/r: resolution " + res + " must be 128..224 in steps of 4");
        }
        JsonNode d = array(text, root, "d", STAGES);
        for (int s = 0; s < STAGES; s++) {
            int v = integer(text, d.get(s), "/d/" + s);
            g[DEPTH_GENE + s] = DEPTHS.indexOf(v);
            if (g[DEPTH_GENE + s] < 0) {
                throw fail(text, "/d/" + s + ": depth " + v + " of stage " + (s + 1) + " must be 2, 3 or 4");
            }
        }
        jsonSlots(text, root, g, "ks", "kernel", KERNEL_GENE, KERNELS, "3, 5 or 7");
        jsonSlots(text, root, g, "e", "expansion", EXPANSION_GENE, EXPANSIONS, "3, 4 or 6");
        return architecture(g);
    }

    private static void jsonSlots(String text, JsonNode root, int[] g, String field, String what, int firstGene,
            List<Integer> choices, String expected) {
        JsonNode a = array(text, root, field, STAGES * SLOTS);
        for (int i = 0; i < STAGES * SLOTS; i++) {
            String pointer = "/" + field + "/" + i;
            int v = integer(text, a.get(i), pointer); // past the depth any integer is accepted, then ignored
            int s = i / SLOTS;
            int b = i % SLOTS;
            if (b < DEPTHS.get(g[DEPTH_GENE + s])) {
                g[firstGene + i] = choices.indexOf(v);
                if (g[firstGene + i] < 0) {
                    throw fail(text, pointer + ": " + what + " " + v + " of stage " + (s + 1) + ", block " + (b + 1)
                            + " must be " + expected);
                }
            }
        }
    }

    private static JsonNode field(String text, JsonNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null) {
            throw fail(text, "/" + name + ": missing");
        }
        return n;
    }

    private static JsonNode array(String text, JsonNode root, String name, int size) {
        JsonNode n = field(text, root, name);
        if (!n.isArray() || n.size() != size) {
            throw fail(text, "/" + name + ": must be an array of " + size + " integers, but was " + n);
        }
        return n;
    }

    private static int integer(String text, JsonNode n, String pointer) {
        if (!n.isNumber() || !n.canConvertToExactIntegral() || !n.canConvertToInt()) {
            throw fail(text, pointer + ": must be an integer, but was " + n);
        }
        return n.intValue();
    }

    private static IllegalArgumentException fail(String text, String what) {
        return new IllegalArgumentException(NAME + " architecture '" + text + "': " + what);
    }

    @Override
    public Architecture fromGenome(List<Integer> genome) {
        int[] g = Genes.checkLength(this, genome);
        for (int i = 0; i < KERNEL_GENE; i++) {
            if (g[i] < 0 || g[i] >= DIMENSIONS.get(i).size()) {
                throw Genes.outOfRange(this, i, g[i]);
            }
        }
        for (int s = 0; s < STAGES; s++) {
            int depth = DEPTHS.get(g[DEPTH_GENE + s]);
            for (int b = 0; b < SLOTS; b++) {
                for (int first : new int[] {KERNEL_GENE, EXPANSION_GENE}) {
                    int i = first + s * SLOTS + b;
                    boolean inRange = g[i] >= 0 && g[i] < DIMENSIONS.get(i).size();
                    if (b < depth && !inRange || b >= depth && !inRange && g[i] != Architecture.INACTIVE) {
                        throw Genes.outOfRange(this, i, g[i]);
                    }
                }
            }
        }
        return architecture(g);
    }

    /** Normalises the slots past each stage's depth to {@link Architecture#INACTIVE} and writes the string. */
    private static Architecture architecture(int[] genes) {
        int[] g = genes.clone();
        StringBuilder d = new StringBuilder();
        StringBuilder k = new StringBuilder();
        StringBuilder e = new StringBuilder();
        for (int s = 0; s < STAGES; s++) {
            int depth = DEPTHS.get(g[DEPTH_GENE + s]);
            d.append(depth);
            for (int b = 0; b < SLOTS; b++) {
                int ki = KERNEL_GENE + s * SLOTS + b;
                int ei = EXPANSION_GENE + s * SLOTS + b;
                if (b < depth) {
                    k.append(KERNELS.get(g[ki]));
                    e.append(EXPANSIONS.get(g[ei]));
                } else {
                    g[ki] = Architecture.INACTIVE;
                    g[ei] = Architecture.INACTIVE;
                    k.append('0');
                    e.append('0');
                }
            }
        }
        String canonical = "r" + RESOLUTIONS.get(g[RESOLUTION_GENE]) + "-d" + d + "-k" + k + "-e" + e;
        return new Architecture(NAME, canonical, Arrays.stream(g).boxed().toList());
    }

    // ---- search operators ----

    /**
     * Uniform over distinct architectures, so a stage's depth is 2, 3 or 4 with probability 81, 729 and 6561 in
     * 7371 (a depth-4 stage has 9⁴ configurations). Once-for-all's own sampler draws depths uniformly instead.
     */
    @Override
    public Architecture sample(SplittableRandom random) {
        int[] g = new int[GENES];
        g[RESOLUTION_GENE] = random.nextInt(RESOLUTIONS.size());
        for (int s = 0; s < STAGES; s++) {
            long r = random.nextLong(STAGE_CONFIGS);
            int depthIndex = 0;
            while (r >= STAGE_CONFIGS_BY_DEPTH[depthIndex]) {
                r -= STAGE_CONFIGS_BY_DEPTH[depthIndex];
                depthIndex++;
            }
            g[DEPTH_GENE + s] = depthIndex;
            for (int b = 0; b < SLOTS; b++) {
                boolean active = b < DEPTHS.get(depthIndex);
                g[KERNEL_GENE + s * SLOTS + b] = active ? random.nextInt(KERNELS.size()) : Architecture.INACTIVE;
                g[EXPANSION_GENE + s * SLOTS + b] = active ? random.nextInt(EXPANSIONS.size()) : Architecture.INACTIVE;
            }
        }
        return architecture(g);
    }

    /**
     * Redraws only genes that matter: the resolution, the depths and the kernels and expansions of the parent's
     * active slots. A slot that a deeper stage brings into use gets a uniform kernel and expansion; slots a
     * shallower stage drops become inactive. So the child always differs canonically from the parent.
     */
    @Override
    public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
        Genes.own(this, parent, "parent");
        Genes.checkRate(rate);
        int[] g = parent.genes();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < GENES; i++) {
            if (g[i] != Architecture.INACTIVE) {
                live.add(i);
            }
        }
        boolean changed = false;
        for (int i : live) {
            if (random.nextDouble() < rate) {
                g[i] = Genes.other(random, g[i], DIMENSIONS.get(i).size());
                changed = true;
            }
        }
        if (!changed) {
            int i = live.get(random.nextInt(live.size()));
            g[i] = Genes.other(random, g[i], DIMENSIONS.get(i).size());
        }
        for (int s = 0; s < STAGES; s++) {
            int depth = DEPTHS.get(g[DEPTH_GENE + s]);
            for (int b = 0; b < depth; b++) {
                int ki = KERNEL_GENE + s * SLOTS + b;
                int ei = EXPANSION_GENE + s * SLOTS + b;
                if (g[ki] == Architecture.INACTIVE) {
                    g[ki] = random.nextInt(KERNELS.size());
                    g[ei] = random.nextInt(EXPANSIONS.size());
                }
            }
        }
        return architecture(g);
    }

    /**
     * Takes the resolution and each stage's depth from either parent, then each kernel and expansion of the child's
     * active slots from either parent that uses that slot (the parent that gave the depth always does).
     */
    @Override
    public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
        Genes.own(this, a, "first parent");
        Genes.own(this, b, "second parent");
        int[] g = new int[GENES];
        Arrays.fill(g, Architecture.INACTIVE);
        g[RESOLUTION_GENE] = (random.nextBoolean() ? a : b).gene(RESOLUTION_GENE);
        for (int s = 0; s < STAGES; s++) {
            g[DEPTH_GENE + s] = (random.nextBoolean() ? a : b).gene(DEPTH_GENE + s);
            int depth = DEPTHS.get(g[DEPTH_GENE + s]);
            for (int slot = 0; slot < depth; slot++) {
                for (int first : new int[] {KERNEL_GENE, EXPANSION_GENE}) {
                    int i = first + s * SLOTS + slot;
                    int ga = a.gene(i);
                    int gb = b.gene(i);
                    boolean pickA = gb == Architecture.INACTIVE
                            || ga != Architecture.INACTIVE && random.nextBoolean();
                    g[i] = pickA ? ga : gb;
                }
            }
        }
        return architecture(g);
    }

    // ---- the network ----

    /** once-for-all's {@code make_divisible}: round to the nearest multiple, never down by more than 10%. */
    static int makeDivisible(double v, int divisor) {
        int n = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        return n < 0.9 * v ? n + divisor : n;
    }

    /**
     * The subnet on {@code options.inputChannels()} (default 3) × {@code options.inputSize()}² input, by default the
     * architecture's own resolution, with {@code options.classes()} logits (default 1000).
     */
    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions options) {
        return buildStaged(architecture, options, architecture.toString(), ALL_STAGES, null);
    }

    /**
     * Exits may follow stages 2, 3 and 4 (40, 80 and 112 channels, after a quarter, a half and three quarters of the
     * blocks at most depths); an exit after stage 1 would see 24 channels of edges, one after stage 5 would be the
     * classifier less its 960- and 1280-wide layers.
     */
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
        int size = options.inputSizeOr(resolution(architecture));
        int classes = options.classesOr(DEFAULT_CLASSES);
        GraphBuilder b = new GraphBuilder(name);
        Value x = b.input("input", TensorType.floats(Shape.BATCH, options.inputChannelsOr(DEFAULT_INPUT_CHANNELS),
                size, size));
        try (var s = b.scope("stem")) {
            x = b.hardSwish(b.batchNorm(b.conv(x, ConvSpec.of(STEM_WIDTH, 3).stride(2))));
        }
        try (var s = b.scope("first_block")) {
            Value y = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(STEM_WIDTH, 3).groups(STEM_WIDTH))));
            y = b.batchNorm(b.conv(y, ConvSpec.of(STEM_WIDTH, 1)));
            x = b.add(y, x);
        }
        for (int s = 0; s < STAGES; s++) {
            try (var ss = b.scope("stage" + (s + 1))) {
                for (int slot = 0; slot < depth(architecture, s); slot++) {
                    try (var bs = b.scope("block" + (slot + 1))) {
                        x = mbConv(b, x, WIDTHS[s], kernel(architecture, s, slot), expansion(architecture, s, slot),
                                slot == 0 ? STRIDES[s] : 1, HSWISH[s], SQUEEZE_EXCITE[s]);
                    }
                }
            }
            if (tap != null && EXIT_STAGES.contains(s + 1)) {
                tap.after(b, s + 1, x);
            }
            if (s + 1 == through) {
                return b.build();
            }
        }
        try (var s = b.scope("head")) {
            x = b.hardSwish(b.batchNorm(b.conv(x, ConvSpec.of(FINAL_EXPAND_WIDTH, 1))));
            x = b.globalAveragePool(x);
            x = b.hardSwish(b.conv(x, ConvSpec.of(LAST_CHANNEL, 1)));
            x = b.gemm(b.flatten(x), classes, true);
        }
        b.output(x, "logits");
        return b.build();
    }

    @SuppressWarnings("try") // scopes only name nodes
    private static Value mbConv(GraphBuilder b, Value x, int out, int kernel, int expansion, int stride,
            boolean hswish, boolean se) {
        int in = x.dim(1);
        int mid = expandedWidth(in, expansion);
        Value y;
        try (var s = b.scope("expand")) {
            y = act(b, b.batchNorm(b.conv(x, ConvSpec.of(mid, 1))), hswish);
        }
        try (var s = b.scope("depthwise")) {
            y = act(b, b.batchNorm(b.conv(y, ConvSpec.of(mid, kernel).stride(stride).groups(mid))), hswish);
        }
        if (se) {
            try (var s = b.scope("se")) {
                int squeeze = squeezeWidth(mid);
                Value w = b.globalAveragePool(y);
                w = b.relu(b.conv(w, ConvSpec.of(squeeze, 1).bias(true)));
                w = b.hardSigmoid(b.conv(w, ConvSpec.of(mid, 1).bias(true)), 1f / 6f, 0.5f);
                y = b.mul(y, w);
            }
        }
        try (var s = b.scope("project")) {
            y = b.batchNorm(b.conv(y, ConvSpec.of(out, 1)));
        }
        return stride == 1 && in == out ? b.add(y, x) : y;
    }

    private static Value act(GraphBuilder b, Value x, boolean hswish) {
        return hswish ? b.hardSwish(x) : b.relu(x);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
