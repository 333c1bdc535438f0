package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code nb201-ee}: NAS-Bench-201 cells with exits after stages 1 and 2. */
class EarlyExitSpaceTest extends SearchSpaceContract {

    private static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";
    private static final GraphOptions MNIST = GraphOptions.DEFAULTS.inputChannels(1).inputSize(28).classes(10);

    @Override
    protected SearchSpace space() {
        return EE;
    }

    @Override
    protected int defaultClasses() {
        return 10;
    }

    @Override
    protected int outputsOf(Architecture a) {
        return EE.exitsOn(a).size() + 1;
    }

    @Test
    void theGenomeIsTheCellAndOneThresholdPerExit() {
        assertEquals(8, EE.dimensions().size());
        assertEquals("x1", EE.dimensions().get(6).name());
        assertEquals(EarlyExitSpace.THRESHOLDS, EE.dimensions().get(7).choices());
        assertEquals(BigInteger.valueOf(15_625L * 64), EE.size());
        assertEquals("nb201-ee", EE.name());
        assertEquals(List.of("x1", "x2"), EE.graphs());
    }

    @Test
    void canonicalStringsRoundTripAndOtherSpellingsNormalise() {
        Architecture a = EE.decode(CELL + "#x1=0.9,x2=off");
        assertEquals(CELL + "#x1=0.9,x2=off", a.canonical());
        assertEquals(a, EE.fromGenome(a.genome()));
        assertEquals(List.of(3, 2, 4, 1, 0, 3, 5, 0), a.genome());
        assertEquals(a.canonical(), EE.canonical(CELL + "#x2=off, x1=0.90"));
        assertEquals(a.canonical(), EE.canonical(CELL + "#x1=.9"));
        assertEquals(CELL + "#x1=off,x2=off", EE.canonical(CELL));
        assertEquals(CELL + "#x1=off,x2=0.99", EE.canonical(CELL + "#x2=0.99"));
        assertEquals(List.of("x1"), EE.exitsOn(a));
        assertArrayEquals(new double[] {0.9}, EE.thresholds(a));
        assertEquals(CELL, EE.innerArchitecture(a).canonical());
        assertEquals(CELL + "#x1=0.5,x2=off", EE.withThresholds(a, new double[] {0.5}).canonical());
    }

    @Test
    void badExitsAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> EE.decode(CELL + "#x3=0.9"));
        assertTrue(unknown.getMessage().contains("unknown exit 'x3'") && unknown.getMessage().contains("[x1, x2]"),
                unknown.getMessage());
        IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                () -> EE.decode(CELL + "#x1=0.42"));
        assertTrue(threshold.getMessage().contains("'0.42'") && threshold.getMessage().contains("0.95"),
                threshold.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> EE.decode(CELL + "#x1=0.9,x1=0.8"));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                () -> EE.decode("|bogus~0|#x1=0.9"));
        assertTrue(cell.getMessage().startsWith("nb201-ee architecture '|bogus~0|#x1=0.9': nb201 architecture"),
                cell.getMessage());
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
                () -> EE.buildGraph(EE.decode(CELL + "#x1=0.9"), MNIST, "x2"));
        assertTrue(off.getMessage().contains("exit x2 is off"), off.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> EE.withThresholds(EE.decode(CELL + "#x1=0.9"), new double[] {0.9, 0.9}));
        assertTrue(count.getMessage().contains("1 exits on [x1]"), count.getMessage());
    }

    @Test
    void thresholdsChangeNeitherTheNetworkKeyNorTheModels() {
        Architecture a = EE.decode(CELL + "#x1=0.9,x2=0.5");
        Architecture b = EE.decode(CELL + "#x1=0.6,x2=0.99");
        assertEquals(CELL + "#x1=on,x2=on", EE.networkKey(a));
        assertEquals(EE.networkKey(a), EE.networkKey(b));
        assertNotEquals(EE.networkKey(a), EE.networkKey(EE.decode(CELL + "#x1=0.9")));
        for (String graph : List.of("", "x1", "x2")) {
            Graph ga = EE.buildGraph(a, MNIST, graph);
            Graph gb = EE.buildGraph(b, MNIST, graph);
            assertEquals(Sha256.of(OnnxExporter.defaults().toBytes(ga, Weights.random(ga, 0))),
                    Sha256.of(OnnxExporter.defaults().toBytes(gb, Weights.random(gb, 0))), graph);
        }
        BoundSpace bound = new BoundSpace(EE, MNIST, "mnist");
        assertEquals(EE.networkKey(a), bound.networkKey(a));
    }

    @Test
    void eachExitsGraphRunsAsFarAsItsHeadWithTheEarlierHeads() {
        Architecture a = EE.decode(CELL + "#x1=0.9,x2=0.8");
        Graph full = EE.buildGraph(a, MNIST);
        Graph x1 = EE.buildGraph(a, MNIST, "x1");
        Graph x2 = EE.buildGraph(a, MNIST, "x2");
        assertEquals(List.of("logits_x1", "logits_x2", "logits"), names(full));
        assertEquals(List.of("logits_x1"), names(x1));
        assertEquals(List.of("logits_x1", "logits_x2"), names(x2));
        assertEquals("nb201-ee:" + CELL + "#x1=on,x2=on/x1", x1.name());
        // a part's nodes are the whole network's, named alike, so the whole network's weights run every part
        Set<String> fullNodes = full.nodes().stream().map(Node::name).collect(Collectors.toSet());
        assertTrue(fullNodes.containsAll(x2.nodes().stream().map(Node::name).toList()));
        assertTrue(x2.nodes().stream().map(Node::name).collect(Collectors.toSet()).containsAll(
                x1.nodes().stream().map(Node::name).toList()));
        Weights w = Weights.random(full, 3);
        assertEquals(x1.parameterCount(), w.restrictTo(x1).elementCount());
        assertTrue(x1.cost().macs() < x2.cost().macs() && x2.cost().macs() < full.cost().macs());
        // the head: BatchNorm, ReLU, pooling, flatten, a linear classifier on the stage's 16 channels
        List<String> head = x1.nodes().stream().filter(n -> n.name().startsWith("x1/")).map(n -> n.op().onnxName())
                .toList();
        assertEquals(List.of("BatchNormalization", "Relu", "GlobalAveragePool", "Flatten", "Gemm"), head);
        assertEquals(16 * 10 + 10, x1.initializers().values().stream().filter(i -> i.name().startsWith("x1/fc_"))
                .mapToLong(i -> i.type().elements()).sum());
    }

    @Test
    void withEveryExitOffTheNetworkIsTheCellsOwn() {
        Architecture a = EE.decode(CELL);
        Graph inner = new Nb201Space().buildGraph(EE.innerArchitecture(a), MNIST);
        Graph full = EE.buildGraph(a, MNIST);
        assertEquals(inner.nodes(), full.nodes());
        assertEquals(inner.initializers().keySet(), full.initializers().keySet());
        assertEquals(List.of("logits"), names(full));
    }

    /**
     * The inner spaces build the graphs they built before they could be cut into stages, byte for byte (the
     * measurement database knows models by their bytes): SHA-256 of the exported models, taken before the change.
     */
    @Test
    void theInnerSpacesExportTheBytesTheyExportedBeforeExits() {
        String[] expected = {
            "096acab8fcab57c1befde2555d5080e0d91bfbab2264a1a00bbd6efff692b9cc",
            "741ef09145376f0649b19ccdd825b01edd50ce7e5257faafc360ab8287532d3b",
            "2e2e1b77dde33eb200739de6e13d0e0d9df92187873cadefb799cb0e28b535cf",
            "066a99160a43f674efe7c3626abe4b106ae191f5158a881f6d93766060f2dfaf",
            "d809e1c499864ecb28ab92f5a64249e78757e7eee8f21ca2d182e5c7b36ad691",
            "0ce53e67660f77e0675f9cc8cd1d015a4de78914e33ad283bde36be2c3888dc1",
            "2e4463b3efd1458f3f7e9c5232db5621aac8e4c980b9a1d41c06204352d9021b",
            "85d118e0e701f67b401a4c63316bc1ebd5a7ca73c645aff4925be2cfc42ca567"};
        int k = 0;
        for (SearchSpace s : new SearchSpace[] {new Nb201Space(), new Mbv3Space()}) {
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 4; i++) {
                Architecture x = s.sample(r);
                GraphOptions o = i % 2 == 0 ? GraphOptions.DEFAULTS : MNIST;
                Graph g = s.buildGraph(x, o);
                assertEquals(expected[k++], Sha256.of(OnnxExporter.defaults().toBytes(g, Weights.random(g, 0))),
                        x.toString());
            }
        }
    }

    @Test
    void mutationReachesBothTheCellAndTheExits() {
        SplittableRandom random = new SplittableRandom(29);
        int cell = 0;
        int exits = 0;
        for (int i = 0; i < 400; i++) {
            Architecture p = EE.sample(random);
            Architecture c = EE.mutate(p, random, 1.0 / 8);
            cell += EE.innerArchitecture(p).equals(EE.innerArchitecture(c)) ? 0 : 1;
            exits += p.genome().subList(6, 8).equals(c.genome().subList(6, 8)) ? 0 : 1;
        }
        // each of the 8 genes at 1/8: the cell changes in about 6 of 8 children, the exits in about 2 of 8 plus
        assertTrue(cell > 200 && cell < 380, "cell changed in " + cell + " of 400");
        assertTrue(exits > 60 && exits < 250, "exits changed in " + exits + " of 400");
    }

    private static List<String> names(Graph g) {
        return g.outputs().stream().map(Graph.Port::name).toList();
    }
}
