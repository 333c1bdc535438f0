package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hwnas.core.graph.Graph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mbv3-ee}: once-for-all MobileNetV3 with exits after stages 2, 3 and 4. */
class Mbv3EarlyExitSpaceTest extends SearchSpaceContract {

    private static final EarlyExitSpace EE = EarlyExitSpace.mbv3();

    @Override
    protected SearchSpace space() {
        return EE;
    }

    @Override
    protected int defaultClasses() {
        return 1000;
    }

    @Override
    protected int outputsOf(Architecture a) {
        return EE.exitsOn(a).size() + 1;
    }

    @Test
    void exitsFollowStagesTwoThreeAndFourOnTheirWidths() {
        assertEquals(List.of("x2", "x3", "x4"), EE.exits());
        Architecture a = EE.decode("r128-d22222-k33003300330033003300-e33003300330033003300#x2=0.8,x4=0.95");
        assertEquals("r128-d22222-k33003300330033003300-e33003300330033003300#x2=0.8,x3=off,x4=0.95",
                a.canonical());
        GraphOptions mnist = GraphOptions.DEFAULTS.inputChannels(1).inputSize(28).classes(10);
        Graph x4 = EE.buildGraph(a, mnist, "x4");
        assertEquals(List.of("logits_x2", "logits_x4"), x4.outputs().stream().map(Graph.Port::name).toList());
        // the heads' classifiers read stage 2's 40 and stage 4's 112 channels
        assertEquals(40 * 10, x4.initializers().get("x2/fc_w").type().elements());
        assertEquals(112 * 10, x4.initializers().get("x4/fc_w").type().elements());
    }
}
