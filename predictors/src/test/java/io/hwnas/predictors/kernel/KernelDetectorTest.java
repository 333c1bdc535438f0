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
import java.util.List;
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
}
