package io.hwnas.predictors.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code rt.*} features of {@code nb201-v2}, by hand: the counts below are those of the optimised graphs that
 * ONNX Runtime 1.29 saved for these cells (level ALL, one thread), less the fixed stem, reduction blocks and head.
 */
class Nb201RuntimeTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final FeatureExtractor F = Features.uncached(NB201);

    /** conv1x1, conv3x3, relu, pool, add, add_unfused, add_self, identity. */
    private static double[] rt(String cell) {
        double[] x = F.extract(NB201.decode(cell));
        int first = F.schema().names().indexOf("rt.conv1x1");
        return Arrays.copyOfRange(x, first, first + Nb201Runtime.NAMES.size());
    }

    @Test
    void oneReluServesTheConvsOfOneTensorAndOnePoolItsPools() {
        // node1 = conv(x); node2 = x + pool(node1); node3 = conv(x) + pool(node1) + conv(node2): ReLU(x) is shared,
        // the two pools of node1 are one; node2's Add has no conv to fuse into, node3's two Adds fuse.
        assertArrayEquals(new double[] {3, 0, 2, 1, 3, 1, 0, 0},
                rt("|nor_conv_1x1~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|"));
    }

    @Test
    void skipsAliasNodesSoTheirOpsMerge() {
        // node1 is x, node2 = x + x; node3 = pool(x) + pool(x) + pool(node2): two pools, no Add can fuse.
        assertArrayEquals(new double[] {0, 0, 0, 2, 3, 3, 2, 0},
                rt("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"));
    }

    @Test
    void anAddFusesIntoAConvReadByNothingElse() {
        // node3 = x + conv(x): fused. node2 = conv3(x) + conv1(x), node3 = node2: fused, one ReLU of x.
        assertArrayEquals(new double[] {1, 0, 1, 0, 1, 0, 0, 0},
                rt("|none~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
        assertArrayEquals(new double[] {1, 1, 1, 0, 1, 0, 0, 0},
                rt("|skip_connect~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|none~0|none~1|skip_connect~2|"));
        // node3 = x + node1 + conv(node2): node1, a conv's output, is also read by node2's ReLU, so the first Add
        // stays; the second fuses into conv(node2).
        assertArrayEquals(new double[] {3, 0, 3, 0, 2, 1, 0, 0},
                rt("|nor_conv_1x1~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|"));
    }

    @Test
    void identityAndZeroCells() {
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 1},
                rt("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|skip_connect~0|none~1|none~2|"));
        assertArrayEquals(new double[8], rt("|skip_connect~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|"));
    }

    @Test
    void twoSpellingsOfOneNetworkGiveOneVector() {
        // Over all 15,625 cells: cells whose built edges hold the same ops (dead edges spelled any way) get the same
        // rt.* values; and on every 25th cell the conv counts agree with the graph the space builds (15 cells, 7
        // convs outside them).
        Map<String, double[]> byNetwork = new HashMap<>();
        int convs = F.schema().names().indexOf("op.Conv");
        List<Architecture> all = NB201.enumerate().toList();
        for (int i = 0; i < all.size(); i++) {
            Architecture a = all.get(i);
            int[] genes = a.genes();
            boolean[] live = Nb201Space.liveEdges(a);
            StringBuilder key = new StringBuilder();
            for (int e = 0; e < genes.length; e++) {
                key.append(live[e] ? genes[e] : -1).append(',');
            }
            double[] v = new double[Nb201Runtime.NAMES.size()];
            Nb201Runtime.fill(genes, live, v, 0);
            double[] seen = byNetwork.putIfAbsent(key.toString(), v);
            if (seen != null) {
                assertArrayEquals(seen, v, a.canonical());
            }
            if (i % 25 == 0) {
                assertEquals(7 + 15 * (v[0] + v[1]), F.extract(a)[convs], a.canonical());
            }
        }
        assertEquals(15_625, all.size());
        assertTrue(byNetwork.size() < all.size(), "some networks have several spellings");
    }
}
