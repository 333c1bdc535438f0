package io.hwnas.profilers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelAttributionTest {

    /** stem: conv, bn, relu; block: conv, bn, add(stem), relu; head: gap, flatten, gemm. */
    private static Graph residual() {
        GraphBuilder b = new GraphBuilder("res");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8, 8, 8));
        Value s;
        try (var sc = b.scope("stem")) {
            s = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(16, 3))));
        }
        Value y;
        try (var sc = b.scope("block")) {
            y = b.relu(b.add(b.batchNorm(b.conv(s, ConvSpec.of(16, 3))), s));
        }
        try (var sc = b.scope("head")) {
            b.output(b.gemm(b.flatten(b.globalAveragePool(y)), 10, true), "logits");
        }
        return b.build();
    }

    @Test
    void namesAfterOneFusedNodeCoverTheWholeFusion() {
        Graph g = residual();
        // As ORT 1.29 names them at level ALL: Conv+BN+Relu after the Relu, Conv+BN(+Add+Relu) after the BN.
        List<String> kernels = List.of("stem/relu_nchwc", "block/batchnormalization_nchwc",
                "head/globalaveragepool_nchwc", "ReorderOutput", "head/flatten", "head/gemm");
        List<List<String>> covered = KernelAttribution.attribute(g, kernels);
        assertEquals(List.of("stem/relu", "stem/conv", "stem/batchnormalization"), covered.get(0));
        assertEquals(List.of("block/batchnormalization", "block/conv", "block/add", "block/relu"), covered.get(1));
        assertEquals(List.of("head/globalaveragepool"), covered.get(2));
        assertEquals(List.of(), covered.get(3));
        assertEquals(List.of("head/flatten"), covered.get(4));
        assertEquals(List.of("head/gemm"), covered.get(5));
    }

    @Test
    void extendedLevelNamesKeepTheConvsName() {
        Graph g = residual();
        List<String> kernels = List.of("stem/conv", "block/conv", "block/add", "head/globalaveragepool",
                "head/flatten", "head/gemm");
        List<List<String>> covered = KernelAttribution.attribute(g, kernels);
        assertEquals(List.of("stem/conv", "stem/batchnormalization", "stem/relu"), covered.get(0));
        assertEquals(List.of("block/conv", "block/batchnormalization"), covered.get(1));
        assertEquals(List.of("block/add", "block/relu"), covered.get(2));
    }

    @Test
    void anchorIsTheLongestNodeNamePrefixEndingAtAnUnderscore() {
        Set<String> names = Set.of("a/bn", "a/bn_1", "a/relu");
        assertEquals("a/bn_1", KernelAttribution.anchorName("a/bn_1_nchwc", names));
        assertEquals("a/bn", KernelAttribution.anchorName("a/bn_bn_nchwc", names));
        assertEquals("a/relu", KernelAttribution.anchorName("a/relu", names));
        assertNull(KernelAttribution.anchorName("ReorderOutput_token_3", names));
        assertNull(KernelAttribution.anchorName("HardSigmoid_264", names));
    }
}
