package io.hwnas.core.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.hwnas.core.graph.Attributes;
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
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads an ONNX model into the IR: "your own model" for the predictors, and the check that {@link OnnxExporter}
 * writes what the IR means.
 *
 * <p>What it maps:
 * <ul>
 *   <li>every node whose operator the IR knows ({@link Op}), with its attributes; {@code auto_pad="NOTSET"} (the
 *       default, which PyTorch writes) is dropped, any other attribute the IR lacks is refused;</li>
 *   <li>{@code Constant} nodes become {@link Initializer.Role#CONSTANT} initializers (what the exporter writes for
 *       the IR's constants); a constant no remaining node reads is dropped;</li>
 *   <li>the file's initializers become parameters with their data, with the role their first reader gives them
 *       (Conv/Gemm/MatMul weight and bias, BatchNormalization scale, bias, mean and variance, LayerNormalization
 *       scale and bias, Gather table); INT64 initializers and Clip bounds, which are never learned, become
 *       constants, so that a file exported by PyTorch with a Reshape shape initializer counts its parameters as
 *       the IR does;</li>
 *   <li>the exporter's Gelu decompositions ({@code 0.5·x·(1 + erf(x/√2))} and the tanh form), and PyTorch's, which
 *       is the same, are folded back into one {@code Gelu} node named as the exporter named the original;</li>
 *   <li>graph inputs: a symbolic (or unknown) first dimension becomes {@link Shape#BATCH}; a symbolic dimension
 *       elsewhere is refused, naming the input, since the IR's costs need concrete sizes.</li>
 * </ul>
 * An operator the IR does not know fails with the operator, the node and the file, and lists what is supported:
 * {@code unsupported ONNX operator 'Resize' at node 'up1' (model.onnx); supported: [Add, AveragePool, ...]}.
 *
 * <pre>{@code
 * Graph g = OnnxImporter.read(Path.of("resnet.onnx"));
 * Weights w = OnnxImporter.weights(g);            // the file's own values
 * long macs = g.cost().macs();
 * }</pre>
 */
public final class OnnxImporter {

    /** The lowest default-domain opset whose operator semantics the IR follows. */
    public static final int MIN_OPSET = OnnxExporter.MIN_OPSET;

    // One instance per conversion: the model and how errors name it.
    private final Onnx.ModelProto model;
    private final String source;

    private OnnxImporter(Onnx.ModelProto model, String source) {
        this.model = model;
        this.source = source;
    }

    /**
     * Reads and converts the model at {@code path}.
     *
     * @throws IOException              when the file cannot be read, naming the path
     * @throws IllegalArgumentException when the file is not an ONNX model (bad input, as a malformed architecture
     *                                  string is), or the model uses something the IR cannot hold, naming the node
     *                                  or input and the file
     */
    public static Graph read(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        byte[] bytes = Files.readAllBytes(path);
        return fromBytes(bytes, path.getFileName() == null ? path.toString() : path.getFileName().toString());
    }

    /** Converts a serialised model; errors name it {@code <bytes>}. */
    public static Graph fromBytes(byte[] bytes) {
        return fromBytes(bytes, "<bytes>");
    }

    /** Converts a serialised model; {@code source} is how errors name it (a file name). */
    public static Graph fromBytes(byte[] bytes, String source) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        Onnx.ModelProto m;
        try {
            m = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + source + ": " + e.getMessage(), e);
        }
        if (!m.hasGraph() || m.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException("not an ONNX model (no graph nodes): " + source);
        }
        return fromModel(m, source);
    }

    /** Converts a parsed model; {@code source} is how errors name it. */
    public static Graph fromModel(Onnx.ModelProto model, String source) {
        return new OnnxImporter(Objects.requireNonNull(model, "model"), Objects.requireNonNull(source, "source"))
                .convert();
    }

    /** The values an imported graph carries, as {@link Weights} (every parameter of an imported graph has data). */
    public static Weights weights(Graph graph) {
        Map<String, TensorData> values = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (i.isParameter()) {
                if (i.data() == null) {
                    throw new IllegalArgumentException("parameter '" + i.name() + "' of graph '" + graph.name()
                            + "' has no data");
                }
                values.put(i.name(), i.data());
            }
        }
        return Weights.of(graph, values);
    }

    /** The operators an importable file may use, by ONNX name. */
    public static Set<String> supportedOperators() {
        Set<String> s = new TreeSet<>();
        for (Op op : Op.values()) {
            s.add(op.onnxName());
        }
        s.add("Constant");
        s.add("Erf (in a Gelu pattern)");
        s.add("Tanh (in a Gelu pattern)");
        return s;
    }

    // ---- conversion ----

    private Graph convert() {
        checkOpset();
        Onnx.GraphProto g = model.getGraph();
        Map<String, Onnx.TensorProto> fileInitializers = new LinkedHashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            fileInitializers.put(t.getName(), t);
        }
        Map<String, TensorData> constants = new LinkedHashMap<>();
        Map<String, List<Integer>> constantShapes = new HashMap<>();
        List<Onnx.NodeProto> nodes = new ArrayList<>();
        for (Onnx.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && isDefaultDomain(n)) {
                readConstant(n, constants, constantShapes);
            } else {
                nodes.add(n);
            }
        }
        List<Planned> planned = new GeluFolder(nodes, constants).fold();
        Map<String, Integer> readers = readers(planned, g);
        List<Graph.Port> inputs = inputs(g, fileInitializers);
        List<Initializer> initializers = fileInitializers(fileInitializers, roles(planned));
        addReadConstants(initializers, constants, constantShapes, readers, fileInitializers.keySet());
        List<Node> irNodes = irNodes(planned);
        List<String> outputs = g.getOutputList().stream().map(Onnx.ValueInfoProto::getName).toList();
        String name = g.getName().isEmpty() ? source : g.getName();
        try {
            return Graph.of(name, inputs, outputs, initializers, irNodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + source + ")", e);
        }
    }

    /** How many nodes (and graph outputs) read each value. */
    private static Map<String, Integer> readers(List<Planned> planned, Onnx.GraphProto g) {
        Map<String, Integer> readers = new HashMap<>();
        for (Planned p : planned) {
            p.inputs.forEach(v -> readers.merge(v, 1, Integer::sum));
        }
        for (Onnx.ValueInfoProto o : g.getOutputList()) {
            readers.merge(o.getName(), 1, Integer::sum);
        }
        return readers;
    }

    /** Declared inputs that are not initializers (older files list initializers as inputs too). */
    private List<Graph.Port> inputs(Onnx.GraphProto g, Map<String, Onnx.TensorProto> fileInitializers) {
        List<Graph.Port> inputs = new ArrayList<>();
        for (Onnx.ValueInfoProto in : g.getInputList()) {
            if (!fileInitializers.containsKey(in.getName())) {
                inputs.add(new Graph.Port(in.getName(), inputType(in)));
            }
        }
        return inputs;
    }

    /** The file's initializers, in its order, with the role their readers give them (INT64 data is a constant). */
    private static List<Initializer> fileInitializers(Map<String, Onnx.TensorProto> fileInitializers,
            Map<String, Initializer.Role> roles) {
        List<Initializer> initializers = new ArrayList<>();
        for (Onnx.TensorProto t : fileInitializers.values()) {
            Initializer.Role role = roles.getOrDefault(t.getName(), Initializer.Role.WEIGHT);
            TensorData data = tensorData(t, "initializer '" + t.getName() + "'");
            if (data.type() == DataType.INT64) {
                role = Initializer.Role.CONSTANT;
            }
            initializers.add(new Initializer(t.getName(), new TensorType(data.type(), shape(t, "initializer '"
                    + t.getName() + "'")), role, data));
        }
        return initializers;
    }

    /**
     * Appends the Constant nodes' values that some node or output still reads as constant initializers; one that
     * nothing reads (such as a folded Gelu pattern's) is dropped.
     */
    private void addReadConstants(List<Initializer> initializers, Map<String, TensorData> constants,
            Map<String, List<Integer>> constantShapes, Map<String, Integer> readers, Set<String> fileInitializers) {
        for (Map.Entry<String, TensorData> c : constants.entrySet()) {
            if (readers.containsKey(c.getKey())) {
                if (fileInitializers.contains(c.getKey())) {
                    throw new IllegalArgumentException("value '" + c.getKey() + "' is both an initializer and a "
                            + "Constant node's output (" + source + ")");
                }
                Shape shape = new Shape(constantShapes.get(c.getKey()));
                initializers.add(new Initializer(c.getKey(), new TensorType(c.getValue().type(), shape),
                        Initializer.Role.CONSTANT, c.getValue()));
            }
        }
    }

    /** The IR's nodes; a node without a name is named for its operator and position, and a repeated name numbered. */
    private List<Node> irNodes(List<Planned> planned) {
        List<Node> irNodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (Planned p : planned) {
            String name = p.name.isEmpty() ? p.op.onnxName() + "_" + index : p.name;
            for (int k = 1; !names.add(name); k++) {
                name = (p.name.isEmpty() ? p.op.onnxName() + "_" + index : p.name) + "_" + k;
            }
            index++;
            try {
                irNodes.add(new Node(name, p.op, p.inputs, p.output, p.attributes));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (" + source + ")", e);
            }
        }
        return irNodes;
    }

    private void checkOpset() {
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            if ((o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) && o.getVersion() < MIN_OPSET) {
                throw new IllegalArgumentException("ONNX opset " + o.getVersion() + " of " + source
                        + " is too old: the IR follows opset >= " + MIN_OPSET + " (convert the model with "
                        + "onnx.version_converter first)");
            }
        }
    }

    private static boolean isDefaultDomain(Onnx.NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    private String where(Onnx.NodeProto n) {
        return "node '" + n.getName() + "' (" + source + ")";
    }

    private void readConstant(Onnx.NodeProto n, Map<String, TensorData> constants,
            Map<String, List<Integer>> shapes) {
        if (n.getOutputCount() != 1 || n.getAttributeCount() != 1 || !n.getAttribute(0).getName().equals("value")
                || !n.getAttribute(0).hasT()) {
            throw new IllegalArgumentException("unsupported Constant at " + where(n)
                    + ": only the 'value' tensor form is supported");
        }
        Onnx.TensorProto t = n.getAttribute(0).getT();
        constants.put(n.getOutput(0), tensorData(t, "Constant " + where(n)));
        shapes.put(n.getOutput(0), shape(t, "Constant " + where(n)).dims());
    }

    private TensorType inputType(Onnx.ValueInfoProto in) {
        String what = "graph input '" + in.getName() + "' (" + source + ")";
        if (!in.hasType() || !in.getType().hasTensorType()) {
            throw new IllegalArgumentException(what + " is not a tensor");
        }
        Onnx.TypeProto.Tensor t = in.getType().getTensorType();
        DataType type;
        try {
            type = DataType.fromOnnx(t.getElemType());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (!t.hasShape()) {
            throw new IllegalArgumentException(what + " has no shape; the IR needs every input's rank and sizes");
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < t.getShape().getDimCount(); i++) {
            Onnx.TensorShapeProto.Dimension d = t.getShape().getDim(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                dims.add(intSize(d.getDimValue(), what + " dimension " + i));
            } else if (i == 0) {
                dims.add(Shape.BATCH);
            } else {
                String label = d.hasDimParam() ? "symbolic dimension '" + d.getDimParam() + "'"
                        : "unknown dimension";
                throw new IllegalArgumentException(what + " has a " + label + " at axis " + i
                        + "; only the first (batch) dimension may be symbolic");
            }
        }
        return new TensorType(type, new Shape(dims));
    }

    /** A tensor's dimensions; each must be a positive size that fits an int (a file may say anything). */
    private static Shape shape(Onnx.TensorProto t, String what) {
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < t.getDimsCount(); i++) {
            long d = t.getDims(i);
            if (d < 1) {
                throw new IllegalArgumentException(what + ": dimension " + i + " must be >= 1, but was " + d);
            }
            dims.add(intSize(d, what + " dimension " + i));
        }
        return new Shape(dims);
    }

    private static int intSize(long size, String what) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is " + size + ", more than " + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    /**
     * The tensor's values. The element count its dimensions give is checked against the data the file holds before
     * anything is allocated, so a file that claims 10^12 elements is refused, not allocated.
     */
    private static TensorData tensorData(Onnx.TensorProto t, String what) {
        long n = 1;
        for (int d : shape(t, what).dims()) {
            n *= d; // n <= 2^31 - 1 and d < 2^31 before this, so the product fits a long
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        int count = (int) n;
        ByteString raw = t.getRawData();
        switch (t.getDataType()) {
            case 1: { // FLOAT
                if (!raw.isEmpty()) {
                    requireBytes(raw, count * 4L, what);
                    float[] f = new float[count];
                    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                    return TensorData.ofFloats(f);
                }
                requireCount(t.getFloatDataCount(), count, what);
                float[] f = new float[count];
                for (int i = 0; i < count; i++) {
                    f[i] = t.getFloatData(i);
                }
                return TensorData.ofFloats(f);
            }
            case 7: { // INT64
                if (!raw.isEmpty()) {
                    requireBytes(raw, count * 8L, what);
                    long[] l = new long[count];
                    raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(l);
                    return TensorData.ofLongs(l);
                }
                requireCount(t.getInt64DataCount(), count, what);
                long[] l = new long[count];
                for (int i = 0; i < count; i++) {
                    l[i] = t.getInt64Data(i);
                }
                return TensorData.ofLongs(l);
            }
            default:
                throw new IllegalArgumentException(what + " has ONNX element type " + t.getDataType()
                        + "; supported: FLOAT (1), INT64 (7)");
        }
    }

    private static void requireBytes(ByteString raw, long expected, String what) {
        if (raw.size() != expected) {
            throw new IllegalArgumentException(what + ": raw_data has " + raw.size() + " bytes, expected "
                    + expected);
        }
    }

    private static void requireCount(int found, int expected, String what) {
        if (found != expected) {
            throw new IllegalArgumentException(what + " has " + found + " values, expected " + expected
                    + (found == 0 ? " (data stored outside the file is not supported)" : ""));
        }
    }

    /** The role of each initializer, from the first node that reads it (see the class comment). */
    private static Map<String, Initializer.Role> roles(List<Planned> nodes) {
        Map<String, Initializer.Role> roles = new HashMap<>();
        for (Planned p : nodes) {
            for (int i = 0; i < p.inputs.size(); i++) {
                Initializer.Role r = role(p.op, i);
                if (r != null) {
                    roles.putIfAbsent(p.inputs.get(i), r);
                }
            }
        }
        return roles;
    }

    private static Initializer.Role role(Op op, int input) {
        switch (op) {
            case CONV:
            case GEMM:
                return input == 1 ? Initializer.Role.WEIGHT : input == 2 ? Initializer.Role.BIAS : null;
            case MAT_MUL:
                return Initializer.Role.WEIGHT;
            case BATCH_NORMALIZATION:
                // an input past the fourth has no role; the node's arity is checked when it is made
                return input == 0 || input > 4 ? null : List.of(Initializer.Role.NORM_SCALE, Initializer.Role.NORM_BIAS,
                        Initializer.Role.NORM_MEAN, Initializer.Role.NORM_VAR).get(input - 1);
            case LAYER_NORMALIZATION:
                return input == 1 ? Initializer.Role.NORM_SCALE : input == 2 ? Initializer.Role.NORM_BIAS : null;
            case GATHER:
                return input == 0 ? Initializer.Role.EMBEDDING : Initializer.Role.CONSTANT;
            case CLIP:
            case RESHAPE:
                return input == 0 ? null : Initializer.Role.CONSTANT;
            case ADD:
            case MUL:
                return Initializer.Role.BIAS;
            default:
                return null;
        }
    }

    /** A node to be made: op, inputs, output and attributes already converted. */
    private record Planned(String name, Op op, List<String> inputs, String output, Attributes attributes) {}

    /**
     * Turns ONNX nodes into planned IR nodes, folding Gelu decompositions on the way. A pattern is folded only when
     * its intermediate values are read by nothing outside it, so folding never changes what the graph computes.
     */
    private final class GeluFolder {
        private final List<Onnx.NodeProto> nodes;
        private final Map<String, TensorData> constants;
        private final Map<String, Onnx.NodeProto> producer = new HashMap<>();
        private final Map<String, List<Onnx.NodeProto>> consumers = new HashMap<>();
        private final Set<String> graphOutputs = new HashSet<>();

        GeluFolder(List<Onnx.NodeProto> nodes, Map<String, TensorData> constants) {
            this.nodes = nodes;
            this.constants = constants;
            for (Onnx.NodeProto n : nodes) {
                for (String o : n.getOutputList()) {
                    producer.put(o, n);
                }
                for (String i : n.getInputList()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
            model.getGraph().getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        }

        List<Planned> fold() {
            Map<Onnx.NodeProto, Planned> replaceAt = new HashMap<>();
            Set<Onnx.NodeProto> absorbed = new HashSet<>();
            for (Onnx.NodeProto n : nodes) {
                if (!isDefaultDomain(n)) {
                    continue;
                }
                // an Erf or Tanh of another arity is no Gelu; plan(n) names what is wrong with it
                Match m = n.getInputCount() != 1 || n.getOutputCount() != 1 ? null
                        : n.getOpType().equals("Erf") ? matchErf(n) : n.getOpType().equals("Tanh") ? matchTanh(n)
                        : null;
                if (m != null) {
                    absorbed.addAll(m.nodes);
                    // "none" is Gelu's default, left out as the IR's builder leaves it out
                    Attributes a = m.approximate.equals("none") ? Attributes.NONE
                            : Attributes.builder().set("approximate", m.approximate).build();
                    replaceAt.put(m.last, new Planned(m.name, Op.GELU, List.of(m.x), m.last.getOutput(0), a));
                }
            }
            List<Planned> out = new ArrayList<>();
            for (Onnx.NodeProto n : nodes) {
                Planned p = replaceAt.get(n);
                if (p != null) {
                    out.add(p);
                } else if (!absorbed.contains(n)) {
                    out.add(plan(n));
                }
            }
            return out;
        }

        private record Match(String x, List<Onnx.NodeProto> nodes, Onnx.NodeProto last, String name,
                String approximate) {}

        /** {@code Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)}, operands of Add and Mul in either order. */
        private Match matchErf(Onnx.NodeProto erf) {
            Onnx.NodeProto div = producer.get(erf.getInput(0));
            if (div == null || !is(div, "Div") || !isScalar(div.getInput(1), (float) Math.sqrt(2.0), 1e-4)) {
                return null;
            }
            String x = div.getInput(0);
            return tail(x, List.of(div, erf), erf, "none", div);
        }

        /** {@code Mul(Mul(x, Add(Tanh(Mul(Add(x, Mul(Mul(Mul(x, x), x), c)), k)), 1)), 0.5)}. */
        private Match matchTanh(Onnx.NodeProto tanh) {
            Onnx.NodeProto mulK = producer.get(tanh.getInput(0));
            if (mulK == null || !is(mulK, "Mul")) {
                return null;
            }
            String sum = other(mulK, (float) Math.sqrt(2.0 / Math.PI), 1e-4);
            Onnx.NodeProto add = sum == null ? null : producer.get(sum);
            if (add == null || !is(add, "Add")) {
                return null;
            }
            for (int xi = 0; xi < 2; xi++) {
                String x = add.getInput(xi);
                Onnx.NodeProto mulC = producer.get(add.getInput(1 - xi));
                if (mulC == null || !is(mulC, "Mul")) {
                    continue;
                }
                String cube = other(mulC, 0.044715f, 1e-6);
                Onnx.NodeProto mul3 = cube == null ? null : producer.get(cube);
                if (mul3 == null || !is(mul3, "Mul") || !mul3.getInputList().contains(x)) {
                    continue;
                }
                String sq = mul3.getInput(0).equals(x) ? mul3.getInput(1) : mul3.getInput(0);
                Onnx.NodeProto mul2 = producer.get(sq);
                if (mul2 == null || !is(mul2, "Mul") || !mul2.getInput(0).equals(x) || !mul2.getInput(1).equals(x)) {
                    continue;
                }
                return tail(x, List.of(mul2, mul3, mulC, add, mulK, tanh), tanh, "tanh", mul2);
            }
            return null;
        }

        /** The shared end: {@code Add(inner, 1)}, {@code Mul(x, ·)}, {@code Mul(·, 0.5)}. */
        private Match tail(String x, List<Onnx.NodeProto> head, Onnx.NodeProto inner, String approximate,
                Onnx.NodeProto first) {
            Onnx.NodeProto addOne = onlyConsumer(inner.getOutput(0));
            if (addOne == null || !is(addOne, "Add") || other(addOne, 1f, 1e-6) == null
                    || !other(addOne, 1f, 1e-6).equals(inner.getOutput(0))) {
                return null;
            }
            Onnx.NodeProto mulX = onlyConsumer(addOne.getOutput(0));
            if (mulX == null || !is(mulX, "Mul") || !mulX.getInputList().contains(x)) {
                return null;
            }
            Onnx.NodeProto mulHalf = onlyConsumer(mulX.getOutput(0));
            if (mulHalf == null || !is(mulHalf, "Mul") || other(mulHalf, 0.5f, 1e-6) == null) {
                return null;
            }
            List<Onnx.NodeProto> all = new ArrayList<>(head);
            all.addAll(List.of(addOne, mulX, mulHalf));
            // every value made inside the pattern, except its result, must be read only inside it
            Set<Onnx.NodeProto> inside = new HashSet<>(all);
            for (Onnx.NodeProto n : all) {
                if (n == mulHalf) {
                    continue;
                }
                String v = n.getOutput(0);
                if (graphOutputs.contains(v)) {
                    return null;
                }
                for (Onnx.NodeProto c : consumers.getOrDefault(v, List.of())) {
                    if (!inside.contains(c)) {
                        return null;
                    }
                }
            }
            String name = first.getName();
            int slash = name.lastIndexOf('/');
            name = slash > 0 ? name.substring(0, slash) : mulHalf.getName();
            return new Match(x, all, mulHalf, name, approximate);
        }

        private boolean is(Onnx.NodeProto n, String opType) {
            return isDefaultDomain(n) && n.getOpType().equals(opType) && n.getOutputCount() == 1
                    && (!opType.equals("Erf") && !opType.equals("Tanh") ? n.getInputCount() == 2 : true);
        }

        private Onnx.NodeProto onlyConsumer(String value) {
            List<Onnx.NodeProto> c = consumers.getOrDefault(value, List.of());
            return c.size() == 1 && !graphOutputs.contains(value) ? c.get(0) : null;
        }

        /** The operand of a binary node that is not the scalar constant {@code value}; null when neither is. */
        private String other(Onnx.NodeProto n, float value, double tolerance) {
            if (isScalar(n.getInput(1), value, tolerance)) {
                return n.getInput(0);
            }
            if (isScalar(n.getInput(0), value, tolerance)) {
                return n.getInput(1);
            }
            return null;
        }

        private boolean isScalar(String value, float expected, double tolerance) {
            TensorData d = constants.get(value);
            if (d == null) {
                Onnx.TensorProto t = model.getGraph().getInitializerList().stream()
                        .filter(i -> i.getName().equals(value)).findFirst().orElse(null);
                if (t == null || t.getDataType() != 1) {
                    return false;
                }
                d = tensorData(t, "initializer '" + value + "'");
            }
            return d.type() == DataType.FLOAT && d.size() == 1
                    && Math.abs(d.floats()[0] - expected) <= tolerance * Math.max(1, Math.abs(expected));
        }

        private Planned plan(Onnx.NodeProto n) {
            Op op = isDefaultDomain(n) ? Op.fromOnnx(n.getOpType()).orElse(null) : null;
            if (op == null) {
                String type = isDefaultDomain(n) ? n.getOpType() : n.getDomain() + "." + n.getOpType();
                throw new IllegalArgumentException("unsupported ONNX operator '" + type + "' at node '" + n.getName()
                        + "' (" + source + "); supported: " + supportedOperators());
            }
            int outputs = n.getOutputCount();
            while (outputs > 1 && n.getOutput(outputs - 1).isEmpty()) {
                outputs--;
            }
            if (outputs != 1) {
                throw new IllegalArgumentException("unsupported " + n.getOpType() + " at " + where(n) + ": it has "
                        + outputs + " outputs " + n.getOutputList() + "; the IR's nodes have one");
            }
            List<String> inputs = new ArrayList<>(n.getInputList());
            while (!inputs.isEmpty() && inputs.get(inputs.size() - 1).isEmpty()) {
                inputs.remove(inputs.size() - 1);
            }
            if (inputs.contains("")) {
                throw new IllegalArgumentException("unsupported " + n.getOpType() + " at " + where(n)
                        + ": an optional input is left out before a given one " + n.getInputList());
            }
            Attributes.Builder a = Attributes.builder();
            for (Onnx.AttributeProto attr : n.getAttributeList()) {
                if (attr.getName().equals("auto_pad") && attr.getS().toStringUtf8().equals("NOTSET")) {
                    continue;
                }
                if (!op.attributes().contains(attr.getName())) {
                    throw new IllegalArgumentException("unsupported attribute '" + attr.getName() + "' of "
                            + n.getOpType() + " at " + where(n) + "; the IR knows: " + new TreeSet<>(op.attributes()));
                }
                switch (attr.getType()) {
                    case INT -> a.set(attr.getName(), attr.getI());
                    case FLOAT -> a.set(attr.getName(), attr.getF());
                    case STRING -> a.set(attr.getName(), attr.getS().toString(StandardCharsets.UTF_8));
                    case INTS -> a.setInts(attr.getName(), attr.getIntsList());
                    case FLOATS -> a.setFloats(attr.getName(), attr.getFloatsList());
                    default -> throw new IllegalArgumentException("unsupported attribute type " + attr.getType()
                            + " of '" + attr.getName() + "' at " + where(n));
                }
            }
            return new Planned(n.getName(), op, inputs, n.getOutput(0), a.build());
        }
    }
}
