package io.hwnas.core.graph.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer.Role;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.onnx.Weights;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Hand-computed results for the operators' subtle points; the ONNX Runtime parity tests cover the rest. */
class ReferenceInterpreterTest {

    private static final int N = Shape.BATCH;
    private static final float EPS = 1e-6f;

    /** Runs a one-input graph at batch 1 and returns its single output. */
    private static Tensor run(TensorType inType, float[] input, BiFunction<GraphBuilder, Value, Value> body) {
        GraphBuilder b = new GraphBuilder("t");
        b.output(body.apply(b, b.input("x", inType)));
        Graph g = b.build();
        return new ReferenceInterpreter(g, Weights.random(g, 1)).run(Map.of("x", TensorData.ofFloats(input)), 1)
                .values().iterator().next();
    }

    private static float[] range(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i + 1;
        }
        return f;
    }

    private static Attributes.Builder attrs() {
        return Attributes.builder();
    }

    @Test
    void convolutionSumsTheWindowWithPadsStrideAndGroups() {
        // 1x2x3x3 input (channel 0 = 1..9, channel 1 = 10..18), two groups of one all-ones 2x2 filter each,
        // pads top 1, left 0, bottom 0, right 1, stride 2.
        Tensor out = run(TensorType.floats(N, 2, 3, 3), range(18), (b, x) -> b.node(Op.CONV,
                List.of(x, b.parameter("w", TensorType.floats(2, 1, 2, 2), Role.WEIGHT,
                        TensorData.ofFloats(1, 1, 1, 1, 1, 1, 1, 1))),
                attrs().setInts("strides", 2, 2).setInts("pads", 1, 0, 0, 1).set("group", 2L).build()));
        assertEquals(Shape.of(1, 2, 2, 2), out.shape());
        // Windows: rows {-1,0} cols {0,1}: 1+2; cols {2,3}: 3; rows {1,2} cols {0,1}: 4+5+7+8; cols {2,3}: 6+9.
        assertArrayEquals(new float[] {3, 3, 24, 15, 21, 12, 60, 33}, out.floats(), EPS);
    }

    @Test
    void averagePoolCountsPaddingOnlyWhenAsked() {
        float[] ones = {1, 1, 1, 1};
        Tensor without = run(TensorType.floats(N, 1, 2, 2), ones, (b, x) -> b.averagePool(x, 3, 1, 1, false));
        Tensor with = run(TensorType.floats(N, 1, 2, 2), ones, (b, x) -> b.averagePool(x, 3, 1, 1, true));
        assertArrayEquals(new float[] {1, 1, 1, 1}, without.floats(), EPS);
        assertArrayEquals(new float[] {4 / 9f, 4 / 9f, 4 / 9f, 4 / 9f}, with.floats(), EPS);
    }

    @Test
    void maxPoolIgnoresPadding() {
        float[] negative = {-4, -3, -2, -1};
        Tensor out = run(TensorType.floats(N, 1, 2, 2), negative, (b, x) -> b.maxPool(x, 3, 1, 1));
        assertArrayEquals(new float[] {-1, -1, -1, -1}, out.floats(), EPS);
    }

    @Test
    void gemmAppliesTransposesAlphaAndBeta() {
        // A = x^T with x = [[1,2],[3,4],[5,6]] ([K=3, M=2]); B = [[1,0,1],[0,1,1]] ([N=2, K=3]) transposed.
        Tensor out = run(TensorType.floats(3, 2), range(6), (b, x) -> b.node(Op.GEMM, List.of(x,
                b.parameter("w", TensorType.floats(2, 3), Role.WEIGHT, TensorData.ofFloats(1, 0, 1, 0, 1, 1)),
                b.parameter("c", TensorType.floats(2), Role.BIAS, TensorData.ofFloats(10, 20))),
                attrs().set("transA", 1L).set("transB", 1L).set("alpha", 0.5f).set("beta", 2f).build()));
        assertEquals(Shape.of(2, 2), out.shape());
        // A' = [[1,3,5],[2,4,6]]; A'B' = [[6, 8], [8, 10]]; 0.5·that + 2·[10, 20].
        assertArrayEquals(new float[] {23, 44, 24, 45}, out.floats(), EPS);
    }

    @Test
    void matMulBroadcastsBatchDimensions() {
        // x [1, 1, 2, 2] @ w [2, 2, 1]: the single x matrix meets each of the two w matrices.
        Tensor out = run(TensorType.floats(N, 1, 2, 2), range(4), (b, x) -> b.matMul(x,
                b.parameter("w", TensorType.floats(2, 2, 1), Role.WEIGHT, TensorData.ofFloats(1, 1, 1, -1))));
        assertEquals(Shape.of(1, 2, 2, 1), out.shape());
        assertArrayEquals(new float[] {3, 7, -1, -1}, out.floats(), EPS);
    }

    @Test
    void reshapeCopiesZeroAndInfersMinusOne() {
        Tensor out = run(TensorType.floats(N, 2, 3), range(6), (b, x) -> b.reshape(x, 0, -1, 2));
        assertEquals(Shape.of(1, 3, 2), out.shape());
        assertArrayEquals(range(6), out.floats(), EPS);
    }

    @Test
    void transposeMovesData() {
        Tensor out = run(TensorType.floats(N, 2, 3), range(6), (b, x) -> b.transpose(x, 0, 2, 1));
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, out.floats(), EPS);
    }

    @Test
    void softmaxNormalisesAlongTheAxis() {
        Tensor out = run(TensorType.floats(N, 2, 2), new float[] {0, 0, 1000, 0}, (b, x) -> b.softmax(x, 1));
        assertArrayEquals(new float[] {0, 0.5f, 1, 0.5f}, out.floats(), EPS);
    }

    @Test
    void layerNormNormalisesTheTrailingDimensions() {
        Tensor out = run(TensorType.floats(N, 2, 2), new float[] {1, 3, 5, 9}, (b, x) -> b.node(
                Op.LAYER_NORMALIZATION, List.of(x, b.parameter("s", TensorType.floats(2, 2), Role.NORM_SCALE,
                        TensorData.ofFloats(1, 1, 1, 1))), attrs().set("axis", 1L).set("epsilon", 0f).build()));
        // mean 4.5, variance (12.25 + 2.25 + 0.25 + 20.25) / 4 = 8.75
        double sd = Math.sqrt(8.75);
        assertArrayEquals(new float[] {(float) (-3.5 / sd), (float) (-1.5 / sd), (float) (0.5 / sd),
            (float) (4.5 / sd)}, out.floats(), EPS);
    }

    @Test
    void gatherCountsNegativeIndicesFromTheEnd() {
        Tensor out = run(TensorType.floats(N, 4), range(4), (b, x) -> b.gather(x,
                b.constant("idx", TensorData.ofLongs(-1, 0, -4), 3), 1));
        assertEquals(Shape.of(1, 3), out.shape());
        assertArrayEquals(new float[] {4, 1, 1}, out.floats(), EPS);
    }

    @Test
    void gatherRejectsAnIndexOutOfRangeNamingTheNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(
                TensorType.floats(N, 4), range(4), (b, x) -> b.gather(x,
                        b.constant("idx", TensorData.ofLongs(4), 1), 1)));
        assertTrue(e.getMessage().contains("'gather'") && e.getMessage().contains("index 4"), e.getMessage());
    }

    @Test
    void activationsFollowTheirOnnxDefinitions() {
        float[] x = {-3, -1, 0, 0.5f, 3};
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 3}, run(TensorType.floats(N, 5), x, GraphBuilder::relu)
                .floats(), EPS);
        assertArrayEquals(new float[] {0, -1 / 3f, 0, 0.5f * (0.5f / 6 + 0.5f), 3},
                run(TensorType.floats(N, 5), x, GraphBuilder::hardSwish).floats(), EPS);
        assertArrayEquals(new float[] {0, 1 / 3f, 0.5f, 0.5f / 6 + 0.5f, 1},
                run(TensorType.floats(N, 5), x, (b, v) -> b.hardSigmoid(v, 1f / 6, 0.5f)).floats(), EPS);
        assertArrayEquals(new float[] {-0.5f, -0.5f, 0, 0.5f, 1.5f},
                run(TensorType.floats(N, 5), x, (b, v) -> b.clip(v, -0.5f, 1.5f)).floats(), EPS);
        float[] gelu = run(TensorType.floats(N, 5), x, GraphBuilder::gelu).floats();
        assertEquals(-0.004049694094890287, gelu[0], 1e-9); // from CPython's math.erfc
        assertEquals(2.99595030590511, gelu[4], 1e-6);
        assertEquals(0, gelu[2]);
    }

    @Test
    void addBroadcastsLikeNumpy() {
        Tensor out = run(TensorType.floats(N, 2, 3), range(6), (b, x) -> b.add(x,
                b.parameter("p", TensorType.floats(2, 1), Role.BIAS, TensorData.ofFloats(10, 20))));
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, out.floats(), EPS);
    }

    @Test
    void runsAtAnyBatchSize() {
        GraphBuilder b = new GraphBuilder("batch");
        b.output(b.gemm(b.flatten(b.input("x", TensorType.floats(N, 2, 2))), 3, true));
        Graph g = b.build();
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        Tensor one = ref.run(Map.of("x", TensorData.ofFloats(range(4))), 1).get("gemm");
        float[] twice = new float[8];
        System.arraycopy(range(4), 0, twice, 0, 4);
        System.arraycopy(range(4), 0, twice, 4, 4);
        Tensor two = ref.run(Map.of("x", TensorData.ofFloats(twice)), 2).get("gemm");
        assertEquals(Shape.of(2, 3), two.shape());
        float[] t = two.floats();
        assertArrayEquals(one.floats(), java.util.Arrays.copyOfRange(t, 3, 6), EPS);
    }

    @Test
    void runAllReturnsEveryNodeOutput() {
        Graph g = nb201Like();
        Map<String, Tensor> all = new ReferenceInterpreter(g, Weights.random(g, 1)).runAll(input(g, 1), 1);
        assertEquals(g.nodes().stream().map(Node::output).toList(), List.copyOf(all.keySet()));
    }

    @Test
    void rejectsAMissingInputNamingIt() {
        Graph g = nb201Like();
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ref.run(Map.of(), 1));
        assertTrue(e.getMessage().contains("'image'"), e.getMessage());
    }

    @Test
    void rejectsAnInputOfTheWrongSizeNamingItAndTheSizes() {
        Graph g = nb201Like();
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ref.run(Map.of("image", TensorData.ofFloats(new float[3 * 32 * 32])), 2));
        assertTrue(e.getMessage().contains("'image'") && e.getMessage().contains("6144")
                && e.getMessage().contains("3072"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownInputNamingIt() {
        Graph g = nb201Like();
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        Map<String, TensorData> in = new HashMap<>(input(g, 1));
        in.put("imagee", TensorData.ofFloats(1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ref.run(in, 1));
        assertTrue(e.getMessage().contains("'imagee'"), e.getMessage());
    }

    @Test
    void rejectsANonPositiveBatch() {
        Graph g = nb201Like();
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ref.run(input(g, 1), 0));
        assertTrue(e.getMessage().contains("batch") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void rejectsWeightsOfAnotherGraph() {
        GraphBuilder b = new GraphBuilder("other");
        b.output(b.gemm(b.input("x", TensorType.floats(N, 2)), 2, false));
        Graph other = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceInterpreter(nb201Like(), Weights.random(other, 1)));
        assertTrue(e.getMessage().contains("weight '"), e.getMessage());
    }

    /**
     * An NAS-Bench-201-sized network (3x32x32, 16/32/64 channels, 15 cells) evaluates to ten finite logits per
     * image, the same ones every run, and each image of a batch as it does alone. (How fast is a benchmark's
     * question, not a test's: a wall-clock limit fails on a loaded machine and passes a slow interpreter on a fast
     * one.)
     */
    @Test
    void evaluatesAnNb201SizedNetworkRepeatablyAndImageByImage() {
        Graph g = nb201Like();
        assertTrue(g.nodes().size() >= 100, g.nodes().size() + " nodes");
        ReferenceInterpreter ref = new ReferenceInterpreter(g, Weights.random(g, 1));
        float[] two = ref.run(input(g, 2), 2).get("logits").floats();
        assertEquals(20, two.length);
        for (float v : two) {
            assertTrue(Float.isFinite(v), Arrays.toString(two));
        }
        assertArrayEquals(two, ref.run(input(g, 2), 2).get("logits").floats());
        float[] first = ref.run(input(g, 1), 1).get("logits").floats();
        assertArrayEquals(first, Arrays.copyOf(two, 10), 1e-5f);
    }

    private static Map<String, TensorData> input(Graph g, int batch) {
        SplittableRandom r = new SplittableRandom(1);
        float[] f = new float[batch * 3 * 32 * 32];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextDouble(-2, 2);
        }
        return Map.of(g.inputs().get(0).name(), TensorData.ofFloats(f));
    }

    /**
     * NAS-Bench-201's skeleton: stem, three stages of five cells (four nodes, six edges: here conv3x3, conv1x1,
     * conv3x3, skip, avg-pool, conv3x3), residual reduction blocks between stages, and a classifier.
     */
    @SuppressWarnings("try") // scopes only name the nodes built inside them
    static Graph nb201Like() {
        GraphBuilder b = new GraphBuilder("nb201_like");
        Value x = b.input("image", TensorType.floats(N, 3, 32, 32));
        x = b.batchNorm(b.conv(x, ConvSpec.of(16, 3)));
        int[] widths = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            int c = widths[stage];
            if (stage > 0) {
                try (var s = b.scope("reduce" + stage)) {
                    Value y = b.batchNorm(b.conv(b.relu(x), ConvSpec.of(c, 3).stride(2)));
                    y = b.batchNorm(b.conv(b.relu(y), ConvSpec.of(c, 3)));
                    Value shortcut = b.conv(b.averagePool(x, 2, 2, 0, false), ConvSpec.of(c, 1));
                    x = b.add(y, shortcut);
                }
            }
            for (int cell = 0; cell < 5; cell++) {
                try (var s = b.scope("stage" + stage + "_cell" + cell)) {
                    Value n0 = x;
                    Value n1 = reluConvBn(b, n0, c, 3);
                    Value n2 = b.add(reluConvBn(b, n0, c, 1), reluConvBn(b, n1, c, 3));
                    x = b.add(b.add(n0, b.averagePool(n1, 3, 1, 1, false)), reluConvBn(b, n2, c, 3));
                }
            }
        }
        x = b.flatten(b.globalAveragePool(b.relu(b.batchNorm(x))));
        b.output(b.gemm(x, 10, true), "logits");
        return b.build();
    }

    private static Value reluConvBn(GraphBuilder b, Value x, int c, int k) {
        return b.batchNorm(b.conv(b.relu(x), ConvSpec.of(c, k)));
    }
}
