package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class Nb201LiveEdgesTest {

    private final Nb201Space nb201 = new Nb201Space();

    @Test
    void edgeIntoANodeThatNeverReachesTheOutputIsDead() {
        // node 1 feeds only node 2, and node 2 feeds node 3 through 'none': edges 0, 1, 2 are dead
        Architecture a = nb201.decode("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|none~2|");
        assertArrayEquals(new boolean[] {false, false, false, true, false, false}, Nb201Space.liveEdges(a));
    }

    @Test
    void liveEdgesMatchTheConvolutionsTheGraphBuilds() {
        nb201.enumerate().filter(a -> a.canonical().hashCode() % 97 == 0).forEach(a -> {
            boolean[] live = Nb201Space.liveEdges(a);
            long liveConvs = 0;
            for (int e = 0; e < live.length; e++) {
                int op = a.gene(e);
                if (live[e] && (op == Nb201Space.CONV_1X1 || op == Nb201Space.CONV_3X3)) {
                    liveConvs++;
                }
            }
            List<Node> nodes = nb201.buildGraph(a).nodes();
            long cellConvs = nodes.stream().filter(n -> n.name().contains("stage1/cell0/")
                    && n.op() == Op.CONV).count();
            assertEquals(liveConvs, cellConvs, a.canonical());
        });
    }

    @Test
    void rejectsArchitectureOfAnotherSpace() {
        Architecture other = new Architecture("mbv3", "x", List.of(0, 0, 0, 0, 0, 0));
        var e = assertThrows(IllegalArgumentException.class, () -> Nb201Space.liveEdges(other));
        assertTrue(e.getMessage().contains("mbv3"), e.getMessage());
    }
}
