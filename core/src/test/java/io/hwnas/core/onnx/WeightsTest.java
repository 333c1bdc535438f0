package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Initializer.Role;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.graph.reference.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightsTest {

    private static final int N = Shape.BATCH;

    /** One tensor of every role: conv + BN, a Gemm (transB) classifier, a MatMul linear layer, LN, an embedding. */
    private static Graph everyRole(int tailWidth) {
        GraphBuilder b = new GraphBuilder("roles");
        Value x = b.input("x", TensorType.floats(N, 32, 6, 6));
        x = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(64, 3).bias(true))));
        Value v = b.flatten(b.globalAveragePool(x));
        v = b.layerNorm(b.gemm(v, 48, true), 1e-5f);
        Value tokens = b.linear(b.reshape(v, 0, 12, 4), tailWidth, true);
        Value ids = b.input("ids", TensorType.longs(N, 2));
        b.output(tokens);
        b.output(b.gather(b.parameter("embedding", TensorType.floats(100, 16), Role.EMBEDDING), ids, 0));
        return b.build();
    }

    private static float[] values(Weights w, String name) {
        return w.get(name).floats();
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static double meanSquare(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return s / v.length;
    }

    private static void assertWithin(float[] v, double lo, double hi, String what) {
        for (float f : v) {
            assertTrue(f >= lo && f <= hi, what + " value " + f + " outside [" + lo + ", " + hi + "]");
        }
    }

    @Test
    void coversExactlyTheParameters() {
        Graph g = everyRole(64);
        Weights w = Weights.random(g, 1);
        assertEquals(g.initializers().values().stream().filter(Initializer::isParameter).map(Initializer::name)
                .toList(), java.util.List.copyOf(w.asMap().keySet()));
        assertEquals(g.parameterCount(), w.elementCount());
    }

    @Test
    void sameSeedGivesSameValuesAndAnotherSeedOthers() {
        Graph g = everyRole(64);
        assertEquals(Weights.random(g, 5), Weights.random(g, 5));
        assertNotEquals(values(Weights.random(g, 5), "conv_w").length, 0);
        assertFalse(java.util.Arrays.equals(values(Weights.random(g, 5), "conv_w"),
                values(Weights.random(g, 6), "conv_w")));
    }

    @Test
    void changingOnePartOfAGraphKeepsTheOtherTensorsValues() {
        Weights narrow = Weights.random(everyRole(8), 5);
        Weights wide = Weights.random(everyRole(64), 5);
        assertNotEquals(narrow.get("linear_w").size(), wide.get("linear_w").size());
        for (String name : narrow.asMap().keySet()) {
            if (!name.startsWith("linear_")) {
                assertEquals(narrow.get(name), wide.get(name), name);
            }
        }
    }

    @Test
    void weightsAreHeUniformOverTheFanInOfTheirUse() {
        Weights w = Weights.random(everyRole(64), 11);
        float[] conv = values(w, "conv_w"); // [64, 32, 3, 3]: fan-in 288
        assertTrue(maxAbs(conv) <= Math.sqrt(6.0 / 288));
        assertEquals(2.0 / 288, meanSquare(conv), 0.05 * 2.0 / 288, "variance 2/fanIn");
        float[] fc = values(w, "fc_w"); // Gemm transB [48, 64]: fan-in 64
        assertTrue(maxAbs(fc) <= Math.sqrt(6.0 / 64));
        assertTrue(maxAbs(fc) > 0.9 * Math.sqrt(6.0 / 64));
        float[] linear = values(w, "linear_w"); // MatMul [4, 64]: fan-in 4, not 64
        assertTrue(maxAbs(linear) <= Math.sqrt(6.0 / 4));
        assertTrue(maxAbs(linear) > 0.9 * Math.sqrt(6.0 / 4));
    }

    @Test
    void otherRolesDrawFromTheirRanges() {
        Weights w = Weights.random(everyRole(64), 3);
        assertWithin(values(w, "conv_b"), -0.1, 0.1, "BIAS");
        assertWithin(values(w, "bn_bias"), -0.1, 0.1, "NORM_BIAS");
        assertWithin(values(w, "bn_mean"), -0.1, 0.1, "NORM_MEAN");
        assertWithin(values(w, "bn_scale"), 0.8, 1.2, "NORM_SCALE");
        assertWithin(values(w, "ln_scale"), 0.8, 1.2, "NORM_SCALE");
        assertWithin(values(w, "bn_var"), 0.5, 1.5, "NORM_VAR");
        float[] emb = values(w, "embedding");
        assertWithin(emb, -0.04, 0.04, "EMBEDDING");
        double std = Math.sqrt(meanSquare(emb));
        assertTrue(std > 0.015 && std < 0.02, "embedding std " + std);
    }

    @Test
    void aParameterWithDataKeepsIt() {
        GraphBuilder b = new GraphBuilder("fixed");
        Value x = b.input("x", TensorType.floats(N, 2));
        b.output(b.mul(x, b.parameter("s", TensorType.floats(2), Role.NORM_SCALE, TensorData.ofFloats(3f, 4f))));
        Graph g = b.build();
        assertArrayEquals(new float[] {3f, 4f}, Weights.random(g, 1).get("s").floats());
    }

    @Test
    void refusesToDrawAnIntegerParameter() {
        GraphBuilder b = new GraphBuilder("ints");
        Value x = b.input("x", TensorType.longs(N, 2));
        b.output(b.add(x, b.parameter("offset", TensorType.longs(2), Role.BIAS)));
        Graph g = b.build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.random(g, 1));
        assertTrue(e.getMessage().contains("'offset'"), e.getMessage());
    }

    @Test
    void ofAcceptsCompleteSuppliedWeights() {
        Graph g = everyRole(8);
        Weights random = Weights.random(g, 9);
        Weights supplied = Weights.of(g, random.asMap());
        assertEquals(random, supplied);
    }

    @Test
    void ofRejectsAMissingTensorNamingIt() {
        Graph g = everyRole(8);
        Map<String, TensorData> m = new HashMap<>(Weights.random(g, 9).asMap());
        m.remove("bn_var");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(g, m));
        assertTrue(e.getMessage().contains("'bn_var'") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void ofRejectsAnUnknownTensorNamingIt() {
        Graph g = everyRole(8);
        Map<String, TensorData> m = new HashMap<>(Weights.random(g, 9).asMap());
        m.put("conv_w_typo", TensorData.ofFloats(1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(g, m));
        assertTrue(e.getMessage().contains("'conv_w_typo'"), e.getMessage());
    }

    @Test
    void ofRejectsAConstantAsAWeight() {
        Graph g = everyRole(8);
        Map<String, TensorData> m = new HashMap<>(Weights.random(g, 9).asMap());
        m.put("shape", TensorData.ofLongs(0, 12, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(g, m));
        assertTrue(e.getMessage().contains("'shape'") && e.getMessage().contains("constant"), e.getMessage());
    }

    @Test
    void ofRejectsAWrongSizeNamingTheTensorAndBothSizes() {
        Graph g = everyRole(8);
        Map<String, TensorData> m = new HashMap<>(Weights.random(g, 9).asMap());
        m.put("fc_b", TensorData.ofFloats(new float[47]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(g, m));
        assertTrue(e.getMessage().contains("'fc_b'") && e.getMessage().contains("47")
                && e.getMessage().contains("48"), e.getMessage());
    }

    @Test
    void ofRejectsAWrongElementType() {
        Graph g = everyRole(8);
        Map<String, TensorData> m = new HashMap<>(Weights.random(g, 9).asMap());
        m.put("fc_b", TensorData.ofLongs(new long[48]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Weights.of(g, m));
        assertTrue(e.getMessage().contains("'fc_b'") && e.getMessage().contains("INT64"), e.getMessage());
    }

    @Test
    void getNamesAnUnknownTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Weights.random(everyRole(8), 1).get("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    /**
     * Sixty conv-BN-ReLU layers: activations keep their scale (neither explode nor vanish), so comparisons at a
     * relative 1e-4 measure rounding, not overflow or denormals.
     */
    @Test
    void sixtyConvBnReluLayersStayNumericallySane() {
        GraphBuilder b = new GraphBuilder("stack60");
        Value x = b.input("x", TensorType.floats(N, 16, 10, 10));
        for (int i = 0; i < 60; i++) {
            x = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(16, 3))));
        }
        b.output(x);
        Graph g = b.build();
        for (long seed = 1; seed <= 2; seed++) {
            Map<String, Tensor> in = OpCases.randomInputs(g, 1, 0, new SplittableRandom(seed));
            Tensor out = new ReferenceInterpreter(g, Weights.random(g, seed)).run(OpCases.data(in), 1)
                    .values().iterator().next();
            double rms = Math.sqrt(meanSquare(out.floats()));
            double inRms = Math.sqrt(meanSquare(in.get("x").floats()));
            assertTrue(rms > 1e-2 * inRms && rms < 1e2 * inRms, "seed " + seed + ": output rms " + rms
                    + " for input rms " + inRms);
        }
    }

    @Test
    void asMapIsUnmodifiable() {
        Weights w = Weights.random(everyRole(8), 1);
        assertThrows(UnsupportedOperationException.class, () -> w.asMap().clear());
        assertSame(w.asMap(), w.asMap());
    }
}
