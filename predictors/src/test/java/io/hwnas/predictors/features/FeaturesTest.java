package io.hwnas.predictors.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final SearchSpace MBV3 = SearchSpaces.builtIn().get("mbv3");

    private static double feature(FeatureExtractor f, double[] x, String name) {
        int i = f.schema().names().indexOf(name);
        assertTrue(i >= 0, "no feature " + name + " in " + f.schema().name());
        return x[i];
    }

    private static double[] liveOneHot(FeatureExtractor f, double[] x) {
        int first = f.schema().names().indexOf("live.node1<-0=none");
        double[] out = new double[30];
        System.arraycopy(x, first, out, 0, 30);
        return out;
    }

    /** The one-hot of {@code ops} per edge, for the live part: 1 at each (edge, op) given, 0 elsewhere. */
    private static double[] oneHot(int... edgeOpPairs) {
        double[] out = new double[30];
        for (int i = 0; i < edgeOpPairs.length; i += 2) {
            out[edgeOpPairs[i] * 5 + edgeOpPairs[i + 1]] = 1;
        }
        return out;
    }

    @Test
    void schemasAreStable() {
        // A changed layout must change these ids, so that saved predictors refuse vectors they did not learn.
        FeatureExtractor nb201 = Features.forSpace(NB201);
        assertEquals("nb201-v2:976feadf4600", nb201.schema().id());
        assertEquals(116, nb201.schema().size());
        assertEquals(List.of("macs", "flops", "params"), nb201.schema().names().subList(0, 3));
        assertTrue(nb201.schema().names().contains("op.Conv"));
        assertTrue(nb201.schema().names().contains("node3<-2=avg_pool_3x3"));
        FeatureExtractor mbv3 = Features.forSpace(MBV3);
        assertEquals("mbv3-v1:fb0695fe6a0b", mbv3.schema().id());
        assertEquals(Features.uncached(NB201).schema(), nb201.schema());
    }

    @Test
    void liveEncodingDropsAConvThatFeedsOnlyNone() {
        FeatureExtractor f = Features.uncached(NB201);
        double[] x = f.extract(NB201.decode("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"));
        assertEquals(1, feature(f, x, "node1<-0=nor_conv_3x3"));
        assertArrayEquals(oneHot(3, 1), liveOneHot(f, x));
        assertEquals(1, feature(f, x, "live.edges"));
        assertEquals(0, feature(f, x, "live.nor_conv_3x3"));
        assertEquals(1, feature(f, x, "cell.nor_conv_3x3"));
        assertEquals(4, feature(f, x, "cell.none"));
    }

    @Test
    void liveEncodingDropsOpsOnAZeroNode() {
        FeatureExtractor f = Features.uncached(NB201);
        // Node 1 is zero, so node 2 (a conv of node 1) is zero too; node 3 keeps only the skip from the input.
        double[] x = f.extract(NB201.decode(
                "|none~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|skip_connect~1|avg_pool_3x3~2|"));
        assertArrayEquals(oneHot(3, 1), liveOneHot(f, x));
        assertEquals(0, feature(f, x, "zero_cell"));
        double[] all = f.extract(NB201.decode("|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|"
                + "+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|"));
        assertArrayEquals(oneHot(0, 2, 1, 3, 2, 4, 3, 1, 4, 3, 5, 2), liveOneHot(f, all));
        assertEquals(6, feature(f, all, "live.edges"));
        assertEquals(2, feature(f, all, "live.nor_conv_3x3"));
        assertEquals(2, feature(f, all, "live.nor_conv_1x1"));
    }

    @Test
    void aCellWithoutAPathIsZero() {
        FeatureExtractor f = Features.uncached(NB201);
        double[] x = f.extract(NB201.decode("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|"));
        assertArrayEquals(new double[30], liveOneHot(f, x));
        assertEquals(1, feature(f, x, "zero_cell"));
        assertEquals(0, feature(f, x, "live.edges"));
    }

    /**
     * The live counts must describe the graph {@code Nb201Space} builds: 15 cells, plus the stem's and reduction
     * blocks' fixed convolutions (1 + 2 × 3) and the two shortcut pools.
     */
    @Test
    void liveCountsAgreeWithTheBuiltGraph() {
        FeatureExtractor f = Features.uncached(NB201);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 60; i++) {
            Architecture a = NB201.sample(random);
            double[] x = f.extract(a);
            Map<String, Integer> h = NB201.buildGraph(a).operatorHistogram();
            double convs = feature(f, x, "live.nor_conv_1x1") + feature(f, x, "live.nor_conv_3x3");
            double graphConvs = h.getOrDefault("Conv", 0);
            double graphPools = h.getOrDefault("AveragePool", 0);
            assertEquals(15 * convs + 7, graphConvs, a.canonical());
            assertEquals(15 * feature(f, x, "live.avg_pool_3x3") + 2, graphPools, a.canonical());
            assertEquals(graphConvs, feature(f, x, "op.Conv"));
        }
    }

    @Test
    void mbv3InactiveSlotsAreZeroAndStagesSum() {
        FeatureExtractor f = Features.uncached(MBV3);
        double[] x = f.extract(MBV3.decode("r224-d24342-k35007353537057357300-e46006346664046636600"));
        assertEquals(224, feature(f, x, "resolution"));
        assertEquals(2, feature(f, x, "depth1"));
        assertEquals(3, feature(f, x, "kernel1.1"));
        assertEquals(5, feature(f, x, "kernel1.2"));
        assertEquals(0, feature(f, x, "kernel1.3"));
        assertEquals(0, feature(f, x, "expand1.4"));
        assertEquals(6, feature(f, x, "expand1.2"));
        assertEquals(3 + 5, feature(f, x, "stage1.kernels"));
        assertEquals(4 + 6, feature(f, x, "stage1.expands"));
        assertEquals(9 * 4 + 25 * 6, feature(f, x, "stage1.k2e"));
        assertEquals(2 + 4 + 3 + 4 + 2, feature(f, x, "blocks"));
        assertTrue(feature(f, x, "macs") > 1e8, "macs from the graph");
    }

    @Test
    void otherSpacesGetGraphTotalsAndGenes() {
        SearchSpace copy = new RenamedNb201();
        FeatureExtractor f = Features.forSpace(copy);
        assertEquals("nb201-copy-generic-v1", f.schema().name());
        double[] x = f.extract(copy.decode("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"));
        assertEquals(4, feature(f, x, "gene.node1<-0"));
        assertEquals(1, feature(f, x, "gene.node2<-0"));
        assertEquals(2, feature(f, x, "gene.node3<-0"));
        assertEquals(7, feature(f, x, "op.Conv"), "stem and reductions only: the conv is dead");
    }

    @Test
    void refusesAnArchitectureOfAnotherSpace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Features.forSpace(MBV3).extract(NB201.sample(new SplittableRandom(1))));
        assertTrue(e.getMessage().contains("'nb201'") && e.getMessage().contains("'mbv3'"), e.getMessage());
    }

    @Test
    void memoisedVectorsAreEqualCopies() {
        FeatureExtractor f = Features.forSpace(NB201);
        Architecture a = NB201.sample(new SplittableRandom(3));
        double[] first = f.extract(a);
        double[] second = f.extract(a);
        assertNotSame(first, second);
        assertArrayEquals(first, second);
        first[0] = -1;
        assertArrayEquals(second, f.extract(a), "a caller's change must not reach the memo");
        assertArrayEquals(Features.uncached(NB201).extract(a), second);
    }

    @Test
    void memoIsBoundedAndSafeAcrossThreads() throws Exception {
        MemoisingExtractor f = (MemoisingExtractor) Features.memoise(Features.uncached(NB201), 5);
        List<Architecture> archs = NB201.enumerate().limit(40).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> out = archs.stream().map(a -> pool.submit(() -> f.extract(a))).toList();
            FeatureExtractor plain = Features.uncached(NB201);
            for (int i = 0; i < archs.size(); i++) {
                assertArrayEquals(plain.extract(archs.get(i)), out.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(5, f.size());
        assertThrows(IllegalArgumentException.class, () -> Features.memoise(f, 0));
    }

    /** {@code nb201} under another name, so that it takes the generic extractor. */
    private static final class RenamedNb201 implements SearchSpace {

        private final SearchSpace nb201 = NB201;

        @Override
        public String name() {
            return "nb201-copy";
        }

        @Override
        public List<Dimension> dimensions() {
            return nb201.dimensions();
        }

        @Override
        public BigInteger size() {
            return nb201.size();
        }

        private Architecture renamed(Architecture a) {
            return new Architecture(name(), a.canonical(), a.genome());
        }

        @Override
        public Architecture decode(String text) {
            return renamed(nb201.decode(text));
        }

        @Override
        public Architecture fromGenome(List<Integer> genome) {
            return renamed(nb201.fromGenome(genome));
        }

        @Override
        public Architecture sample(SplittableRandom random) {
            return renamed(nb201.sample(random));
        }

        @Override
        public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Graph buildGraph(Architecture a, GraphOptions options) {
            return nb201.buildGraph(nb201.fromGenome(a.genome()), options);
        }
    }
}
