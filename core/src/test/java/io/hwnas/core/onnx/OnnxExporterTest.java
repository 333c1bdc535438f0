package io.hwnas.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.onnx.OpCases.Case;
import io.hwnas.core.onnx.proto.Onnx;
import io.hwnas.core.onnx.proto.Onnx.AttributeProto.AttributeType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExporterTest {

    private static final long SEED = 7;

    /** conv(+bias) → BN → clip → reshape → gemm: parameters, two constant kinds, and a renamed output. */
    @SuppressWarnings("try") // scopes only name the nodes built inside them
    private static Graph small() {
        GraphBuilder b = new GraphBuilder("small");
        Value x = b.input("image", TensorType.floats(Shape.BATCH, 3, 8, 8));
        try (var s = b.scope("stem")) {
            x = b.relu6(b.batchNorm(b.conv(x, ConvSpec.of(4, 3).stride(2).bias(true))));
        }
        x = b.reshape(b.globalAveragePool(x), 0, -1);
        b.output(b.gemm(x, 5, true), "logits");
        return b.build();
    }

    private static Onnx.ModelProto parse(byte[] bytes) throws IOException {
        return Onnx.ModelProto.parseFrom(bytes);
    }

    private static long elements(Onnx.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (p, q) -> p * q);
    }

    @Test
    void writesHeaderOpsetAndMetadata() throws IOException {
        OnnxExporter e = OnnxExporter.builder().metadata("space", "nb201").metadata("arch", "|nor_conv_3x3~0|")
                .build();
        Onnx.ModelProto m = parse(e.toBytes(small(), Weights.random(small(), SEED)));
        assertEquals(8, m.getIrVersion());
        assertEquals(1, m.getOpsetImportCount());
        assertEquals("", m.getOpsetImport(0).getDomain());
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals("hwnas", m.getProducerName());
        assertEquals(OnnxExporter.hwnasVersion(), m.getProducerVersion());
        assertNotEquals("unknown", m.getProducerVersion(), "the version resource is filtered by the build");
        Map<String, String> meta = new LinkedHashMap<>();
        m.getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
        assertEquals(List.of("arch", "space"), List.copyOf(meta.keySet()), "sorted by key");
        assertEquals("nb201", meta.get("space"));
        assertEquals("small", m.getGraph().getName());
    }

    @Test
    void inputsAndOutputsHaveTypesAndADynamicBatch() throws IOException {
        Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(small(), Weights.random(small(), SEED))).getGraph();
        assertEquals(1, g.getInputCount());
        Onnx.TypeProto.Tensor in = g.getInput(0).getType().getTensorType();
        assertEquals("image", g.getInput(0).getName());
        assertEquals(1, in.getElemType());
        assertEquals("N", in.getShape().getDim(0).getDimParam());
        assertEquals(List.of(3L, 8L, 8L), in.getShape().getDimList().subList(1, 4).stream()
                .map(Onnx.TensorShapeProto.Dimension::getDimValue).toList());
        Onnx.TypeProto.Tensor out = g.getOutput(0).getType().getTensorType();
        assertEquals("logits", g.getOutput(0).getName());
        assertEquals("N", out.getShape().getDim(0).getDimParam());
        assertEquals(5, out.getShape().getDim(1).getDimValue());
    }

    @Test
    void initializersAreExactlyTheParametersAsLittleEndianRawData() throws IOException {
        Graph graph = small();
        Weights w = Weights.random(graph, SEED);
        Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(graph, w)).getGraph();
        List<String> parameters = graph.initializers().values().stream().filter(Initializer::isParameter)
                .map(Initializer::name).toList();
        assertEquals(parameters, g.getInitializerList().stream().map(Onnx.TensorProto::getName).toList());
        for (Onnx.TensorProto t : g.getInitializerList()) {
            assertEquals(1, t.getDataType());
            assertEquals(0, t.getFloatDataCount(), "values go in raw_data");
            float[] f = new float[(int) elements(t)];
            ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            assertArrayEquals(w.get(t.getName()).floats(), f, t.getName());
            assertEquals(graph.type(t.getName()).shape().dims().stream().map(Integer::longValue).toList(),
                    t.getDimsList());
        }
    }

    @Test
    void constantsBecomeConstantNodesBeforeTheirFirstUse() throws IOException {
        Graph graph = small();
        Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(graph, Weights.random(graph, SEED))).getGraph();
        Set<String> available = new HashSet<>();
        g.getInputList().forEach(v -> available.add(v.getName()));
        g.getInitializerList().forEach(t -> available.add(t.getName()));
        Map<String, Onnx.TensorProto> constants = new HashMap<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                assertTrue(available.contains(in), n.getName() + " reads '" + in + "' before it is defined");
            }
            available.addAll(n.getOutputList());
            if (n.getOpType().equals("Constant")) {
                assertEquals(AttributeType.TENSOR, n.getAttribute(0).getType());
                assertEquals("value", n.getAttribute(0).getName());
                constants.put(n.getOutput(0), n.getAttribute(0).getT());
            }
        }
        List<String> irConstants = graph.initializers().values().stream().filter(i -> !i.isParameter())
                .map(Initializer::name).toList();
        assertEquals(Set.copyOf(irConstants), constants.keySet());
        Onnx.TensorProto shape = constants.get(irConstants.stream().filter(c -> c.contains("shape")).findFirst()
                .orElseThrow());
        assertEquals(7, shape.getDataType());
        long[] target = new long[2];
        ByteBuffer.wrap(shape.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(target);
        assertArrayEquals(new long[] {0, -1}, target);
    }

    @Test
    void everyNodeKeepsItsNameOpTypeAndTypedAttributes() throws IOException {
        Graph graph = small();
        Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(graph, Weights.random(graph, SEED))).getGraph();
        Map<String, Onnx.NodeProto> byName = g.getNodeList().stream()
                .collect(Collectors.toMap(Onnx.NodeProto::getName, n -> n));
        for (Node n : graph.nodes()) {
            Onnx.NodeProto p = byName.get(n.name());
            assertEquals(n.op().onnxName(), p.getOpType(), n.name());
            assertEquals(n.inputs(), p.getInputList());
            assertEquals(List.of(n.output()), p.getOutputList());
            assertEquals(n.attributes().asMap().keySet(), p.getAttributeList().stream()
                    .map(Onnx.AttributeProto::getName).collect(Collectors.toSet()));
        }
        Onnx.NodeProto conv = byName.get("stem/conv");
        Map<String, Onnx.AttributeProto> a = conv.getAttributeList().stream()
                .collect(Collectors.toMap(Onnx.AttributeProto::getName, x -> x));
        assertEquals(AttributeType.INTS, a.get("strides").getType());
        assertEquals(List.of(2L, 2L), a.get("strides").getIntsList());
        assertEquals(AttributeType.INT, a.get("group").getType());
        assertEquals(1L, a.get("group").getI());
        Onnx.AttributeProto eps = byName.get("stem/batchnormalization").getAttribute(0);
        assertEquals(AttributeType.FLOAT, eps.getType());
        assertEquals(1e-5f, eps.getF());
        Onnx.AttributeProto approx = OnnxExporter.attribute("approximate", "tanh");
        assertEquals(AttributeType.STRING, approx.getType());
        assertEquals("tanh", approx.getS().toStringUtf8());
        Onnx.AttributeProto floats = OnnxExporter.attribute("scales", List.of(1f, 2f));
        assertEquals(AttributeType.FLOATS, floats.getType());
        assertEquals(List.of(1f, 2f), floats.getFloatsList());
    }

    @Test
    void intermediateValuesHaveValueInfoFromTheIr() throws IOException {
        Graph graph = small();
        Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(graph, Weights.random(graph, SEED))).getGraph();
        Map<String, Onnx.ValueInfoProto> info = g.getValueInfoList().stream()
                .collect(Collectors.toMap(Onnx.ValueInfoProto::getName, v -> v));
        Set<String> expected = graph.nodes().stream().map(Node::output).filter(o -> !o.equals("logits"))
                .collect(Collectors.toSet());
        assertEquals(expected, info.keySet());
        assertEquals(OnnxExporter.valueInfo("stem/conv", graph.type("stem/conv")), info.get("stem/conv"));
        Onnx.TensorShapeProto s = info.get("stem/conv").getType().getTensorType().getShape();
        assertEquals("N", s.getDim(0).getDimParam());
        assertEquals(4, s.getDim(2).getDimValue()); // 8x8, stride 2, same padding
    }

    @Test
    void geluBelowOpset20IsItsErfDecomposition() throws IOException {
        Case c = OpCases.all().stream().filter(x -> x.name().equals("gelu exact")).findFirst().orElseThrow();
        Weights w = Weights.random(c.graph(), SEED);
        Onnx.GraphProto g17 = parse(OnnxExporter.defaults().toBytes(c.graph(), w)).getGraph();
        List<String> ops = g17.getNodeList().stream().map(Onnx.NodeProto::getOpType)
                .filter(o -> !o.equals("Constant")).toList();
        assertEquals(List.of("Mul", "Div", "Erf", "Add", "Mul", "Mul"), ops);
        assertEquals("gelu", g17.getNode(g17.getNodeCount() - 1).getOutput(0), "the decomposition ends in the output");
        Onnx.GraphProto g20 = parse(OnnxExporter.builder().opset(20).irVersion(9).build().toBytes(c.graph(), w))
                .getGraph();
        assertEquals(List.of("Mul", "Gelu"), g20.getNodeList().stream().map(Onnx.NodeProto::getOpType)
                .filter(o -> !o.equals("Constant")).toList());
    }

    @Test
    void initializerElementsEqualTheIrParameterCount() throws IOException {
        List<Graph> graphs = new ArrayList<>(OpCases.all().stream().map(Case::graph).toList());
        graphs.add(OpCases.deepResidual());
        graphs.add(small());
        for (Graph graph : graphs) {
            Onnx.GraphProto g = parse(OnnxExporter.defaults().toBytes(graph, Weights.random(graph, SEED))).getGraph();
            long elements = 0;
            for (Onnx.TensorProto t : g.getInitializerList()) {
                elements += elements(t);
                assertEquals(elements(t) * 4, t.getRawData().size(), t.getName());
            }
            assertEquals(graph.parameterCount(), elements, graph.name());
            assertEquals(graph.cost().params(), elements, graph.name());
        }
    }

    @Test
    void sameGraphAndSeedGiveIdenticalBytes() throws Exception {
        byte[] a = OnnxExporter.defaults().toBytes(OpCases.deepResidual(), Weights.random(OpCases.deepResidual(), 3));
        byte[] b = OnnxExporter.defaults().toBytes(OpCases.deepResidual(), Weights.random(OpCases.deepResidual(), 3));
        assertEquals(Sha256.of(a), Sha256.of(b));
        assertArrayEquals(a, b);
    }

    @Test
    void anotherSeedGivesOtherBytes() throws Exception {
        Graph g = OpCases.deepResidual();
        assertNotEquals(Sha256.of(OnnxExporter.defaults().toBytes(g, Weights.random(g, 3))),
                Sha256.of(OnnxExporter.defaults().toBytes(g, Weights.random(g, 4))));
    }

    @Test
    void writeReplacesTheFileWithTheModelBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "old");
        Graph g = small();
        Weights w = Weights.random(g, SEED);
        OnnxExporter.defaults().write(g, w, file);
        assertArrayEquals(OnnxExporter.defaults().toBytes(g, w), Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void unwritablePathFailsNamingThePathAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADir.resolve("model.onnx");
        Graph g = small();
        IOException e = assertThrows(IOException.class,
                () -> OnnxExporter.defaults().write(g, Weights.random(g, SEED), target));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(notADir), files.toList());
        }
    }

    @Test
    void failedRenameLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.onnx"));
        Files.writeString(target.resolve("keep"), "a non-empty folder cannot be replaced by a file");
        Graph g = small();
        IOException e = assertThrows(IOException.class,
                () -> OnnxExporter.defaults().write(g, Weights.random(g, SEED), target));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void rejectsAnOpsetBelow13() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.builder().opset(12).build());
        assertTrue(e.getMessage().contains("opset") && e.getMessage().contains("12"), e.getMessage());
    }

    @Test
    void rejectsLayerNormalizationBelowOpset17NamingTheNode() {
        Case ln = OpCases.all().stream().filter(c -> c.op() == Op.LAYER_NORMALIZATION).findFirst().orElseThrow();
        OnnxExporter e16 = OnnxExporter.builder().opset(16).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> e16.toModel(ln.graph(), Weights.random(ln.graph(), SEED)));
        assertTrue(e.getMessage().contains("layernormalization") && e.getMessage().contains("16"), e.getMessage());
    }

    @Test
    void rejectsABlankMetadataKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.builder().metadata("", "x"));
        assertTrue(e.getMessage().contains("metadata key"), e.getMessage());
    }

    @Test
    void rejectsWeightsOfAnotherGraphNamingTheTensor() {
        Graph other = OpCases.deepResidual();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.defaults().toModel(small(), Weights.random(other, SEED)));
        assertTrue(e.getMessage().contains("stem/conv_w"), e.getMessage());
    }

    @Test
    void toBuilderKeepsTheOptions() {
        OnnxExporter e = OnnxExporter.builder().opset(18).irVersion(8).producer("x", "1").metadata("k", "v").build();
        OnnxExporter copy = e.toBuilder().build();
        assertEquals(18, copy.opset());
        assertEquals("x", copy.producerName());
        assertEquals(Map.of("k", "v"), copy.metadata());
    }

    /** One run of the reference checker for every case, the deep network and a Gelu and a constant-only graph. */
    @Test
    void theReferenceCheckerAcceptsEveryExportedFile(@TempDir Path dir) throws Exception {
        Path tool = OnnxChecker.assumeLocated();
        Map<Path, Graph> files = new TreeMap<>();
        List<Graph> graphs = new ArrayList<>(OpCases.all().stream().map(Case::graph).toList());
        graphs.add(OpCases.deepResidual());
        graphs.add(small());
        int k = 0;
        for (Graph g : graphs) {
            Path file = dir.resolve(String.format("%02d-%s.onnx", k++, g.name()));
            OnnxExporter.defaults().write(g, Weights.random(g, SEED), file);
            files.put(file, g);
        }
        Map<Path, OnnxChecker.Verdict> verdicts = OnnxChecker.check(tool, List.copyOf(files.keySet()));
        for (Map.Entry<Path, Graph> e : files.entrySet()) {
            OnnxChecker.Verdict v = verdicts.get(e.getKey());
            Graph g = e.getValue();
            assertTrue(v.ok(), g.name() + ": " + v.error());
            assertEquals(g.parameterCount(), v.params(), g.name() + " parameters");
            for (Map.Entry<String, Integer> op : g.operatorHistogram().entrySet()) {
                if (!op.getKey().equals("Gelu")) {
                    assertTrue(v.ops().getOrDefault(op.getKey(), 0) >= op.getValue(), g.name() + " " + op);
                }
            }
            assertFalse(v.ops().containsKey("Gelu"), g.name() + " has a Gelu node at opset 17");
        }
    }

}
