package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.proto.Onnx;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {

    private static final SearchSpaces SPACES = SearchSpaces.builtIn();

    private static Map<String, Tensor> randomInput(Graph g, long seed) {
        Graph.Port in = g.inputs().get(0);
        int[] dims = in.type().shape().concrete(1);
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return Map.of(in.name(), Tensor.ofFloats(Shape.of(dims), x));
    }

    /** import(export(g)) is g again, and its re-export computes what the first file computes. */
    private static void roundTrips(Graph g, long seed) throws Exception {
        byte[] first = OnnxExporter.defaults().toBytes(g, Weights.random(g, seed));
        Graph back = OnnxImporter.fromBytes(first);
        String label = g.name();
        assertEquals(g.nodes().size(), back.nodes().size(), label + " node count");
        assertEquals(g.operatorHistogram(), back.operatorHistogram(), label + " operators");
        assertEquals(g.parameterCount(), back.parameterCount(), label + " parameters");
        assertEquals(g.cost(), back.cost(), label + " cost");
        assertEquals(g.nodes(), back.nodes(), label + " nodes, names, attributes");
        assertEquals(g.inputs(), back.inputs(), label + " inputs");
        assertEquals(g.outputs(), back.outputs(), label + " outputs");
        for (Initializer i : g.initializers().values()) {
            assertEquals(i.role(), back.initializers().get(i.name()).role(), label + " role of " + i.name());
        }
        byte[] second = OnnxExporter.defaults().toBytes(back, OnnxImporter.weights(back));
        Map<String, Tensor> input = randomInput(g, seed);
        Map<String, Tensor> a = OrtRunner.run(first, input);
        Map<String, Tensor> b = OrtRunner.run(second, input);
        TensorComparison.assertClose(a, b, 0.0, label + " re-exported outputs");
    }

    @Test
    void nb201AndMbv3SamplesRoundTrip() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        for (String space : List.of("nb201", "mbv3")) {
            SearchSpace s = SPACES.get(space);
            for (int i = 0; i < (space.equals("nb201") ? 4 : 2); i++) {
                Architecture a = s.sample(random);
                roundTrips(s.buildGraph(a), i);
            }
        }
    }

    @Test
    void geluDecompositionsFoldBackIntoGelu() throws Exception {
        GraphBuilder b = new GraphBuilder("gelus");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 8));
        Value h = b.gelu(b.linear(x, 8, true));
        Value t = b.node(Op.GELU, List.of(h), Attributes.builder().set("approximate", "tanh").build());
        b.output(b.linear(t, 4, false), "y");
        Graph g = b.build();
        roundTrips(g, 3);
        Graph back = OnnxImporter.fromBytes(OnnxExporter.defaults().toBytes(g, Weights.random(g, 3)));
        assertEquals(2, back.operatorHistogram().get("Gelu"));
    }

    @Test
    void keepsConstantsAsConstantsAndCountsOnlyParameters() throws Exception {
        GraphBuilder b = new GraphBuilder("consts");
        Value x = b.input("x", TensorType.floats(Shape.BATCH, 3, 8, 8));
        Value y = b.relu6(b.conv(x, ConvSpec.of(4, 3).bias(true)));
        b.output(b.reshape(y, 0, -1), "y");
        Graph g = b.build();
        Graph back = OnnxImporter.fromBytes(OnnxExporter.defaults().toBytes(g, Weights.random(g, 1)));
        assertEquals(g.parameterCount(), back.parameterCount());
        assertEquals(Initializer.Role.CONSTANT, back.initializers().get("shape").role());
        assertEquals(TensorData.ofLongs(0, -1), back.initializers().get("shape").data());
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Graph g = SPACES.get("nb201").buildGraph(SPACES.get("nb201").sample(new SplittableRandom(1)));
        Path file = dir.resolve("cell.onnx");
        OnnxExporter.defaults().write(g, Weights.random(g, 1), file);
        assertEquals(g.cost(), OnnxImporter.read(file).cost());

        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        var e = assertThrows(IllegalArgumentException.class, () -> OnnxImporter.read(junk));
        assertTrue(e.getMessage().startsWith("not an ONNX model: junk.onnx"), e.getMessage());
    }

    private static Onnx.ModelProto tinyModel(Onnx.TensorShapeProto.Dimension.Builder... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Onnx.TensorShapeProto.Dimension.Builder d : dims) {
            shape.addDim(d);
        }
        Onnx.ValueInfoProto in = Onnx.ValueInfoProto.newBuilder().setName("x")
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(1).setShape(shape))).build();
        Onnx.ValueInfoProto out = Onnx.ValueInfoProto.newBuilder().setName("y").build();
        return Onnx.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(Onnx.GraphProto.newBuilder().setName("tiny").addInput(in).addOutput(out)
                        .addNode(Onnx.NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("x")
                                .addOutput("y")))
                .build();
    }

    private static Onnx.TensorShapeProto.Dimension.Builder dim(long v) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(v);
    }

    private static Onnx.TensorShapeProto.Dimension.Builder dim(String p) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(p);
    }

    @Test
    void symbolicFirstDimensionIsTheBatch() {
        Graph g = OnnxImporter.fromModel(tinyModel(dim("batch"), dim(3), dim(32)), "tiny.onnx");
        assertEquals(TensorType.floats(Shape.BATCH, 3, 32), g.inputs().get(0).type());
    }

    @Test
    void rejectsASymbolicDimensionBesideTheBatchNamingTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.fromModel(tinyModel(dim("N"), dim(3), dim("H")), "tiny.onnx"));
        assertTrue(e.getMessage().contains("graph input 'x'") && e.getMessage().contains("'H'")
                && e.getMessage().contains("axis 2") && e.getMessage().contains("tiny.onnx"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownOperatorNamingTheOperatorTheNodeAndTheFile() {
        Onnx.ModelProto m = tinyModel(dim("N"), dim(3), dim(8), dim(8));
        Onnx.ModelProto resize = m.toBuilder().setGraph(m.getGraph().toBuilder().clearNode()
                .addNode(Onnx.NodeProto.newBuilder().setName("up1").setOpType("Resize").addInput("x")
                        .addOutput("y"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.fromModel(resize, "model.onnx"));
        assertTrue(e.getMessage().startsWith("unsupported ONNX operator 'Resize' at node 'up1' (model.onnx); "
                + "supported: ["), e.getMessage());
        assertTrue(e.getMessage().contains("Conv"), e.getMessage());
    }

    @Test
    void rejectsAnAttributeTheIrLacksNamingIt() {
        Onnx.ModelProto m = tinyModel(dim("N"), dim(3));
        Onnx.ModelProto odd = m.toBuilder().setGraph(m.getGraph().toBuilder().clearNode()
                .addNode(Onnx.NodeProto.newBuilder().setName("s").setOpType("Softmax").addInput("x").addOutput("y")
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("temperature")
                                .setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(2f)))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.fromModel(odd, "odd.onnx"));
        assertTrue(e.getMessage().contains("'temperature'") && e.getMessage().contains("node 's'"), e.getMessage());
    }

    @Test
    void rejectsAnOpsetOlderThanTheIrs() {
        Onnx.ModelProto m = tinyModel(dim("N"), dim(3));
        Onnx.ModelProto old = m.toBuilder().clearOpsetImport()
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(9)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.fromModel(old, "old.onnx"));
        assertTrue(e.getMessage().contains("opset 9") && e.getMessage().contains("old.onnx"), e.getMessage());
    }

    @Test
    void aTensorClaimingMoreElementsThanItHoldsIsRefusedBeforeAnythingIsAllocated() {
        Onnx.ModelProto m = tinyModel(dim("N"), dim(3));
        // 2^30 x 2^30 floats (4 EiB) claimed, 4 bytes held; and 60,000 x 60,000 (14 GB) claimed, none held
        for (long[] dims : new long[][] {{1L << 30, 1L << 30}, {60_000, 60_000}, {-3, 2}, {1L << 40}}) {
            Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName("w").setDataType(1);
            for (long d : dims) {
                t.addDims(d);
            }
            if (dims[0] != 60_000) {
                t.setRawData(com.google.protobuf.ByteString.copyFrom(new byte[4]));
            }
            Onnx.ModelProto big = m.toBuilder().setGraph(m.getGraph().toBuilder().addInitializer(t)).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxImporter.fromModel(big, "big.onnx"), java.util.Arrays.toString(dims));
            assertTrue(e.getMessage().contains("initializer 'w'"), e.getMessage());
        }
    }

    @Test
    void anAttributeOfTheWrongKindIsRefusedNamingIt() {
        Onnx.ModelProto m = tinyModel(dim("N"), dim(3));
        Onnx.ModelProto odd = m.toBuilder().setGraph(m.getGraph().toBuilder().clearNode()
                .addNode(Onnx.NodeProto.newBuilder().setName("s").setOpType("Softmax").addInput("x").addOutput("y")
                        .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                                .setType(Onnx.AttributeProto.AttributeType.INTS).addInts(1).addInts(2)))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxImporter.fromModel(odd, "odd.onnx"));
        assertTrue(e.getMessage().contains("attribute 'axis' must be INT, but was [1, 2]"), e.getMessage());
    }
}
