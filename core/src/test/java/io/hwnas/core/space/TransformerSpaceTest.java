package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.onnx.TensorComparison;
import io.hwnas.core.onnx.Weights;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformerSpaceTest extends SearchSpaceContract {

    static final TransformerSpace SPACE = new TransformerSpace();
    /** A space of tiny models that run in the reference interpreter in milliseconds. */
    static final TransformerSpace TINY = TransformerSpace.builder().name("tiny").layers(1, 2).dModel(16, 24)
            .heads(2, 4).ffnRatio(2, 4).vocab(37).context(6, 8).build();

    @Override
    protected SearchSpace space() {
        return SPACE;
    }

    @Override
    protected int defaultClasses() {
        return 50257;
    }

    @Override
    protected int classesOf(Architecture a) {
        return SPACE.size(a).vocab();
    }

    @Test
    void gpt2SmallHasExactlyItsPublishedParameterCount() {
        Architecture a = SPACE.decode("L12-d768-h12-f3072-v50257-c1024");
        assertEquals("L12-d768-h12-f3072-v50257-c1024", a.canonical());
        assertEquals(124_439_808L, SPACE.buildGraph(a).cost().trainableParams());
        assertEquals(124_439_808L, SPACE.decodeGraph(a).cost().trainableParams());
        assertEquals(124_439_808L * 4, SPACE.buildGraph(a).cost().parameterBytes());
    }

    @Test
    void theDefaultSpaceCountsOnlyHeadsThatDivideTheEmbedding() {
        // heads dividing 128, 256, 384, 512, 768 among 2, 4, 6, 8, 12: 3 + 3 + 5 + 3 + 5
        assertEquals(BigInteger.valueOf(5L * 19 * 3 * 4 * 4), SPACE.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SPACE.decode("L2-d128-h6-f256-v8192-c256"));
        assertTrue(e.getMessage().contains("6 heads do not divide d_model 128"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> SPACE.decode("L2-d128-h4-f300-v8192-c256"));
        assertTrue(f.getMessage().contains("ffn 300"), f.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> SPACE.decode("L2-d128-h4-f256-v1000-c256"));
        assertTrue(v.getMessage().contains("vocab 1000 is not one of"), v.getMessage());
    }

    @Test
    void decodingCostsAboutTwoFlopsPerParameterAndPrefillTheContextTimesMore() {
        Architecture a = SPACE.decode("L4-d256-h4-f1024-v8192-c512");
        TransformerSpace.Size s = SPACE.size(a);
        GraphCost decode = SPACE.decodeGraph(a).cost();
        GraphCost prefill = SPACE.buildGraph(a).cost();
        long perToken = (long) s.layers() * (4L * s.dModel() * s.dModel() + 2L * s.dModel() * s.ffn())
                + (long) s.dModel() * s.vocab();
        // decode: every weight once per token, plus attention over the cache (2 · context · d per layer)
        long attention = 2L * s.layers() * s.context() * s.dModel();
        assertEquals(perToken + attention, decode.macs(), 0.01 * decode.macs());
        assertTrue(prefill.macs() > 0.5 * s.context() * (perToken - (long) s.dModel() * s.vocab()),
                prefill.macs() + " vs " + perToken);
        // the decode graph holds the KV cache among its live tensors
        assertTrue(decode.peakActivationBytes() >= s.kvCacheBytes() * (s.context() - 1) / s.context(),
                decode.peakActivationBytes() + " < KV cache " + s.kvCacheBytes());
        assertEquals(2L * 4 * 512 * 256 * 4, s.kvCacheBytes());
    }

    /** The graphs run in ONNX Runtime as the IR's reference computes them. */
    @Test
    void prefillAndDecodeGraphsRunInOnnxRuntimeAsTheReferenceComputesThem() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 4; i++) {
            Architecture a = TINY.sample(r);
            for (Graph g : new Graph[] {TINY.buildGraph(a), TINY.decodeGraph(a)}) {
                Weights w = Weights.random(g, 7);
                Map<String, Tensor> in = inputs(g, 2, TINY.size(a).vocab(), r);
                Map<String, Tensor> expected = new ReferenceInterpreter(g, w).run(data(in), 2);
                TensorComparison.assertClose(expected, OrtRunner.run(OnnxExporter.defaults().toBytes(g, w), in), 1e-4,
                        g.name());
            }
        }
    }

    /**
     * The KV cache means what it says: the keys and values of the first c − 1 tokens, fed to one decoding step with
     * the last token, give the logits that the whole sequence gives at its last position.
     */
    @Test
    void aDecodingStepOnTheCacheOfAPrefixGivesTheLogitsOfTheWholeSequence() throws Exception {
        Architecture a = TINY.decode("L2-d16-h4-f64-v37-c8");
        int c = 8;
        long[] tokens = {3, 14, 15, 9, 2, 6, 5, 35};
        Graph prefix = TINY.trainingGraph(a, c - 1, true);
        Graph whole = TINY.trainingGraph(a, c, false);
        Graph step = TINY.decodeGraph(a);
        // one set of weights for all three graphs: they share every parameter name
        Weights w = Weights.random(whole, 11);
        Map<String, Tensor> cache = OrtRunner.run(OnnxExporter.defaults().toBytes(prefix, Weights.of(prefix,
                w.asMap())), Map.of("input_ids", Tensor.ofLongs(Shape.of(1, c - 1), Arrays.copyOf(tokens, c - 1))));
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("input_ids", Tensor.ofLongs(Shape.of(1, 1), tokens[c - 1]));
        for (int l = 0; l < 2; l++) {
            feed.put("past_key_" + l, cache.get("present_key_" + l));
            feed.put("past_value_" + l, cache.get("present_value_" + l));
        }
        Map<String, Tensor> decoded = OrtRunner.run(OnnxExporter.defaults().toBytes(step, Weights.of(step,
                w.asMap())), feed);
        Tensor all = OrtRunner.run(OnnxExporter.defaults().toBytes(whole, w),
                Map.of("input_ids", Tensor.ofLongs(Shape.of(1, c), tokens))).get("logits");
        float[] last = Arrays.copyOfRange(all.floats(), (c - 1) * 37, c * 37);
        assertEquals(Shape.of(1, 4, c, 4), decoded.get("present_key_0").shape());
        double err = TensorComparison.maxRelativeError(Tensor.ofFloats(Shape.of(1, 37), last), decoded.get("logits"));
        assertTrue(err < 1e-4, "decode step differs from the whole sequence by " + err);
    }

    @Test
    void aPromptShorterThanTheContextShortensThePrefillAndALongerOneIsRefused() {
        Architecture a = SPACE.decode("L2-d128-h4-f256-v8192-c256");
        Graph g = SPACE.buildGraph(a, GraphOptions.DEFAULTS.inputSize(64));
        assertEquals(Shape.of(Shape.BATCH, 64), g.inputs().get(0).type().shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SPACE.buildGraph(a, GraphOptions.DEFAULTS.inputSize(512)));
        assertTrue(e.getMessage().contains("prompt length 512 is longer than the context 256"), e.getMessage());
    }

    static Map<String, Tensor> inputs(Graph g, int batch, int vocab, SplittableRandom r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Graph.Port p : g.inputs()) {
            int[] dims = p.type().shape().concrete(batch);
            int n = Arrays.stream(dims).reduce(1, (x, y) -> x * y);
            if (p.name().equals("input_ids")) {
                long[] ids = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = r.nextInt(vocab);
                }
                m.put(p.name(), Tensor.ofLongs(Shape.of(dims), ids));
            } else {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) r.nextGaussian();
                }
                m.put(p.name(), Tensor.ofFloats(Shape.of(dims), f));
            }
        }
        return m;
    }

    static Map<String, TensorData> data(Map<String, Tensor> t) {
        Map<String, TensorData> m = new LinkedHashMap<>();
        t.forEach((k, v) -> m.put(k, v.data()));
        return m;
    }
}
