package io.hwnas.core.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.Mbv3Space;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.space.TransformerSpace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Pruning in each space's terms: the groups, the child architecture, the units kept, and the kept weights, checked
 * by running the pruned network: where the parts removed are silent in the parent, the child computes what the
 * parent computed.
 */
class StructuredPruningTest {

    private static final SearchSpace MBV3 = SearchSpaces.builtIn().get("mbv3");
    private static final GraphOptions MNIST = GraphOptions.DEFAULTS.inputChannels(1).inputSize(28).classes(10);
    /** Depths 3, 2, 4, 3, 2; stage 2 and 4 and 5 with squeeze-and-excite. */
    private static final Architecture PARENT = MBV3.decode(
            "r128-d32432-k35703500357355507300-e64306600436636406300");
    private static final TransformerSpace TINY = TransformerSpace.tiny();

    private static StructuredPruning mbv3() {
        return StructuredPruning.of(MBV3).orElseThrow();
    }

    private static int[] states(StructuredPruning p, Architecture parent, Map<String, String> chosen) {
        List<Group> groups = p.groups(parent);
        int[] s = new int[groups.size()];
        chosen.forEach((group, state) -> {
            int g = groups.stream().map(Group::name).toList().indexOf(group);
            assertTrue(g >= 0, "no group " + group + " in " + groups);
            s[g] = groups.get(g).states().indexOf(state);
            assertTrue(s[g] > 0, "no state " + state + " of " + groups.get(g));
        });
        return s;
    }

    @Test
    void anMbv3BlockShrinksToEachSmallerExpansionAndAllButAStagesFirstCanGo() {
        List<Group> groups = mbv3().groups(PARENT);

        assertEquals(new Group("stage1/block1", List.of("e6", "e4", "e3")), groups.get(0));
        assertEquals(new Group("stage1/block2", List.of("e4", "e3", "dropped")), groups.get(1));
        assertEquals(new Group("stage1/block3", List.of("e3", "dropped")), groups.get(2));
        assertEquals(13, groups.size(), "every block but stage 4's first (e3 already, and a stage's first stays)");
        assertFalse(groups.stream().anyMatch(g -> g.name().equals("stage4/block1")));
    }

    @Test
    void theChildKeepsTheKernelsOfItsBlocksAndMovesTheLaterOnesUp() {
        StructuredPruning p = mbv3();
        int[] s = states(p, PARENT, Map.of("stage1/block2", "dropped", "stage3/block1", "e3", "stage3/block4", "e3",
                "stage1/block1", "e4"));

        assertEquals("r128-d22432-k37003500357355507300-e43006600336336406300", p.child(PARENT, s).canonical());
    }

    @Test
    void aStageKeepsTwoBlocks() {
        StructuredPruning p = mbv3();
        int[] s = states(p, PARENT, Map.of("stage1/block2", "dropped", "stage1/block3", "dropped"));

        assertFalse(p.allowed(PARENT, s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.child(PARENT, s));
        assertTrue(e.getMessage().contains("a stage keeps [2, 3, 4]"), e.getMessage());
        assertTrue(p.allowed(PARENT, states(p, PARENT, Map.of("stage1/block3", "dropped"))));
    }

    @Test
    void theUnitsAreTheExpandedChannelsKept() {
        StructuredPruning p = mbv3();
        long all = p.units(PARENT, new int[p.groups(PARENT).size()]);
        long expected = 0;
        for (int st = 0; st < Mbv3Space.STAGES; st++) {
            for (int j = 0; j < Mbv3Space.depth(PARENT, st); j++) {
                expected += Mbv3Space.expandedWidth(Mbv3Space.inputWidth(st, j), Mbv3Space.expansion(PARENT, st, j));
            }
        }
        assertEquals(expected, all);
        // Stage 1's second block: 24 channels in, expansion 4: 96 expanded channels.
        assertEquals(all - 96, p.units(PARENT, states(p, PARENT, Map.of("stage1/block2", "dropped"))));
        assertEquals(all - 24, p.units(PARENT, states(p, PARENT, Map.of("stage1/block2", "e3"))));
    }

    /** The logits of {@code g} with {@code w} on a seeded image. */
    private static float[] logits(Graph g, Weights w) {
        float[] image = new float[28 * 28];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        return new ReferenceInterpreter(g, w).run(Map.of(g.inputs().get(0).name(), TensorData.ofFloats(image)), 1)
                .values().iterator().next().floats();
    }

    /** {@code w} with the entries {@code silent} picks set to 0. */
    private static Weights silence(Graph g, Weights w, Map<String, Predicate<int[]>> silent) {
        Map<String, TensorData> m = new HashMap<>(w.asMap());
        silent.forEach((name, which) -> {
            Initializer i = g.initializers().get(name);
            List<Integer> dims = i.type().shape().dims();
            float[] v = w.get(name).floats().clone();
            int[] at = new int[dims.size()];
            for (int k = 0; k < v.length; k++) {
                int rest = k;
                for (int a = dims.size() - 1; a >= 0; a--) {
                    at[a] = rest % dims.get(a);
                    rest /= dims.get(a);
                }
                if (which.test(at)) {
                    v[k] = 0;
                }
            }
            m.put(name, TensorData.ofFloats(v));
        });
        return Weights.of(g, m);
    }

    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        float scale = 0;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-4 * scale, "output " + i);
        }
    }

    @Test
    void aBlockWhoseBranchIsSilentIsRemovedWithoutChangingWhatTheNetworkComputes() {
        StructuredPruning p = mbv3();
        Graph g = MBV3.buildGraph(PARENT, MNIST);
        // Stage 3's second block adds nothing to its input when its projection's batch norm gives 0.
        Weights w = silence(g, Weights.random(g, 3), Map.of("stage3/block2/project/bn_scale", at -> true,
                "stage3/block2/project/bn_bias", at -> true));
        int[] s = states(p, PARENT, Map.of("stage3/block2", "dropped"));
        Architecture child = p.child(PARENT, s);
        Graph cg = MBV3.buildGraph(child, MNIST);

        assertClose(logits(g, w), logits(cg, p.weights(PARENT, g, w, s, cg)));
    }

    @Test
    void theSilentChannelsAndSqueezeUnitsAreTheOnesCut() {
        StructuredPruning p = mbv3();
        Graph g = MBV3.buildGraph(PARENT, MNIST);
        // Stage 2's first block (24 channels in, e6: 144 expanded) cut to e3 (72): its odd channels, and as many of
        // its squeeze units as the smaller squeeze drops, are silenced in the parent.
        String b = "stage2/block1/";
        int[] s = states(p, PARENT, Map.of("stage2/block1", "e3"));
        Graph cg = MBV3.buildGraph(p.child(PARENT, s), MNIST);
        int squeeze = g.initializers().get(b + "se/conv_w").type().shape().dim(0);
        int cutUnits = squeeze - cg.initializers().get(b + "se/conv_w").type().shape().dim(0);
        assertTrue(cutUnits > 0, "the squeeze shrinks too: " + squeeze);
        Predicate<Integer> cut = c -> c % 2 == 1;
        Predicate<Integer> cutSqueeze = h -> h >= 5 && h < 5 + cutUnits;
        Weights w = silence(g, Weights.random(g, 4), Map.of(
                b + "depthwise/bn_scale", at -> cut.test(at[0]), b + "depthwise/bn_bias", at -> cut.test(at[0]),
                b + "se/conv_w_1", at -> cutSqueeze.test(at[1])));
        Weights pruned = p.weights(PARENT, g, w, s, cg);

        assertEquals(72, cg.initializers().get(b + "depthwise/conv_w").type().shape().dim(0));
        assertClose(logits(g, w), logits(cg, pruned));
        // The channels kept are the loud ones: the child's depthwise scales are the parent's even channels.
        float[] parentScale = w.get(b + "depthwise/bn_scale").floats();
        float[] childScale = pruned.get(b + "depthwise/bn_scale").floats();
        for (int c = 0; c < childScale.length; c++) {
            assertEquals(parentScale[2 * c], childScale[c], b + " channel " + c);
        }
    }

    @Test
    void theParentsStatesGiveTheParentAndItsWeights() {
        StructuredPruning p = mbv3();
        Graph g = MBV3.buildGraph(PARENT, MNIST);
        Weights w = Weights.random(g, 6);
        int[] none = new int[p.groups(PARENT).size()];

        assertEquals(PARENT, p.child(PARENT, none));
        assertEquals(w, p.weights(PARENT, g, w, none, g));
    }

    private static float[] nextToken(Graph g, Weights w) {
        int t = g.inputs().get(0).type().shape().dim(1);
        long[] tokens = new long[t];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < t; i++) {
            tokens[i] = r.nextInt(256);
        }
        return new ReferenceInterpreter(g, w).run(Map.of(g.inputs().get(0).name(), TensorData.ofLongs(tokens)), 1)
                .values().iterator().next().floats();
    }

    @Test
    void aTransformerLosesSilentLayersAndFeedForwardUnitsWithoutChangingItsNextToken() {
        StructuredPruning p = StructuredPruning.of(TINY).orElseThrow();
        Architecture parent = TINY.decode("L3-d32-h2-f128-v256-c64");
        assertEquals(List.of("layer 1", "layer 2", "layer 3", "ffn"),
                p.groups(parent).stream().map(Group::name).toList());
        Graph g = TINY.buildGraph(parent, GraphOptions.DEFAULTS.inputSize(16));
        // Layer 2 (block1) adds nothing: its attention output and feed-forward down projections are 0. Half the
        // feed-forward units of each layer are silent: no weight or bias into them (GELU(0) = 0).
        Map<String, Predicate<int[]>> silent = new HashMap<>();
        for (String n : List.of("linear_w_3", "linear_b_3", "linear_w_5", "linear_b_5")) {
            silent.put("block1/" + n, at -> true);
        }
        for (int l = 0; l < 3; l++) {
            silent.put("block" + l + "/linear_w_4", at -> at[1] < 64);
            silent.put("block" + l + "/linear_b_4", at -> at[0] < 64);
        }
        Weights w = silence(g, Weights.random(g, 8), silent);
        int[] s = {0, 1, 0, 1};
        Architecture child = p.child(parent, s);
        Graph cg = TINY.buildGraph(child, GraphOptions.DEFAULTS.inputSize(16));

        assertEquals("L2-d32-h2-f64-v256-c64", child.canonical());
        assertEquals(2 * 64, p.units(parent, s));
        assertEquals(3 * 128, p.units(parent, new int[4]));
        assertClose(nextToken(g, w), nextToken(cg, p.weights(parent, g, w, s, cg)));
    }

    @Test
    void aTransformerKeepsALayerAndLeavesItsHeadsAlone() {
        StructuredPruning p = StructuredPruning.of(TINY).orElseThrow();
        Architecture one = TINY.decode("L1-d64-h4-f128-v256-c64");

        assertEquals(List.of(), p.groups(TINY.decode("L1-d64-h4-f128-v256-c64")).stream()
                .filter(gr -> gr.name().startsWith("layer")).toList(), "one layer: none to remove");
        assertEquals(List.of(), p.groups(one), "f = 2 d is the smallest feed-forward width");
        assertFalse(p.allowed(TINY.decode("L2-d64-h4-f256-v256-c64"), new int[] {1, 1, 0}));
    }

    @Test
    void aSpaceWithoutPrunableDimensionsHasNoPruning() {
        assertTrue(StructuredPruning.of(SearchSpaces.builtIn().get("nb201")).isEmpty());
    }
}
