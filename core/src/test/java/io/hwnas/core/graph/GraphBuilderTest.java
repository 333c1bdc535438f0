package io.hwnas.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {

    private static Graph tinyCnn() {
        GraphBuilder b = new GraphBuilder("tiny");
        Value x = b.input("input", TensorType.floats(Shape.BATCH, 3, 32, 32));
        try (var s = b.scope("stem")) {
            x = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(16, 3))));
        }
        Value y = b.gemm(b.flatten(b.globalAveragePool(x)), 10, true);
        b.output(y, "logits");
        return b.build();
    }

    @Test
    void infersShapesThroughAConvNet() {
        Graph g = tinyCnn();
        assertEquals(List.of(new Graph.Port("logits", TensorType.floats(Shape.BATCH, 10))), g.outputs());
        assertEquals(Shape.of(Shape.BATCH, 16, 32, 32), g.type("stem/conv").shape());
        assertEquals(Shape.of(Shape.BATCH, 16), g.type("flatten").shape());
    }

    @Test
    void countsParametersMacsAndFlopsByTheStatedConvention() {
        GraphCost c = tinyCnn().cost();
        long conv = 16 * 3 * 3 * 3;
        long bn = 4 * 16;
        long fc = 16 * 10 + 10;
        assertEquals(conv + bn + fc, c.params());
        assertEquals(conv + 2 * 16 + fc, c.trainableParams());
        long convMacs = 16L * 32 * 32 * 27;
        assertEquals(convMacs + 16 * 10, c.macs());
        long elems = 16L * 32 * 32;
        long expectedFlops = 2 * convMacs // conv
                + 2 * elems // batch norm
                + elems // relu
                + elems // global average pool reads every element once
                + 2 * 160 + 10; // gemm MACs and bias
        assertEquals(expectedFlops, c.flops());
        assertEquals(2, c.depth());
    }

    @Test
    void bytesMovedCountEveryInputAndOutputOnce() {
        Graph g = tinyCnn();
        NodeCost conv = g.cost().perNode().get(0);
        assertEquals(4L * (3 * 32 * 32 + 16 * 27), conv.bytesRead());
        assertEquals(4L * 16 * 32 * 32, conv.bytesWritten());
    }

    @Test
    void peakActivationsCoverProducerAndConsumerAlive() {
        GraphCost c = tinyCnn().cost();
        // conv output and batch-norm output are both alive while batch norm runs.
        assertEquals(2 * 4L * 16 * 32 * 32, c.peakActivationBytes());
    }

    @Test
    void shapeErrorsNameTheNode() {
        GraphBuilder b = new GraphBuilder("bad");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8));
        Value y = b.input("y", TensorType.floats(Shape.BATCH, 9));
        try (var s = b.scope("block1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(x, y));
            assertTrue(e.getMessage().startsWith("node 'block1/add' (Add): shapes [Nx8] and [Nx9] do not broadcast"),
                    e.getMessage());
        }
    }

    @Test
    void refusesValuesOfAnotherBuilder() {
        GraphBuilder a = new GraphBuilder("a");
        GraphBuilder b = new GraphBuilder("b");
        Value x = a.input("x", TensorType.floats(Shape.BATCH, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.relu(x));
        assertTrue(e.getMessage().contains("'x' belongs to another graph builder"), e.getMessage());
    }

    @Test
    void rejectsUnknownAttributesAndWrongArity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Node("n", Op.RELU, List.of("a"), "b", Attributes.builder().set("alpha", 1f).build()));
        assertTrue(e.getMessage().contains("node 'n' (Relu): unknown attribute 'alpha'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Node("m", Op.ADD, List.of("a"), "b", null));
        assertTrue(e.getMessage().contains("node 'm' (Add): takes 2 inputs, but got 1"), e.getMessage());
    }

    @Test
    void graphOfRejectsDanglingInputsNamingTheNode() {
        Node n = new Node("r", Op.RELU, List.of("missing"), "out", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Graph.of("g", List.of(), List.of("out"), List.of(), List.of(n)));
        assertTrue(e.getMessage().contains("node 'r' (Relu): input 'missing'"), e.getMessage());
    }

    @Test
    void scopesNameNodesAndNumberRepeats() {
        GraphBuilder b = new GraphBuilder("s");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 4));
        try (var s1 = b.scope("cell0")) {
            x = b.relu(x);
            x = b.relu(x);
        }
        b.output(x);
        Graph g = b.build();
        assertEquals(List.of("cell0/relu", "cell0/relu_1"), g.nodes().stream().map(Node::name).toList());
    }

    @Test
    void builtBuilderCannotBeReused() {
        GraphBuilder b = new GraphBuilder("once");
        b.output(b.relu(b.input("x", TensorType.floats(1))));
        b.build();
        assertThrows(IllegalStateException.class, () -> b.input("y", TensorType.floats(1)));
    }

    @Test
    void transformerBlockShapesAndTiedParametersCountOnce() {
        GraphBuilder b = new GraphBuilder("lm");
        Value ids = b.input("ids", TensorType.longs(Shape.BATCH, 8));
        Value table = b.parameter("wte", TensorType.floats(50, 16), Initializer.Role.EMBEDDING);
        Value h = b.gather(table, ids, 0);
        assertEquals(Shape.of(Shape.BATCH, 8, 16), h.shape());
        h = b.layerNorm(h, 1e-5f);
        Value q = b.reshape(b.linear(h, 16, true), 0, 8, 2, 8);
        q = b.transpose(q, 0, 2, 1, 3);
        assertEquals(Shape.of(Shape.BATCH, 2, 8, 8), q.shape());
        Value att = b.softmax(b.matMul(q, b.transpose(q, 0, 1, 3, 2)), -1);
        assertEquals(Shape.of(Shape.BATCH, 2, 8, 8), att.shape());
        Value o = b.reshape(b.transpose(b.matMul(att, q), 0, 2, 1, 3), 0, 0, 16);
        Value logits = b.matMul(b.gelu(o), b.transpose(table, 1, 0));
        b.output(logits, "logits");
        Graph g = b.build();
        assertEquals(Shape.of(Shape.BATCH, 8, 50), g.outputs().get(0).type().shape());
        assertEquals(50 * 16 + 2 * 16 + 16 * 16 + 16, g.parameterCount());
    }

    @Test
    void reshapeMustKeepTheBatchDimension() {
        GraphBuilder b = new GraphBuilder("r");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 4, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.reshape(x, 4, 4));
        assertTrue(e.getMessage().contains("(Reshape): reshape of [Nx4x4] must keep the batch dimension"),
                e.getMessage());
        assertEquals(Shape.of(Shape.BATCH, 16), b.reshape(x, -1, 16).shape());
    }

    @Test
    void convRejectsChannelMismatchNamingTheNode() {
        Node n = new Node("c", Op.CONV, List.of("x", "w"), "y", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Graph.of("g", List.of(new Graph.Port("x", TensorType.floats(Shape.BATCH, 3, 8, 8))),
                        List.of("y"),
                        List.of(new Initializer("w", TensorType.floats(4, 2, 3, 3), Initializer.Role.WEIGHT, null)),
                        List.of(n)));
        assertTrue(e.getMessage().startsWith("node 'c' (Conv): input channels 3 do not match W"), e.getMessage());
    }

    @Test
    void poolingAndStridedConvOutputSizes() {
        GraphBuilder b = new GraphBuilder("p");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8, 15, 15));
        assertEquals(Shape.of(Shape.BATCH, 8, 8, 8), b.conv(x, ConvSpec.of(8, 3).stride(2).groups(8)).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 7, 7), b.maxPool(x, 3, 2, 0).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 15, 15), b.averagePool(x, 3, 1, 1, false).shape());
        assertEquals(Shape.of(Shape.BATCH, 8, 11, 11), b.conv(x, ConvSpec.of(8, 3).dilation(2).padding(0)).shape());
    }
}
