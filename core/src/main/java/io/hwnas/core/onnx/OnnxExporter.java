package io.hwnas.core.onnx;

import com.google.protobuf.ByteString;
import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.onnx.proto.Onnx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a {@link Graph} with its {@link Weights} as an ONNX model. The options are fixed at construction; an exporter
 * is an immutable value that can be shared.
 *
 * <p>What a file holds:
 * <ul>
 *   <li>graph inputs and outputs with element type and shape; the batch dimension as {@code dim_param: "N"}, so one
 *       file runs at any batch size;</li>
 *   <li>the IR's parameters, and only those, as initializers ({@code raw_data}, little-endian), in the IR's order, so
 *       that the file's initializer element count is {@link Graph#parameterCount()};</li>
 *   <li>the IR's constants as {@code Constant} nodes placed just before their first reader;</li>
 *   <li>one node per IR node with the same op_type, name and attributes, except {@code Gelu} below opset 20 (where
 *       ONNX has no Gelu), which becomes its exact decomposition {@code 0.5·x·(1 + erf(x / √2))} (Div, Erf, Add,
 *       Mul, Mul) that ONNX Runtime's optimiser fuses back into one Gelu kernel;</li>
 *   <li>{@code value_info} with the IR's type for every intermediate value, and the metadata properties given.</li>
 * </ul>
 * The bytes depend only on the graph, the weights and the options: the same graph with the same seed gives the same
 * file, so a model's SHA-256 identifies it.
 *
 * <pre>{@code
 * OnnxExporter exporter = OnnxExporter.builder().metadata("space", "nb201").metadata("arch", arch.id()).build();
 * exporter.write(graph, Weights.random(graph, 42), Path.of("models/a1.onnx"));
 * }</pre>
 */
public final class OnnxExporter {

    public static final int DEFAULT_OPSET = 17;
    public static final long DEFAULT_IR_VERSION = 8;
    public static final String PRODUCER_NAME = "hwnas";
    /** The {@code dim_param} that stands for the IR's symbolic batch dimension ({@link Shape#BATCH}). */
    public static final String BATCH_DIM_PARAM = "N";
    /** The lowest opset whose semantics the IR's operators follow (Softmax on one axis, Clip bounds as inputs). */
    public static final int MIN_OPSET = 13;
    /** The first opset with a Gelu operator. */
    public static final int GELU_OPSET = 20;

    private static final int LAYER_NORM_OPSET = 17;

    private final int opset;
    private final long irVersion;
    private final String producerName;
    private final String producerVersion;
    private final Map<String, String> metadata;

    private OnnxExporter(Builder b) {
        if (b.opset < MIN_OPSET) {
            throw new IllegalArgumentException("opset must be >= " + MIN_OPSET + ", but was " + b.opset);
        }
        if (b.irVersion < 7) {
            throw new IllegalArgumentException("irVersion must be >= 7 (opset " + MIN_OPSET + "), but was "
                    + b.irVersion);
        }
        if (b.producerName == null || b.producerName.isBlank()) {
            throw new IllegalArgumentException("producerName must be non-blank, but was '" + b.producerName + "'");
        }
        this.opset = b.opset;
        this.irVersion = b.irVersion;
        this.producerName = b.producerName;
        this.producerVersion = Objects.requireNonNull(b.producerVersion, "producerVersion");
        this.metadata = Collections.unmodifiableMap(new TreeMap<>(b.metadata));
    }

    /** Opset 17, IR version 8, producer {@code hwnas} at this build's version, no metadata. */
    public static OnnxExporter defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.opset = opset;
        b.irVersion = irVersion;
        b.producerName = producerName;
        b.producerVersion = producerVersion;
        b.metadata.putAll(metadata);
        return b;
    }

    public int opset() {
        return opset;
    }

    public long irVersion() {
        return irVersion;
    }

    public String producerName() {
        return producerName;
    }

    public String producerVersion() {
        return producerVersion;
    }

    /** Metadata properties, sorted by key (the order they are written in). */
    public Map<String, String> metadata() {
        return metadata;
    }

    private static final String HWNAS_VERSION = readVersion();

    /** This build's version of hwnas, from the jar's resources; {@code "unknown"} when run from unbuilt sources. */
    public static String hwnasVersion() {
        return HWNAS_VERSION;
    }

    private static String readVersion() {
        try (InputStream in = OnnxExporter.class.getResourceAsStream("/io/hwnas/core/hwnas-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hwnas version resource", e);
        }
    }

    // ---- export ----

    /**
     * The ONNX model of {@code graph} with {@code weights}.
     *
     * @throws IllegalArgumentException when the weights do not fit the graph (naming the tensor) or the graph uses
     *                                  an operator this opset lacks (naming the node)
     */
    public Onnx.ModelProto toModel(Graph graph, Weights weights) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(weights, "weights");
        weights.requireFor(graph);
        for (Node n : graph.nodes()) {
            if (n.op() == Op.LAYER_NORMALIZATION && opset < LAYER_NORM_OPSET) {
                throw new IllegalArgumentException(n.describe() + " needs opset >= " + LAYER_NORM_OPSET
                        + ", but the exporter's opset is " + opset);
            }
        }
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName(graph.name());
        for (Graph.Port p : graph.inputs()) {
            g.addInput(valueInfo(p.name(), p.type()));
        }
        for (Graph.Port p : graph.outputs()) {
            g.addOutput(valueInfo(p.name(), p.type()));
        }
        for (Initializer i : graph.initializers().values()) {
            if (i.isParameter()) {
                g.addInitializer(tensor(i.name(), i.type().shape(), weights.get(i.name())));
            }
        }
        new NodeWriter(graph, g).writeAll();
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder()
                .setIrVersion(irVersion)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setProducerName(producerName)
                .setProducerVersion(producerVersion)
                .setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The serialised model; deterministic for a given graph, weights and options. */
    public byte[] toBytes(Graph graph, Weights weights) {
        return toModel(graph, weights).toByteArray();
    }

    /**
     * Writes the model to {@code path} atomically: the bytes go to a temporary file in the same folder, which is then
     * renamed over {@code path}, so a reader never sees a half-written model and a failure leaves no file behind.
     *
     * @throws IOException naming {@code path} when the folder is missing or unwritable or the rename fails
     */
    public void write(Graph graph, Weights weights, Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        byte[] bytes = toBytes(graph, weights); // caller mistakes fail before the file system is touched
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IOException("cannot write ONNX model to " + path + ": not a file path");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            IOException named = new IOException("cannot write ONNX model to " + path + ": " + e, e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                named.addSuppressed(cleanup);
            }
            throw named;
        }
    }

    // ---- proto pieces ----

    static Onnx.ValueInfoProto valueInfo(String name, TensorType type) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int d : type.shape().dims()) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d == Shape.BATCH) {
                dim.setDimParam(BATCH_DIM_PARAM);
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(type.type().onnxCode()).setShape(shape)))
                .build();
    }

    static Onnx.TensorProto tensor(String name, Shape shape, TensorData data) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(data.type().onnxCode());
        for (int d : shape.dims()) {
            t.addDims(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(data.size() * data.type().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        if (data.type() == DataType.FLOAT) {
            buf.asFloatBuffer().put(data.floats());
        } else {
            buf.asLongBuffer().put(data.longs());
        }
        return t.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    static Onnx.AttributeProto attribute(String name, Object value) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        if (value instanceof Long l) {
            a.setType(Onnx.AttributeProto.AttributeType.INT).setI(l);
        } else if (value instanceof Float f) {
            a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof String s) {
            a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else if (value instanceof List<?> list && list.stream().allMatch(Long.class::isInstance)) {
            a.setType(Onnx.AttributeProto.AttributeType.INTS);
            list.forEach(x -> a.addInts((Long) x));
        } else if (value instanceof List<?> list && list.stream().allMatch(Float.class::isInstance)) {
            a.setType(Onnx.AttributeProto.AttributeType.FLOATS);
            list.forEach(x -> a.addFloats((Float) x));
        } else {
            throw new IllegalArgumentException("attribute '" + name + "' has unsupported value " + value + " ("
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
        }
        return a.build();
    }

    /** Emits the nodes in order, with Constant nodes before first use and Gelu decomposed below opset 20. */
    private final class NodeWriter {
        private final Graph graph;
        private final Onnx.GraphProto.Builder g;
        private final Set<String> emittedConstants = new HashSet<>();
        /** Names taken, kept apart because ONNX keeps node names and value names apart. */
        private final Set<String> valueNames = new HashSet<>();
        private final Set<String> nodeNames = new HashSet<>();
        private final Map<String, TensorType> valueInfo = new LinkedHashMap<>();

        NodeWriter(Graph graph, Onnx.GraphProto.Builder g) {
            this.graph = graph;
            this.g = g;
            graph.inputs().forEach(p -> valueNames.add(p.name()));
            valueNames.addAll(graph.initializers().keySet());
            for (Node n : graph.nodes()) {
                nodeNames.add(n.name());
                valueNames.add(n.output());
            }
        }

        void writeAll() {
            Set<String> outputs = new HashSet<>();
            graph.outputs().forEach(p -> outputs.add(p.name()));
            for (Node n : graph.nodes()) {
                n.inputs().forEach(this::constantIfNeeded);
                if (n.op() == Op.GELU && opset < GELU_OPSET) {
                    gelu(n);
                } else {
                    Onnx.NodeProto.Builder nb = Onnx.NodeProto.newBuilder().setName(n.name())
                            .setOpType(n.op().onnxName()).addAllInput(n.inputs()).addOutput(n.output());
                    n.attributes().asMap().forEach((k, v) -> nb.addAttribute(attribute(k, v)));
                    g.addNode(nb);
                }
                if (!outputs.contains(n.output())) {
                    valueInfo.put(n.output(), graph.type(n.output()));
                }
            }
            outputs.forEach(this::constantIfNeeded);
            valueInfo.forEach((name, type) -> g.addValueInfo(valueInfo(name, type)));
        }

        private void constantIfNeeded(String value) {
            Initializer i = graph.initializers().get(value);
            if (i != null && !i.isParameter() && emittedConstants.add(value)) {
                g.addNode(constantNode(fresh(value, nodeNames), value, i.type().shape(), i.data()));
            }
        }

        private Onnx.NodeProto constantNode(String nodeName, String output, Shape shape, TensorData data) {
            return Onnx.NodeProto.newBuilder().setName(nodeName).setOpType("Constant").addOutput(output)
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("value")
                            .setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(tensor(output, shape, data)))
                    .build();
        }

        private String scalar(String base, float v) {
            String value = fresh(base, valueNames);
            g.addNode(constantNode(fresh(base, nodeNames), value, Shape.of(), TensorData.ofFloats(v)));
            return value;
        }

        /** Adds a node {@code op(inputs)} writing a fresh intermediate value, or {@code output} when given. */
        private String op(String base, String opType, String output, TensorType type, String... inputs) {
            String out = output != null ? output : fresh(base, valueNames);
            g.addNode(Onnx.NodeProto.newBuilder().setName(fresh(base, nodeNames)).setOpType(opType)
                    .addAllInput(List.of(inputs)).addOutput(out));
            if (output == null) {
                valueInfo.put(out, type);
            }
            return out;
        }

        /**
         * Gelu before opset 20: {@code 0.5·x·(1 + erf(x/√2))}, or with {@code approximate = "tanh"}
         * {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}; the exact pattern is the one ONNX Runtime fuses.
         */
        private void gelu(Node n) {
            String x = n.inputs().get(0);
            TensorType t = graph.type(x);
            String p = n.name() + "/";
            String approximate = (String) n.attributes().asMap().getOrDefault("approximate", "none");
            String inner;
            if (approximate.equals("none")) {
                String scaled = op(p + "Div", "Div", null, t, x, scalar(p + "sqrt2", (float) Math.sqrt(2.0)));
                inner = op(p + "Erf", "Erf", null, t, scaled);
            } else if (approximate.equals("tanh")) {
                String x2 = op(p + "Mul_x2", "Mul", null, t, x, x);
                String x3 = op(p + "Mul_x3", "Mul", null, t, x2, x);
                String cubic = op(p + "Mul_cubic", "Mul", null, t, x3, scalar(p + "c", 0.044715f));
                String sum = op(p + "Add_cubic", "Add", null, t, x, cubic);
                String scaled = op(p + "Mul_k", "Mul", null, t, sum,
                        scalar(p + "k", (float) Math.sqrt(2.0 / Math.PI)));
                inner = op(p + "Tanh", "Tanh", null, t, scaled);
            } else {
                throw new IllegalArgumentException(n.describe() + ": approximate must be 'none' or 'tanh', but was '"
                        + approximate + "'");
            }
            String onePlus = op(p + "Add", "Add", null, t, inner, scalar(p + "one", 1f));
            String times = op(p + "Mul", "Mul", null, t, x, onePlus);
            op(p + "Mul_half", "Mul", n.output(), t, times, scalar(p + "half", 0.5f));
        }

        private static String fresh(String base, Set<String> taken) {
            String name = base;
            for (int k = 1; !taken.add(name); k++) {
                name = base + "_" + k;
            }
            return name;
        }
    }

    /** Collects options; {@link #build} checks them. */
    public static final class Builder {
        private int opset = DEFAULT_OPSET;
        private long irVersion = DEFAULT_IR_VERSION;
        private String producerName = PRODUCER_NAME;
        private String producerVersion = hwnasVersion();
        private final Map<String, String> metadata = new TreeMap<>();

        private Builder() {}

        public Builder opset(int opset) {
            this.opset = opset;
            return this;
        }

        public Builder irVersion(long irVersion) {
            this.irVersion = irVersion;
            return this;
        }

        public Builder producer(String name, String version) {
            this.producerName = name;
            this.producerVersion = version;
            return this;
        }

        /** A metadata property ({@code metadata_props}), e.g. the search space and architecture id. */
        public Builder metadata(String key, String value) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("metadata key must be non-empty, but was '" + key + "'");
            }
            metadata.put(key, Objects.requireNonNull(value, () -> "metadata value of '" + key + "'"));
            return this;
        }

        public Builder metadata(Map<String, String> properties) {
            properties.forEach(this::metadata);
            return this;
        }

        public OnnxExporter build() {
            return new OnnxExporter(this);
        }
    }

    @Override
    public String toString() {
        return "OnnxExporter[opset " + opset + ", IR " + irVersion + ", " + producerName + " " + producerVersion
                + (metadata.isEmpty() ? "" : ", " + metadata) + "]";
    }
}
