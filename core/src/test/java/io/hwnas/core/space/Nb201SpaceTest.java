package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.testing.Fixtures;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Nb201SpaceTest extends SearchSpaceContract {

    private static final Nb201Space NB201 = new Nb201Space();
    private static final String EXAMPLE =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Override
    protected SearchSpace space() {
        return NB201;
    }

    @Override
    protected int defaultClasses() {
        return 10;
    }

    private static String cell(String... ops) {
        int[] from = {0, 0, 1, 0, 1, 2};
        StringBuilder s = new StringBuilder("|");
        for (int e = 0; e < 6; e++) {
            s.append(e == 1 || e == 3 ? "+|" : "").append(ops[e]).append('~').append(from[e]).append('|');
        }
        return s.toString();
    }

    private static String uniform(String op) {
        String[] ops = new String[6];
        Arrays.fill(ops, op);
        return cell(ops);
    }

    // ---- strings ----

    @Test
    void decodesNasBench201sOwnStringToItsGenome() {
        Architecture a = NB201.decode(EXAMPLE);
        assertEquals(EXAMPLE, a.canonical());
        assertEquals(List.of(3, 3, 4, 1, 3, 1), a.genome());
        assertEquals("nb201", a.space());
        assertEquals(List.of("node1<-0", "node2<-0", "node2<-1", "node3<-0", "node3<-1", "node3<-2"),
                NB201.dimensions().stream().map(Dimension::name).toList());
    }

    @Test
    void enumeratesAll15625CellsOnceEachRoundTripping() {
        assertEquals(BigInteger.valueOf(15_625), NB201.size());
        assertTrue(NB201.enumerable());
        Set<String> seen = new HashSet<>();
        NB201.enumerate().forEach(a -> {
            assertTrue(seen.add(a.canonical()), a.canonical());
            assertEquals(a, NB201.decode(a.canonical()));
            assertEquals(a.canonical(), NB201.canonical(a.canonical()));
            assertEquals(a, NB201.fromGenome(a.genome()));
        });
        assertEquals(15_625, seen.size());
    }

    @Test
    void everyStringOfTheBenchmarkTablesDecodesToItself() {
        Set<String> all = NB201.enumerate().map(Architecture::canonical).collect(Collectors.toSet());
        for (Path csv : List.of(Fixtures.nb201AccuracyPath(), Fixtures.helpTablePath())) {
            List<String> lines = Fixtures.lines(csv);
            List<String> header = List.of(lines.get(0).split(","));
            int column = header.indexOf("arch_str");
            assertTrue(column >= 0, "no arch_str column in " + header);
            Set<String> table = new HashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                String s = line.split(",")[column];
                assertEquals(s, NB201.canonical(s));
                table.add(s);
            }
            assertEquals(all, table, csv + " holds exactly the enumerated cells");
        }
    }

    @Test
    void namesAnUnknownOperationWithItsEdgeAndPosition() {
        String bad = "|nor_conv_3x3~0|+|conv_9x9~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(bad));
        assertEquals("nb201 architecture '" + bad + "': unknown operation 'conv_9x9' at edge 1 (node 2 <- 0), "
                + "position 18; known: [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3]",
                e.getMessage());
    }

    @Test
    void namesAWrongInputNodeWithItsPosition() {
        String bad = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~3|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(bad));
        assertTrue(e.getMessage().endsWith("input node '3' at edge 2 (node 2 <- 1), position 46; expected 1"),
                e.getMessage());
    }

    @Test
    void namesAMissingPlus() {
        String bad = "|nor_conv_3x3~0||nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(bad));
        assertTrue(e.getMessage().endsWith("expected '+' between node 1 and node 2 at position 16, found '|'"),
                e.getMessage());
    }

    @Test
    void namesTooFewAndTooManyEdges() {
        String fewInNode = "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(fewInNode));
        assertTrue(e.getMessage().endsWith("node 2 has 1 edge(s), expected 2: missing edge 2 (node 2 <- 1) 'op~1' "
                + "at position 33"), e.getMessage());

        String twoNodes = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|";
        e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(twoNodes));
        assertTrue(e.getMessage().endsWith("missing node 3 at position 48: expected '+|' and 3 edges after node 2"),
                e.getMessage());

        String extra = "|nor_conv_3x3~0|skip_connect~1|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|none~1|none~2|";
        e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(extra));
        assertTrue(e.getMessage().endsWith("extra edge 'skip_connect~1' into node 1 at position 16; node 1 takes "
                + "1 edge(s)"), e.getMessage());

        String fourNodes = EXAMPLE + "+|none~0|";
        e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(fourNodes));
        assertTrue(e.getMessage().contains("at position " + EXAMPLE.length() + " after node 3"), e.getMessage());
    }

    @Test
    void namesAnEdgeWithoutTilde() {
        String bad = "|nor_conv_3x3|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NB201.decode(bad));
        assertTrue(e.getMessage().endsWith("edge 0 (node 1 <- 0) 'nor_conv_3x3' at position 1 has no '~'; "
                + "expected 'op~0'"), e.getMessage());
    }

    @Test
    void rejectsAGeneOutOfRangeNamingTheDimension() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NB201.fromGenome(List.of(0, 0, 5, 0, 0, 0)));
        assertTrue(e.getMessage().contains("genome[2] (node2<-1)") && e.getMessage().contains("was 5"),
                e.getMessage());
    }

    // ---- operators ----

    @Test
    void samplesEachOperationOfEachEdgeAboutEquallyOften() {
        SplittableRandom random = new SplittableRandom(2024);
        int n = 25_000;
        int[][] counts = new int[6][5];
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Architecture a = NB201.sample(random);
            distinct.add(a.canonical());
            for (int e = 0; e < 6; e++) {
                counts[e][a.gene(e)]++;
            }
        }
        // Each count is Binomial(25000, 0.2): mean 5000, sd 63; 5 sd is 316.
        for (int[] edge : counts) {
            for (int c : edge) {
                assertTrue(Math.abs(c - n / 5) < 316, Arrays.toString(edge));
            }
        }
        // Uniform over 15,625 cells, 25,000 draws cover 1 - e^-1.6 = 79.8% of them on average.
        assertTrue(Math.abs(distinct.size() - 0.798 * 15_625) < 200, "distinct: " + distinct.size());
    }

    @Test
    void mutationAtRateZeroChangesExactlyOneEdge() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            Architecture a = NB201.sample(random);
            Architecture b = NB201.mutate(a, random, 0.0);
            int differences = 0;
            for (int e = 0; e < 6; e++) {
                differences += a.gene(e) == b.gene(e) ? 0 : 1;
            }
            assertEquals(1, differences);
        }
    }

    // ---- the network ----

    /** Trainable parameters of a conv k×k without bias and its BatchNorm (scale and shift). */
    private static long convBn(int in, int out, int k) {
        return (long) in * out * k * k + 2L * out;
    }

    /**
     * NAS-Bench-201's network outside the cells, by hand: stem conv 3×3 3→16 and BN; two ResNet reduction blocks
     * C→2C (conv 3×3 stride 2 + BN, conv 3×3 + BN, 1×1 shortcut conv without BN); final BN on 64; Linear 64→10.
     */
    private static long skeletonParams(int classes) {
        long stem = convBn(3, 16, 3);
        long reduce1 = convBn(16, 32, 3) + convBn(32, 32, 3) + 16 * 32;
        long reduce2 = convBn(32, 64, 3) + convBn(64, 64, 3) + 32 * 64;
        long head = 2 * 64 + 64L * classes + classes;
        return stem + reduce1 + reduce2 + head;
    }

    @Test
    void allConv3x3NetworkHasTheHandDerivedParameterCount() {
        // Five cells per stage, six ReLU-Conv3x3-BN edges per cell, at C = 16, 32, 64.
        long cells = 0;
        for (int c : new int[] {16, 32, 64}) {
            cells += 5 * 6 * convBn(c, c, 3);
        }
        long expected = skeletonParams(10) + cells;
        assertEquals(1_531_546, expected); // the formula written out: 464 + 70,080 + 14,464 + 278,400 + 57,600
                                           // + 1,109,760 + 128 + 650
        Graph g = NB201.buildGraph(NB201.decode(uniform("nor_conv_3x3")));
        assertEquals(expected, g.cost().trainableParams());
        // BN running mean and variance are parameters of the file but not trainable: 2 per BN channel.
        long bnChannels = 16 + 2 * 32 + 2 * 64 + 64 + 5 * 6 * (16 + 32 + 64);
        assertEquals(expected + 2 * bnChannels, g.cost().params());
        assertEquals(Shape.of(Shape.BATCH, 3, 32, 32), g.inputs().get(0).type().shape());
    }

    @Test
    void allConvNetworkMacsMatchTheHandCount() {
        // conv k×k at stride 1 on an s×s map with C channels in and out: s²·C²·k² MACs.
        long cells = 0;
        int[] sizes = {32, 16, 8};
        int[] channels = {16, 32, 64};
        for (int i = 0; i < 3; i++) {
            long s2 = (long) sizes[i] * sizes[i];
            cells += 5 * 6 * s2 * channels[i] * channels[i] * 9;
        }
        long stem = 32L * 32 * 16 * 3 * 9;
        long reduce1 = 16L * 16 * 32 * 16 * 9 + 16L * 16 * 32 * 32 * 9 + 16L * 16 * 32 * 16;
        long reduce2 = 8L * 8 * 64 * 32 * 9 + 8L * 8 * 64 * 64 * 9 + 8L * 8 * 64 * 32;
        long head = 64 * 10;
        Graph g = NB201.buildGraph(NB201.decode(uniform("nor_conv_3x3")));
        assertEquals(stem + reduce1 + reduce2 + cells + head, g.cost().macs());
    }

    @Test
    void allNoneCellsBuildAZeroTensorOfTheRightShape() {
        Graph g = NB201.buildGraph(NB201.decode(uniform("none")));
        assertEquals(skeletonParams(10), g.cost().trainableParams());
        assertEquals(15, g.operatorHistogram().get("Mul"));
        for (Node n : g.nodes()) {
            if (n.op() == Op.MUL) {
                assertEquals(g.type(n.inputs().get(0)), g.type(n.output()), n.name());
            }
        }
        assertEquals(Shape.of(Shape.BATCH, 10), g.outputs().get(0).type().shape());
    }

    @Test
    void operationsThatCannotReachTheOutputAreNotBuilt() {
        // node 3 = node 0: the convolutions into nodes 1 and 2 are dead, so the cell is the identity.
        Architecture identity = NB201.decode(cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "skip_connect",
                "none", "none"));
        Graph g = NB201.buildGraph(identity);
        assertEquals(skeletonParams(10), g.cost().trainableParams());
        assertEquals(1 + 2 * 3, g.operatorHistogram().get("Conv")); // stem and the two reduction blocks
        assertFalse(g.operatorHistogram().containsKey("Mul"));
    }

    @Test
    void operationsOnAZeroNodeAreNotBuilt() {
        // node 1 is zero, so node2<-1 (conv 1x1) and node3<-1 (skip) add nothing: two conv 3x3 per cell remain.
        Architecture a = NB201.decode(cell("none", "nor_conv_3x3", "nor_conv_1x1", "none", "skip_connect",
                "nor_conv_3x3"));
        Nb201Space.Liveness l = Nb201Space.Liveness.of(a.genes());
        assertEquals(List.of(true, true, true, true), List.of(!l.zero()[0], l.zero()[1], l.built()[2], l.built()[3]));
        assertEquals(2, l.liveEdges());
        long cells = 0;
        for (int c : new int[] {16, 32, 64}) {
            cells += 5 * 2 * convBn(c, c, 3);
        }
        assertEquals(skeletonParams(10) + cells, NB201.buildGraph(a).cost().trainableParams());
    }

    @Test
    void theExampleCellBuildsOneNodePerLiveOperation() {
        Graph g = NB201.buildGraph(NB201.decode(EXAMPLE));
        // Per cell: 3 conv 3x3 edges, 1 pooling edge, node 2 and node 3 sums (1 + 2 adds); 15 cells.
        assertEquals(1 + 6 + 15 * 3, g.operatorHistogram().get("Conv"));
        assertEquals(15, g.operatorHistogram().get("AveragePool") - 2);
        assertEquals(2 + 15 * 3, g.operatorHistogram().get("Add"));
        assertTrue(g.nodes().stream().anyMatch(n -> n.name().equals("stage2/cell4/node2/from1/averagepool")),
                "readable scoped names");
    }

    @Test
    void buildsForOtherInputsAndRejectsSizesTheReductionsCannotHalve() {
        Architecture a = NB201.decode(EXAMPLE);
        Graph mnist = NB201.buildGraph(a, GraphOptions.DEFAULTS.inputChannels(1).inputSize(28));
        assertEquals(Shape.of(Shape.BATCH, 1, 28, 28), mnist.inputs().get(0).type().shape());
        assertEquals(Shape.of(Shape.BATCH, 10), mnist.outputs().get(0).type().shape());
        Graph imagenet16 = NB201.buildGraph(a, GraphOptions.DEFAULTS.inputSize(16).classes(120));
        assertEquals(Shape.of(Shape.BATCH, 120), imagenet16.outputs().get(0).type().shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NB201.buildGraph(a, GraphOptions.DEFAULTS.inputSize(30)));
        assertTrue(e.getMessage().contains("inputSize") && e.getMessage().contains("30"), e.getMessage());
    }

    @Test
    void buildsAHundredRandomNetworks() {
        SplittableRandom random = new SplittableRandom(100);
        for (int i = 0; i < 100; i++) {
            assertTrue(NB201.buildGraph(NB201.sample(random)).cost().params() > 0);
        }
    }
}
