package io.hwnas.training.djl;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.onnx.Weights;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights a network starts training from, fixed by the seed: convolution, linear and embedding weights as
 * {@link Weights#random} draws them (He-uniform by fan-in; each tensor from the seed and its name, so the same
 * architecture always starts the same), and the rest as PyTorch starts them: biases and shifts 0, normalisation
 * scales 1, running mean 0 and running variance 1.
 */
public final class InitialWeights {

    private InitialWeights() {}

    public static Weights of(Graph graph, long seed) {
        Weights random = Weights.random(graph, seed);
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            int n = (int) i.type().elements();
            m.put(i.name(), switch (i.role()) {
                case WEIGHT, EMBEDDING -> random.get(i.name());
                case NORM_SCALE, NORM_VAR -> filled(n, 1f);
                default -> filled(n, 0f);
            });
        }
        return Weights.of(graph, m);
    }

    private static TensorData filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return TensorData.ofFloats(a);
    }
}
