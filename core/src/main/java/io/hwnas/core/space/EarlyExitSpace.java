package io.hwnas.core.space;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A CNN space with early exits ({@code nb201-ee}, {@code mbv3-ee}): the inner space's architecture, and per stage
 * where an exit may go ({@link StagedSpace#exitStages()}: nb201 after stages 1 and 2, mbv3 after 2, 3 and 4) either
 * {@code off} or the confidence threshold of an exit there. An input leaves at the first exit whose largest softmax
 * probability reaches its threshold; the inner network's own classifier takes the rest.
 *
 * <p>Canonical string: the inner canonical string, {@code #}, and every exit position as {@code x<stage>=<choice>}
 * in stage order: {@code |nor_conv_3x3~0|+|...|#x1=0.9,x2=off}. {@link #decode} also takes the positions in any
 * order, a position left out (off), numbers spelt otherwise ({@code 0.90}) and an inner string without {@code #}
 * (no exits).
 *
 * <p>Genome: the inner genome, then one gene per exit position indexing {@link #THRESHOLDS}.
 *
 * <p><b>Graphs.</b> An exit's head is BatchNorm, ReLU, global average pooling, flatten and a linear classifier
 * (Gemm with bias): the inner network's classifier without its widening layers; BatchNorm and ReLU first because a
 * stage of either space ends on a BatchNorm with no activation. The default graph is the whole network with every
 * exit that is on, outputs {@code logits_x<stage>} per exit and then {@code logits}: the path of an input that
 * leaves nowhere early (the worst case), and the network trained, with all heads jointly. The graph named
 * {@code x<stage>} ({@link #graphs()}) is the network as far as that exit: the input through the exit's head,
 * with the heads of the earlier exits that are on (a runtime checks their confidence before going on), their
 * logits its outputs. The thresholds change none of the graphs: they are the policy, not the network, so the graphs'
 * names and {@link #networkKey} leave them out, and two architectures that differ only in thresholds train once and
 * export the same bytes. With every exit off the graph is the inner space's network, node for node.
 *
 * <pre>{@code
 * EarlyExitSpace ee = EarlyExitSpace.nb201();
 * Architecture a = ee.decode("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|#x1=0.9,x2=off");
 * Graph full = ee.buildGraph(a);                              // outputs logits_x1, logits
 * Graph upToX1 = ee.buildGraph(a, GraphOptions.DEFAULTS, "x1"); // outputs logits_x1
 * }</pre>
 */
public final class EarlyExitSpace implements SearchSpace {

    /** The choices of an exit position: {@code off}, or the threshold on the largest softmax probability. */
    public static final List<String> THRESHOLDS = List.of("off", "0.5", "0.6", "0.7", "0.8", "0.9", "0.95", "0.99");
    public static final String SUFFIX = "-ee";
    /** The output name of the inner network's classifier. */
    public static final String FINAL = "logits";
    static final int OFF = 0;

    private final StagedSpace inner;
    private final String name;
    private final List<Integer> stages;
    private final List<String> exits;
    private final List<Dimension> dimensions;
    private final int innerGenes;

    /** The early-exit space of {@code inner}, named {@code <inner>-ee}. */
    public EarlyExitSpace(StagedSpace inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.name = inner.name() + SUFFIX;
        this.stages = List.copyOf(inner.exitStages());
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("space '" + inner.name() + "' has no stage an exit may follow");
        }
        this.exits = stages.stream().map(s -> "x" + s).toList();
        List<Dimension> d = new ArrayList<>(inner.dimensions());
        this.innerGenes = d.size();
        for (String x : exits) {
            d.add(new Dimension(x, THRESHOLDS));
        }
        this.dimensions = List.copyOf(d);
    }

    public static EarlyExitSpace nb201() {
        return new EarlyExitSpace(new Nb201Space());
    }

    public static EarlyExitSpace mbv3() {
        return new EarlyExitSpace(new Mbv3Space());
    }

    /** The early-exit space under {@code space}, which may be bound to a task ({@link BoundSpace}). */
    public static Optional<EarlyExitSpace> of(SearchSpace space) {
        SearchSpace s = space instanceof BoundSpace b ? b.inner() : space;
        return s instanceof EarlyExitSpace e ? Optional.of(e) : Optional.empty();
    }

    public StagedSpace inner() {
        return inner;
    }

    /** The exit positions, {@code x<stage>}, in stage order (nb201: x1, x2). */
    public List<String> exits() {
        return exits;
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
        return inner.size().multiply(BigInteger.valueOf(THRESHOLDS.size()).pow(exits.size()));
    }

    // ---- what an architecture says ----

    /** The network without its exits, in the inner space. */
    public Architecture innerArchitecture(Architecture a) {
        Genes.own(this, a, "architecture");
        return inner.fromGenome(a.genome().subList(0, innerGenes));
    }

    /** The exits that are on, in stage order. */
    public List<String> exitsOn(Architecture a) {
        Genes.own(this, a, "architecture");
        List<String> on = new ArrayList<>();
        for (int i = 0; i < exits.size(); i++) {
            if (a.gene(innerGenes + i) != OFF) {
                on.add(exits.get(i));
            }
        }
        return on;
    }

    /** Per exit that is on (in stage order), its confidence threshold. */
    public double[] thresholds(Architecture a) {
        Genes.own(this, a, "architecture");
        return Arrays.stream(exitGenes(a)).filter(g -> g != OFF).mapToDouble(g -> Double.parseDouble(
                THRESHOLDS.get(g))).toArray();
    }

    /** The architecture with the same network and these thresholds for its exits that are on ({@link #exitsOn}). */
    public Architecture withThresholds(Architecture a, double[] thresholds) {
        List<String> on = exitsOn(a);
        if (thresholds.length != on.size()) {
            throw new IllegalArgumentException(name + " architecture '" + a.canonical() + "' has " + on.size()
                    + " exits on " + on + ", but " + thresholds.length + " thresholds were given");
        }
        int[] g = a.genes();
        int k = 0;
        for (int i = 0; i < exits.size(); i++) {
            if (g[innerGenes + i] != OFF) {
                double t = thresholds[k++];
                g[innerGenes + i] = choice(t).orElseThrow(() -> new IllegalArgumentException("threshold " + t
                        + " is not one of " + THRESHOLDS.subList(1, THRESHOLDS.size())));
            }
        }
        return fromGenome(Arrays.stream(g).boxed().toList());
    }

    /**
     * What decides the network: the inner string and which exits are on, {@code <inner>#x1=on,x2=off}; the
     * thresholds are left out (they change where an input leaves, not the weights or the graphs).
     */
    @Override
    public String networkKey(Architecture a) {
        Genes.own(this, a, "architecture");
        int[] g = exitGenes(a);
        StringBuilder s = new StringBuilder(innerArchitecture(a).canonical()).append('#');
        for (int i = 0; i < exits.size(); i++) {
            s.append(i > 0 ? "," : "").append(exits.get(i)).append('=').append(g[i] == OFF ? "off" : "on");
        }
        return s.toString();
    }

    private int[] exitGenes(Architecture a) {
        int[] g = new int[exits.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = a.gene(innerGenes + i);
        }
        return g;
    }

    // ---- strings and genomes ----

    @Override
    public Architecture decode(String text) {
        Objects.requireNonNull(text, "text");
        int hash = text.lastIndexOf('#');
        String innerText = hash < 0 ? text : text.substring(0, hash);
        Architecture in;
        try {
            in = inner.decode(innerText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " architecture '" + text + "': " + e.getMessage(), e);
        }
        int[] g = new int[exits.size()];
        if (hash >= 0) {
            String part = text.substring(hash + 1).strip();
            boolean[] seen = new boolean[exits.size()];
            for (String item : part.isEmpty() ? new String[0] : part.split(",", -1)) {
                String t = item.strip();
                int eq = t.indexOf('=');
                if (eq < 0) {
                    throw fail(text, "exit '" + t + "' is not x<stage>=<threshold>; exits: " + exits);
                }
                String x = t.substring(0, eq).strip();
                String v = t.substring(eq + 1).strip();
                int i = exits.indexOf(x);
                if (i < 0) {
                    throw fail(text, "unknown exit '" + x + "'; this space's exits follow stages " + stages + ": "
                            + exits);
                }
                if (seen[i]) {
                    throw fail(text, "exit '" + x + "' is given twice");
                }
                seen[i] = true;
                g[i] = v.equals("off") ? OFF : parseThreshold(v).orElseThrow(() -> fail(text, "threshold '" + v
                        + "' of exit " + x + " must be one of " + THRESHOLDS));
            }
        }
        return architecture(in, g);
    }

    private static Optional<Integer> parseThreshold(String v) {
        try {
            return choice(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> choice(double t) {
        for (int i = 1; i < THRESHOLDS.size(); i++) {
            if (Double.parseDouble(THRESHOLDS.get(i)) == t) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private IllegalArgumentException fail(String text, String what) {
        return new IllegalArgumentException(name + " architecture '" + text + "': " + what);
    }

    @Override
    public Architecture fromGenome(List<Integer> genome) {
        int[] g = Genes.checkLength(this, genome);
        Architecture in = inner.fromGenome(genome.subList(0, innerGenes));
        int[] x = new int[exits.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = g[innerGenes + i];
            if (x[i] < 0 || x[i] >= THRESHOLDS.size()) {
                throw Genes.outOfRange(this, innerGenes + i, x[i]);
            }
        }
        return architecture(in, x);
    }

    private Architecture architecture(Architecture in, int[] exitGenes) {
        StringBuilder s = new StringBuilder(in.canonical()).append('#');
        List<Integer> genome = new ArrayList<>(in.genome());
        for (int i = 0; i < exits.size(); i++) {
            s.append(i > 0 ? "," : "").append(exits.get(i)).append('=').append(THRESHOLDS.get(exitGenes[i]));
            genome.add(exitGenes[i]);
        }
        return new Architecture(name, s.toString(), genome);
    }

    private Architecture split(Architecture a, int[] exitGenesOut) {
        Genes.own(this, a, "architecture");
        System.arraycopy(exitGenes(a), 0, exitGenesOut, 0, exits.size());
        return inner.fromGenome(a.genome().subList(0, innerGenes));
    }

    // ---- search operators ----

    /** Uniform: the inner space's uniform draw, each exit position uniform over its choices. */
    @Override
    public Architecture sample(SplittableRandom random) {
        Architecture in = inner.sample(random);
        int[] x = new int[exits.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(THRESHOLDS.size());
        }
        return architecture(in, x);
    }

    /**
     * Each exit gene is redrawn with probability {@code rate}; the inner architecture is mutated (by the inner
     * space, which redraws each of its genes that matter with {@code rate}) with the probability that at least one
     * of its genes would be. When neither happened, one gene drawn uniformly from all that matter is.
     */
    @Override
    public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
        Genes.own(this, parent, "parent");
        Genes.checkRate(rate);
        int[] x = new int[exits.size()];
        Architecture in = split(parent, x);
        boolean changed = false;
        for (int i = 0; i < x.length; i++) {
            if (random.nextDouble() < rate) {
                x[i] = Genes.other(random, x[i], THRESHOLDS.size());
                changed = true;
            }
        }
        long live = in.genome().stream().filter(g -> g != Architecture.INACTIVE).count();
        if (random.nextDouble() < 1 - Math.pow(1 - rate, live)) {
            in = inner.mutate(in, random, rate);
            changed = true;
        }
        if (!changed) {
            int pick = random.nextInt((int) live + x.length);
            if (pick < live) {
                in = inner.mutate(in, random, 0.0); // exactly one of its genes, drawn uniformly
            } else {
                int i = pick - (int) live;
                x[i] = Genes.other(random, x[i], THRESHOLDS.size());
            }
        }
        return architecture(in, x);
    }

    /** The inner space's crossover for the network, each exit position from either parent. */
    @Override
    public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
        int[] xa = new int[exits.size()];
        int[] xb = new int[exits.size()];
        Architecture ia = split(a, xa);
        Architecture ib = split(b, xb);
        Architecture in = inner.crossover(ia, ib, random);
        int[] x = new int[exits.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextBoolean() ? xa[i] : xb[i];
        }
        return architecture(in, x);
    }

    // ---- the networks ----

    /** The whole network with every exit that is on: outputs {@code logits_x<stage>} per exit, then {@code logits}. */
    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions options) {
        return build(architecture, options, StagedSpace.ALL_STAGES, "");
    }

    /** One graph per exit position: the network as far as that exit ({@code x1} ...). */
    @Override
    public List<String> graphs() {
        return exits;
    }

    /**
     * The graph {@code graph}: empty for the whole network, {@code x<stage>} for the network as far as that exit
     * (which must be on).
     */
    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions options, String graph) {
        if (graph == null || graph.isEmpty()) {
            return buildGraph(architecture, options);
        }
        Genes.own(this, architecture, "architecture");
        int i = exits.indexOf(graph);
        if (i < 0) {
            throw new IllegalArgumentException("search space '" + name + "' has no graph '" + graph
                    + "'; its graphs: " + exits + " (the network as far as each exit)");
        }
        if (architecture.gene(innerGenes + i) == OFF) {
            throw new IllegalArgumentException("exit " + graph + " is off in " + name + " architecture '"
                    + architecture.canonical() + "'; its graph is that of an exit that is on: " + exitsOn(architecture));
        }
        return build(architecture, options, stages.get(i), graph);
    }

    @SuppressWarnings("try") // scopes only name nodes
    private Graph build(Architecture a, GraphOptions options, int through, String graph) {
        Genes.own(this, a, "architecture");
        Objects.requireNonNull(options, "options");
        int[] g = exitGenes(a);
        Map<Integer, String> on = new LinkedHashMap<>();
        for (int i = 0; i < exits.size(); i++) {
            if (g[i] != OFF) {
                on.put(stages.get(i), exits.get(i));
            }
        }
        int classes = inner.classes(options);
        String graphName = name + ":" + networkKey(a) + (graph.isEmpty() ? "" : "/" + graph);
        return inner.buildStaged(innerArchitecture(a), options, graphName, through, on.isEmpty() ? null
                : (b, stage, x) -> {
                    String exit = on.get(stage);
                    if (exit != null) {
                        head(b, exit, x, classes);
                    }
                });
    }

    @SuppressWarnings("try") // scopes only name nodes
    private static void head(GraphBuilder b, String exit, Value x, int classes) {
        Value y;
        try (var s = b.scope(exit)) {
            y = b.relu(b.batchNorm(x));
            y = b.gemm(b.flatten(b.globalAveragePool(y)), classes, true);
        }
        b.output(y, FINAL + "_" + exit);
    }

    @Override
    public String toString() {
        return name;
    }
}
