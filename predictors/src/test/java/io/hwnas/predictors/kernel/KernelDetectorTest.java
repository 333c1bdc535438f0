package io.hwnas.predictors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.trace.KernelTrace;
import io.hwnas.profilers.trace.TracePlan;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelDetectorTest {

    private static final KernelDetector ALL = KernelDetector.forLevel(OptimizationLevel.ALL);

    /** stem conv-bn-relu; a block conv-bn + residual add + relu; both branches of the stem read by one Relu twice. */
    private static Graph residual() {
        GraphBuilder b = new GraphBuilder("res");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8, 16, 16));
        Value s;
        try (var sc = b.scope("stem")) {
            s = b.batchNorm(b.conv(x, ConvSpec.of(16, 3)));
        }
        Value y;
        try (var sc = b.scope("block")) {
            Value r1 = b.relu(s);
            Value r2 = b.relu(s); // the same Relu again, as nb201's cells write it
            Value c1 = b.batchNorm(b.conv(r1, ConvSpec.of(16, 3)));
            Value c2 = b.batchNorm(b.conv(r2, ConvSpec.of(16, 1)));
            y = b.relu(b.add(c1, c2));
        }
        try (var sc = b.scope("head")) {
            Value dw = b.conv(y, ConvSpec.of(16, 3).groups(16).stride(2));
            b.output(b.gemm(b.flatten(b.globalAveragePool(dw)), 10, true), "logits");
        }
        return b.build();
    }

    private static List<List<String>> nodes(List<Kernel> kernels) {
        return kernels.stream().map(Kernel::irNodes).toList();
    }

    @Test
    void atLevelAllConvsTakeBatchNormsAddsAndActivationsAndDuplicatesAreComputedOnce() {
        List<Kernel> k = ALL.detect(residual());
        assertEquals(List.of(
                List.of("stem/conv", "stem/batchnormalization", "block/relu", "block/relu_1"),
                List.of("block/conv", "block/batchnormalization"),
                List.of("block/conv_1", "block/batchnormalization_1", "block/add", "block/relu_2"),
                List.of("head/conv"),
                List.of("head/globalaveragepool"),
                List.of("head/flatten"),
                List.of("head/gemm")), nodes(k));
        assertEquals(List.of("Conv", "Conv", "Conv", "DepthwiseConv", "GlobalAveragePool", "Reshape", "Gemm"),
                k.stream().map(Kernel::type).toList());
        KernelFeatures f = k.get(2).features();
        assertEquals(16, f.inChannels());
        assertEquals(1, f.kernel());
        assertTrue(f.fusedAdd() && f.fusedActivation());
        assertEquals(2 * 16 * 16 * 16 * 4, f.inputBytes(), "the conv's input and the add's other operand");
        KernelFeatures dw = k.get(3).features();
        assertEquals(16, dw.groups());
        assertEquals(2, dw.stride());
        assertEquals(8, dw.outHeight());
    }

    @Test
    void atLevelExtendedTheAddRunsAlone() {
        List<Kernel> k = KernelDetector.forLevel(OptimizationLevel.EXTENDED).detect(residual());
        assertTrue(nodes(k).contains(List.of("block/add", "block/relu_2")) || nodes(k).contains(List.of("block/add")),
                nodes(k).toString());
        assertTrue(nodes(k).contains(List.of("block/conv_1", "block/batchnormalization_1")), nodes(k).toString());
    }

    @Test
    void withoutOptimisationEveryNodeIsAKernel() {
        Graph g = residual();
        assertEquals(g.nodes().size(), KernelDetector.forLevel(OptimizationLevel.NONE).detect(g).size());
    }

    @Test
    void aValueReadTwiceIsNotFused() {
        GraphBuilder b = new GraphBuilder("fork");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8, 8, 8));
        Value c = b.conv(x, ConvSpec.of(8, 3));
        b.output(b.add(b.relu(c), c), "y");
        List<Kernel> k = ALL.detect(b.build());
        assertEquals(List.of(List.of("conv"), List.of("relu"), List.of("add")), nodes(k));
    }

    /**
     * The detector's kernels against what ONNX Runtime reports running (at cpu-1t's level, ALL): the share of detected
     * kernels that got time from a traced kernel, i.e. that ORT ran rather than fused into another (too fine a split
     * lowers it), and the share that got it from two or more kernels ORT named after IR nodes (too coarse a split
     * raises it).
     */
    @Test
    void agreesWithTheKernelsOnnxRuntimeRunsForSampledNetworks() throws Exception {
        DeviceProfile cpu = DeviceRegistry.builtIns().get("cpu-1t");
        KernelTraceSource ort = KernelTraceSource.ort(new TracePlan(0, 1));
        for (String space : List.of("nb201", "mbv3")) {
            SearchSpace s = SearchSpaces.builtIn().get(space);
            SplittableRandom random = new SplittableRandom(3);
            int detected = 0;
            int traced = 0;
            int merged = 0;
            for (int i = 0; i < (space.equals("nb201") ? 4 : 2); i++) {
                var a = s.sample(random);
                Graph g = s.buildGraph(a);
                List<Kernel> kernels = ALL.detect(g);
                KernelTrace t = ort.trace(a, g, cpu);
                double[] us = KernelTrainer.attribute(kernels, t);
                detected += kernels.size();
                for (double u : us) {
                    traced += u > 0 ? 1 : 0;
                }
                int[] named = new int[kernels.size()];
                for (var tk : t.kernels()) {
                    for (int j = 0; j < kernels.size(); j++) {
                        if (tk.attributed() && kernels.get(j).irNodes().contains(tk.anchor())) {
                            named[j]++;
                        }
                    }
                }
                for (int n : named) {
                    merged += n > 1 ? 1 : 0;
                }
                Set<String> all = new HashSet<>();
                kernels.forEach(k -> all.addAll(k.irNodes()));
                assertEquals(g.nodes().size(), all.size(), "every node in one kernel");
            }
            double share = (double) traced / detected;
            System.out.printf(Locale.ROOT, "%s: %d of %d detected kernels ran in ONNX Runtime (%.3f), %d hold two "
                    + "or more of its kernels%n", space, traced, detected, share, merged);
            assertTrue(share >= (space.equals("nb201") ? 0.97 : 0.9), space + ": " + share);
            assertTrue(merged <= 0.03 * detected, space + ": " + merged + " detected kernels hold several ORT kernels");
        }
    }
}
