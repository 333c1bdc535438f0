package io.hwnas.core.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Graph} node by node, inferring each node's type as it is added so that a mistake fails at the line
 * that made it, naming the node. Names come from a scope path ({@code stage1/cell2/conv_3}), which keeps exported
 * graphs readable and lets per-node timings be mapped back to the architecture.
 *
 * <pre>{@code
 * GraphBuilder b = new GraphBuilder("tiny");
 * Value x = b.input("input", TensorType.floats(Shape.BATCH, 3, 32, 32));
 * try (var s = b.scope("stem")) {
 *     x = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(16, 3))));
 * }
 * b.output(b.gemm(b.flatten(b.globalAveragePool(x)), 10, true), "logits");
 * Graph g = b.build();
 * }</pre>
 */
public final class GraphBuilder {

    private final String name;
    private final List<Graph.Port> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final Map<String, Initializer> initializers = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, TensorType> types = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Deque<String> scopes = new ArrayDeque<>();
    private boolean built;

    public GraphBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Opens a name scope; close it (try-with-resources) to return to the enclosing one. */
    public Scope scope(String part) {
        if (part == null || part.isEmpty() || part.contains("/")) {
            throw new IllegalArgumentException("scope must be non-empty and contain no '/', but was '" + part + "'");
        }
        scopes.addLast(part);
        return new Scope(part);
    }

    /** A name scope: closing it pops exactly this scope. */
    public final class Scope implements AutoCloseable {
        private final String part;
        private boolean closed;

        private Scope(String part) {
            this.part = part;
        }

        @Override
        public void close() {
            if (!closed) {
                if (!part.equals(scopes.peekLast())) {
                    throw new IllegalStateException("scope '" + part + "' closed out of order");
                }
                scopes.removeLast();
                closed = true;
            }
        }
    }

    private String fresh(String base) {
        String prefix = scopes.isEmpty() ? "" : String.join("/", scopes) + "/";
        String candidate = prefix + base;
        int n = counters.merge(candidate, 1, Integer::sum);
        return n == 1 ? candidate : candidate + "_" + (n - 1);
    }

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("graph '" + name + "' was already built");
        }
    }

    private Value own(Value v) {
        Objects.requireNonNull(v, "value");
        if (v.owner() != this) {
            throw new IllegalArgumentException("value '" + v.name() + "' belongs to another graph builder");
        }
        return v;
    }

    // ---- inputs, initializers, generic nodes ----

    public Value input(String inputName, TensorType type) {
        checkOpen();
        if (types.containsKey(inputName)) {
            throw new IllegalArgumentException("value name '" + inputName + "' is already defined");
        }
        inputs.add(new Graph.Port(inputName, type));
        types.put(inputName, type);
        return new Value(inputName, type, this);
    }

    /** A learned tensor whose values are drawn by the exporter's initialiser (or supplied from training). */
    public Value parameter(String base, TensorType type, Initializer.Role role) {
        return initializer(new Initializer(fresh(base), type, role, null));
    }

    /** A parameter with given values. */
    public Value parameter(String base, TensorType type, Initializer.Role role, TensorData data) {
        return initializer(new Initializer(fresh(base), type, role, data));
    }

    public Value constant(String base, TensorData data, int... dims) {
        return initializer(new Initializer(fresh(base), new TensorType(data.type(), Shape.of(dims)),
                Initializer.Role.CONSTANT, data));
    }

    private Value initializer(Initializer i) {
        checkOpen();
        initializers.put(i.name(), i);
        types.put(i.name(), i.type());
        return new Value(i.name(), i.type(), this);
    }

    /** Adds a node of any operator; the typed helpers below cover the common cases. */
    public Value node(Op op, List<Value> in, Attributes attributes) {
        checkOpen();
        List<String> names = new ArrayList<>();
        List<TensorType> ts = new ArrayList<>();
        for (Value v : in) {
            own(v);
            names.add(v.name());
            ts.add(v.type());
        }
        String nodeName = fresh(op.shortName());
        Node n = new Node(nodeName, op, names, nodeName, attributes);
        TensorType out = ShapeInference.infer(n, ts, v -> {
            Initializer i = initializers.get(v);
            return i == null ? null : i.data();
        });
        nodes.add(n);
        types.put(nodeName, out);
        return new Value(nodeName, out, this);
    }

    public Value node(Op op, Value... in) {
        return node(op, List.of(in), Attributes.NONE);
    }

    public GraphBuilder output(Value v) {
        checkOpen();
        outputs.add(own(v).name());
        return this;
    }

    /**
     * Marks {@code v} as a graph output under a new name. ONNX output names are value names, so the value is renamed
     * in place: the producing node's output and every node that reads it. {@code v} itself must not be used after
     * this; the returned value is its new name.
     */
    public Value output(Value v, String outputName) {
        checkOpen();
        own(v);
        if (types.containsKey(outputName)) {
            throw new IllegalArgumentException("value name '" + outputName + "' is already defined");
        }
        if (outputs.contains(v.name())) {
            throw new IllegalArgumentException("value '" + v.name() + "' is already an output under its own name");
        }
        int idx = -1;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.output().equals(v.name())) {
                idx = i;
            }
            if (n.inputs().contains(v.name())) {
                List<String> in = new ArrayList<>(n.inputs());
                in.replaceAll(x -> x.equals(v.name()) ? outputName : x);
                nodes.set(i, new Node(n.name(), n.op(), in, n.output(), n.attributes()));
            }
        }
        if (idx < 0) {
            throw new IllegalArgumentException("value '" + v.name() + "' is not a node output");
        }
        Node n = nodes.get(idx);
        nodes.set(idx, new Node(n.name(), n.op(), n.inputs(), outputName, n.attributes()));
        types.remove(v.name());
        types.put(outputName, v.type());
        outputs.add(outputName);
        return new Value(outputName, v.type(), this);
    }

    public Graph build() {
        checkOpen();
        built = true;
        return Graph.of(name, inputs, outputs, List.copyOf(initializers.values()), nodes);
    }

    // ---- typed helpers ----

    public Value conv(Value x, ConvSpec s) {
        own(x);
        if (x.shape().rank() != 4) {
            throw new IllegalArgumentException("conv input '" + x.name() + "' must be NCHW, but was " + x.shape());
        }
        int cin = x.dim(1);
        if (cin % s.groups() != 0) {
            throw new IllegalArgumentException("groups " + s.groups() + " must divide input channels " + cin
                    + " of '" + x.name() + "'");
        }
        Value w = parameter("conv_w", TensorType.floats(s.outChannels(), cin / s.groups(), s.kernel(), s.kernel()),
                Initializer.Role.WEIGHT);
        List<Value> in = new ArrayList<>(List.of(x, w));
        if (s.bias()) {
            in.add(parameter("conv_b", TensorType.floats(s.outChannels()), Initializer.Role.BIAS));
        }
        int p = s.pad();
        return node(Op.CONV, in, Attributes.builder()
                .setInts("kernel_shape", s.kernel(), s.kernel())
                .setInts("strides", s.stride(), s.stride())
                .setInts("pads", p, p, p, p)
                .setInts("dilations", s.dilation(), s.dilation())
                .set("group", (long) s.groups())
                .build());
    }

    public Value batchNorm(Value x) {
        int c = own(x).dim(1);
        Value scale = parameter("bn_scale", TensorType.floats(c), Initializer.Role.NORM_SCALE);
        Value bias = parameter("bn_bias", TensorType.floats(c), Initializer.Role.NORM_BIAS);
        Value mean = parameter("bn_mean", TensorType.floats(c), Initializer.Role.NORM_MEAN);
        Value var = parameter("bn_var", TensorType.floats(c), Initializer.Role.NORM_VAR);
        return node(Op.BATCH_NORMALIZATION, List.of(x, scale, bias, mean, var),
                Attributes.builder().set("epsilon", 1e-5f).build());
    }

    public Value relu(Value x) {
        return node(Op.RELU, x);
    }

    /** Clip to [min, max], the bounds as scalar constants (ONNX opset 11+). */
    public Value clip(Value x, float min, float max) {
        Value lo = constant("clip_min", TensorData.ofFloats(min));
        Value hi = constant("clip_max", TensorData.ofFloats(max));
        return node(Op.CLIP, List.of(x, lo, hi), Attributes.NONE);
    }

    public Value relu6(Value x) {
        return clip(x, 0f, 6f);
    }

    public Value hardSwish(Value x) {
        return node(Op.HARD_SWISH, x);
    }

    /** ONNX HardSigmoid: {@code max(0, min(1, alpha·x + beta))}. MobileNetV3's h-sigmoid is alpha 1/6, beta 0.5. */
    public Value hardSigmoid(Value x, float alpha, float beta) {
        return node(Op.HARD_SIGMOID, List.of(x), Attributes.builder().set("alpha", alpha).set("beta", beta).build());
    }

    public Value sigmoid(Value x) {
        return node(Op.SIGMOID, x);
    }

    /** The exact (erf) GELU. */
    public Value gelu(Value x) {
        return node(Op.GELU, x);
    }

    public Value add(Value a, Value b) {
        return node(Op.ADD, a, b);
    }

    public Value mul(Value a, Value b) {
        return node(Op.MUL, a, b);
    }

    public Value averagePool(Value x, int kernel, int stride, int pad, boolean countIncludePad) {
        return node(Op.AVERAGE_POOL, List.of(x), Attributes.builder()
                .setInts("kernel_shape", kernel, kernel)
                .setInts("strides", stride, stride)
                .setInts("pads", pad, pad, pad, pad)
                .set("count_include_pad", countIncludePad ? 1L : 0L)
                .build());
    }

    public Value maxPool(Value x, int kernel, int stride, int pad) {
        return node(Op.MAX_POOL, List.of(x), Attributes.builder()
                .setInts("kernel_shape", kernel, kernel)
                .setInts("strides", stride, stride)
                .setInts("pads", pad, pad, pad, pad)
                .build());
    }

    public Value globalAveragePool(Value x) {
        return node(Op.GLOBAL_AVERAGE_POOL, x);
    }

    public Value flatten(Value x) {
        return node(Op.FLATTEN, List.of(x), Attributes.builder().set("axis", 1L).build());
    }

    /** A fully connected layer on {@code [N, in]}: Gemm with weight {@code [out, in]} (transB = 1). */
    public Value gemm(Value x, int outFeatures, boolean bias) {
        own(x);
        if (x.shape().rank() != 2) {
            throw new IllegalArgumentException("gemm input '" + x.name() + "' must be [N, features], but was "
                    + x.shape());
        }
        Value w = parameter("fc_w", TensorType.floats(outFeatures, x.dim(1)), Initializer.Role.WEIGHT);
        List<Value> in = new ArrayList<>(List.of(x, w));
        if (bias) {
            in.add(parameter("fc_b", TensorType.floats(outFeatures), Initializer.Role.BIAS));
        }
        return node(Op.GEMM, in, Attributes.builder().set("transB", 1L).build());
    }

    public Value matMul(Value a, Value b) {
        return node(Op.MAT_MUL, a, b);
    }

    /** {@code x @ W (+ b)} over the last axis with a learned {@code [in, out]} weight: a linear layer for any rank. */
    public Value linear(Value x, int outFeatures, boolean bias) {
        own(x);
        int in = x.dim(x.shape().rank() - 1);
        Value y = matMul(x, parameter("linear_w", TensorType.floats(in, outFeatures), Initializer.Role.WEIGHT));
        if (bias) {
            y = add(y, parameter("linear_b", TensorType.floats(outFeatures), Initializer.Role.BIAS));
        }
        return y;
    }

    public Value concat(int axis, List<Value> values) {
        return node(Op.CONCAT, values, Attributes.builder().set("axis", (long) axis).build());
    }

    /** ONNX Reshape: 0 copies the input dimension (use it to keep the batch), -1 is inferred. */
    public Value reshape(Value x, long... shape) {
        Value s = constant("shape", TensorData.ofLongs(shape), shape.length);
        return node(Op.RESHAPE, List.of(x, s), Attributes.NONE);
    }

    public Value transpose(Value x, int... perm) {
        return node(Op.TRANSPOSE, List.of(x), Attributes.builder().setInts("perm", perm).build());
    }

    public Value softmax(Value x, int axis) {
        return node(Op.SOFTMAX, List.of(x), Attributes.builder().set("axis", (long) axis).build());
    }

    /** LayerNormalization over the last axis with learned scale and bias. */
    public Value layerNorm(Value x, float epsilon) {
        own(x);
        int d = x.dim(x.shape().rank() - 1);
        Value scale = parameter("ln_scale", TensorType.floats(d), Initializer.Role.NORM_SCALE);
        Value bias = parameter("ln_bias", TensorType.floats(d), Initializer.Role.NORM_BIAS);
        return node(Op.LAYER_NORMALIZATION, List.of(x, scale, bias),
                Attributes.builder().set("axis", -1L).set("epsilon", epsilon).build());
    }

    public Value gather(Value data, Value indices, int axis) {
        return node(Op.GATHER, List.of(data, indices), Attributes.builder().set("axis", (long) axis).build());
    }
}
