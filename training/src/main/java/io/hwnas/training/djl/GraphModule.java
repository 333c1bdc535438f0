package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.pooling.Pool;
import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.onnx.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An IR {@link Graph} run by DJL: the same network definition that the ONNX exporter writes, evaluated node by node
 * with DJL's operators, so that what is trained is what is exported and measured. Every operator of the IR is
 * supported with ONNX's semantics (opset 17): inputs in ONNX's order, attributes with ONNX's names and defaults.
 *
 * <p>The module owns one array per initializer, in its own {@link NDManager}: the parameters (trainable unless
 * they are BatchNormalization's running statistics), the running statistics (updated in place by training-mode
 * batch norm, with PyTorch's rate of 0.1) and the constants. {@link #weights()} reads them back as the IR's
 * {@link Weights}, ready for {@code OnnxExporter}.
 *
 * <p>Arrays made by {@link #forward} belong to whoever created the input (or to the current {@code NDScope}, which is
 * how the trainer frees them after each step); the module's own arrays live until {@link #close()}.
 *
 * <pre>{@code
 * try (NDManager m = NDManager.newBaseManager(); GraphModule net = new GraphModule(graph, init, m)) {
 *     NDArray logits = net.forward(m.create(pixels, new Shape(8, 1, 28, 28)), false);
 * }
 * }</pre>
 */
public final class GraphModule implements AutoCloseable {

    /** DJL's batch norm takes the weight of the old running value; PyTorch's default rate of update is 0.1. */
    private static final float BATCH_NORM_KEEP = 0.9f;

    private final Graph graph;
    private final NDManager manager;
    private final Map<String, NDArray> initializers = new LinkedHashMap<>();
    private final List<String> trainable = new ArrayList<>();
    /**
     * Constants made once: per (shape, kernel, stride, pads) of an AveragePool that excludes padding, 1 / the count
     * of real inputs; per (channels, kernel), the box filter of {@link #boxFilter}; the scalars of
     * {@link #constant}.
     */
    private final Map<String, NDArray> poolScale = new HashMap<>();

    /**
     * @param weights the starting values of every parameter (random, or trained)
     * @param parent  the manager under which the module makes its own
     */
    public GraphModule(Graph graph, Weights weights, NDManager parent) {
        this.graph = Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(weights, "weights").requireFor(graph);
        this.manager = parent.newSubManager();
        for (Initializer i : graph.initializers().values()) {
            TensorData d = i.isParameter() ? weights.get(i.name()) : i.data();
            long[] dims = Arrays.stream(i.type().shape().concrete(1)).asLongStream().toArray();
            NDArray a = switch (d.type()) {
                case FLOAT -> manager.create(d.floats(), new Shape(dims));
                case INT64 -> manager.create(d.longs(), new Shape(dims));
            };
            a.setName(i.name());
            if (i.isParameter() && i.role() != Initializer.Role.NORM_MEAN && i.role() != Initializer.Role.NORM_VAR) {
                a.setRequiresGradient(true);
                trainable.add(i.name());
            }
            initializers.put(i.name(), a);
        }
    }

    public Graph graph() {
        return graph;
    }

    /** The names of the parameters that training updates, in the graph's order. */
    public List<String> trainable() {
        return Collections.unmodifiableList(trainable);
    }

    /** The module's array of initializer {@code name} (a parameter, a running statistic or a constant). */
    public NDArray array(String name) {
        NDArray a = initializers.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no initializer '" + name + "' in graph '" + graph.name() + "'");
        }
        return a;
    }

    /** Trainable parameters (elements), as the training result reports them. */
    public long trainableElements() {
        long n = 0;
        for (String t : trainable) {
            n += initializers.get(t).size();
        }
        return n;
    }

    /**
     * Evaluates a graph of one input and one output on {@code input} (batch first).
     *
     * @param training batch norm on the batch's statistics (updating the running ones) when true, on the running
     *                 statistics when false
     */
    public NDArray forward(NDArray input, boolean training) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' has " + graph.inputs().size()
                    + " inputs and " + graph.outputs().size() + " outputs; forward(NDArray) takes one of each");
        }
        return forward(Map.of(graph.inputs().get(0).name(), input), training).get(graph.outputs().get(0).name());
    }

    /** Evaluates the graph on one array per graph input, by name; the outputs by name, in the graph's order. */
    public Map<String, NDArray> forward(Map<String, NDArray> inputs, boolean training) {
        Map<String, NDArray> values = new HashMap<>(initializers);
        for (Graph.Port p : graph.inputs()) {
            NDArray a = inputs.get(p.name());
            if (a == null) {
                throw new IllegalArgumentException("input '" + p.name() + "' of graph '" + graph.name()
                        + "' is missing");
            }
            values.put(p.name(), a);
        }
        for (Node n : graph.nodes()) {
            List<NDArray> in = new ArrayList<>(n.inputs().size());
            for (String v : n.inputs()) {
                in.add(values.get(v));
            }
            NDArray out;
            try {
                out = apply(n, in, training);
            } catch (RuntimeException e) {
                throw new IllegalStateException(n.describe() + " failed in DJL on inputs "
                        + in.stream().map(a -> a.getShape().toString()).toList() + ": " + e.getMessage(), e);
            }
            values.put(n.output(), out);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Graph.Port p : graph.outputs()) {
            out.put(p.name(), values.get(p.name()));
        }
        return out;
    }

    private NDArray apply(Node n, List<NDArray> in, boolean training) {
        Attributes at = n.attributes();
        NDArray x = in.get(0);
        return switch (n.op()) {
            case CONV -> conv(x, in.get(1), in.size() > 2 ? in.get(2) : null, at);
            case BATCH_NORMALIZATION -> BatchNorm.batchNorm(x, in.get(3), in.get(4), in.get(1), in.get(2), 1,
                    BATCH_NORM_KEEP, at.getFloat("epsilon", 1e-5f), training).singletonOrThrow();
            case RELU -> Activation.relu(x);
            case CLIP -> x.clip(in.size() > 1 ? scalar(in.get(1)) : Float.NEGATIVE_INFINITY,
                    in.size() > 2 ? scalar(in.get(2)) : Float.POSITIVE_INFINITY);
            case HARD_SWISH -> x.mul(x.add(constant(3f)).clip(0f, 6f)).mul(constant(1f / 6));
            case HARD_SIGMOID -> x.mul(constant(at.getFloat("alpha", 0.2f))).add(constant(at.getFloat("beta", 0.5f)))
                    .clip(0f, 1f);
            case SIGMOID -> Activation.sigmoid(x);
            case GELU -> gelu(x, at);
            case ADD -> x.add(in.get(1));
            case MUL -> x.mul(in.get(1));
            case AVERAGE_POOL -> averagePool(x, at);
            case MAX_POOL -> maxPool(x, at);
            case GLOBAL_AVERAGE_POOL -> globalAveragePool(x);
            case FLATTEN -> flatten(x, (int) at.getInt("axis", 1));
            case GEMM -> gemm(x, in.get(1), in.size() > 2 ? in.get(2) : null, at);
            case MAT_MUL -> x.matMul(in.get(1));
            case CONCAT -> NDArrays.concat(new NDList(in), axis((int) at.getInt("axis", 0), x));
            case RESHAPE -> reshape(x, in.get(1), at.getInt("allowzero", 0) != 0);
            case TRANSPOSE -> transpose(x, at);
            case SOFTMAX -> x.softmax(axis((int) at.getInt("axis", -1), x));
            case LAYER_NORMALIZATION -> layerNorm(x, in.get(1), in.size() > 2 ? in.get(2) : null, at);
            case GATHER -> gather(x, in.get(1), axis((int) at.getInt("axis", 0), x));
        };
    }

    /**
     * A scalar of the module's own, made by PyTorch. DJL's arithmetic with a Java number ({@code x.mul(0.5f)})
     * wraps the number in a tensor over a Java buffer and frees it as soon as the operation returns, while
     * autograd keeps that tensor to compute the gradient: backward then reads freed memory, and a training
     * diverges now and then for no reason of its own. Scalars that outlive the step avoid it.
     */
    private NDArray constant(float v) {
        return poolScale.computeIfAbsent("scalar/" + Float.floatToIntBits(v), k -> {
            NDArray c = manager.full(new Shape(), v);
            NDScope.unregister(c);
            return c;
        });
    }

    private static float scalar(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray()[0];
    }

    private static int axis(int axis, NDArray x) {
        return axis < 0 ? axis + x.getShape().dimension() : axis;
    }

    private static Shape spatial(int[] v) {
        return new Shape(Arrays.stream(v).asLongStream().toArray());
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    /**
     * ONNX pads are {@code [begin_1, ..., begin_k, end_1, ..., end_k]}; DJL's operators pad symmetrically, so
     * uneven pads are applied first, explicitly, with {@code fill}.
     *
     * @return the input (padded where uneven) and the symmetric padding left for the operator
     */
    private static Object[] pads(NDArray x, int[] pads, int k, double fill) {
        if (pads.length == 0) {
            return new Object[] {x, new int[k]};
        }
        boolean even = true;
        for (int i = 0; i < k; i++) {
            even &= pads[i] == pads[i + k];
        }
        if (even) {
            return new Object[] {x, Arrays.copyOf(pads, k)};
        }
        // NDArray.pad takes (before, after) pairs from the last dimension backwards, as torch's F.pad does.
        long[] p = new long[2 * k];
        for (int i = 0; i < k; i++) {
            int dim = k - 1 - i;
            p[2 * i] = pads[dim];
            p[2 * i + 1] = pads[dim + k];
        }
        return new Object[] {x.pad(new Shape(p), fill), new int[k]};
    }

    private static NDArray conv(NDArray x, NDArray w, NDArray b, Attributes at) {
        int k = (int) w.getShape().dimension() - 2;
        int[] strides = at.ints("strides", ones(k));
        int[] dil = at.ints("dilations", ones(k));
        int group = (int) at.getInt("group", 1);
        int[] pads = at.ints("pads", new int[2 * k]);
        return switch (k) {
            case 2 -> Convolutions.conv2d(x, w, b, strides, pads, dil, group);
            case 1 -> Convolutions.conv1d(x, w, b, strides, pads, dil, group);
            default -> throw new UnsupportedOperationException("Conv with " + k + " spatial dimensions");
        };
    }

    private NDArray averagePool(NDArray x, Attributes at) {
        int k = (int) x.getShape().dimension() - 2;
        if (k != 2) {
            throw new UnsupportedOperationException("AveragePool with " + k + " spatial dimensions");
        }
        int[] kernel = at.ints("kernel_shape");
        int[] strides = at.ints("strides", ones(k));
        boolean ceil = at.getInt("ceil_mode", 0) != 0;
        boolean includePad = at.getInt("count_include_pad", 0) != 0;
        int[] pads = at.ints("pads", new int[2 * k]);
        boolean anyPad = Arrays.stream(pads).anyMatch(p -> p != 0);
        Object[] padded = pads(x, pads, k, 0);
        Shape pad = spatial((int[]) padded[1]);
        NDArray mean = ceil
                ? Pool.avgPool2d((NDArray) padded[0], spatial(kernel), spatial(strides), pad, true, true)
                : boxFilter((NDArray) padded[0], kernel, strides, (int[]) padded[1]);
        if (includePad || !anyPad) {
            return mean;
        }
        // DJL's PyTorch pooling counts the padding in every window whatever it is told, so a pool that must not
        // (NAS-Bench-201's) is the padded mean divided by the share of real inputs in each window: the same pool
        // of a mask of ones, padded alike.
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        String key = h + "x" + w + "/" + Arrays.toString(kernel) + Arrays.toString(strides) + Arrays.toString(pads)
                + ceil;
        NDArray scale = poolScale.computeIfAbsent(key, s -> {
            try (NDManager tmp = manager.newSubManager()) {
                Object[] mask = pads(tmp.ones(new Shape(1, 1, h, w)), pads, k, 0);
                NDArray share = Pool.avgPool2d((NDArray) mask[0], spatial(kernel), spatial(strides), pad, ceil, true);
                NDArray inv = share.pow(-1f);
                inv.attach(manager);
                // Made during a forward pass, perhaps inside the caller's scope, but kept for the module's life.
                NDScope.unregister(inv);
                return inv;
            }
        });
        return mean.mul(scale);
    }

    /**
     * The padded mean of every window as a depthwise convolution with a constant kernel of {@code 1 / (kh·kw)}: the
     * same numbers as PyTorch's average pool, computed by oneDNN's convolution, which forward and backward takes a
     * quarter of the pool's time on a CPU (3.6 against 13.4 ms for a 64×16×28×28 batch here).
     */
    private NDArray boxFilter(NDArray x, int[] kernel, int[] strides, int[] pad) {
        long c = x.getShape().get(1);
        String key = "box/" + c + "/" + kernel[0] + "x" + kernel[1];
        NDArray w = poolScale.computeIfAbsent(key, s -> {
            NDArray k = manager.full(new Shape(c, 1, kernel[0], kernel[1]), 1f / (kernel[0] * kernel[1]));
            NDScope.unregister(k);
            return k;
        });
        return Convolutions.conv2d(x, w, null, strides, new int[] {pad[0], pad[1], pad[0], pad[1]}, ones(2), (int) c);
    }

    private static NDArray maxPool(NDArray x, Attributes at) {
        int k = (int) x.getShape().dimension() - 2;
        if (k != 2) {
            throw new UnsupportedOperationException("MaxPool with " + k + " spatial dimensions");
        }
        int[] kernel = at.ints("kernel_shape");
        int[] strides = at.ints("strides", ones(k));
        int[] dil = at.ints("dilations", ones(k));
        boolean ceil = at.getInt("ceil_mode", 0) != 0;
        Object[] padded = pads(x, at.ints("pads"), k, Double.NEGATIVE_INFINITY);
        NDArray in = (NDArray) padded[0];
        int[] pad = (int[]) padded[1];
        if (Arrays.stream(dil).allMatch(d -> d == 1)) {
            return Pool.maxPool2d(in, spatial(kernel), spatial(strides), spatial(pad), ceil);
        }
        // DJL's pooling has no dilation: the maximum over the kernel's taps, each a strided slice of the input.
        if (ceil) {
            throw new UnsupportedOperationException("MaxPool with dilations and ceil_mode");
        }
        NDArray p = in.pad(new Shape(pad[1], pad[1], pad[0], pad[0]), Double.NEGATIVE_INFINITY);
        long hp = p.getShape().get(2);
        long wp = p.getShape().get(3);
        long oh = (hp - (long) dil[0] * (kernel[0] - 1) - 1) / strides[0] + 1;
        long ow = (wp - (long) dil[1] * (kernel[1] - 1) - 1) / strides[1] + 1;
        NDArray out = null;
        for (int a = 0; a < kernel[0]; a++) {
            for (int b = 0; b < kernel[1]; b++) {
                long h0 = (long) a * dil[0];
                long w0 = (long) b * dil[1];
                NDArray tap = p.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", h0, h0 + (oh - 1) * strides[0] + 1,
                        strides[0], w0, w0 + (ow - 1) * strides[1] + 1, strides[1]));
                out = out == null ? tap : out.maximum(tap);
            }
        }
        return out;
    }

    private static NDArray globalAveragePool(NDArray x) {
        // DJL's PyTorch mean takes one axis at a time.
        NDArray y = x;
        for (int a = x.getShape().dimension() - 1; a >= 2; a--) {
            y = y.mean(new int[] {a}, true);
        }
        return y;
    }

    private static NDArray flatten(NDArray x, int axis) {
        Shape s = x.getShape();
        int a = axis < 0 ? axis + s.dimension() : axis;
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= s.get(i);
        }
        return x.reshape(outer, s.size() / Math.max(outer, 1));
    }

    private NDArray gemm(NDArray a, NDArray b, NDArray c, Attributes at) {
        NDArray x = at.getInt("transA", 0) != 0 ? a.transpose() : a;
        NDArray y = at.getInt("transB", 0) != 0 ? b.transpose() : b;
        NDArray out = x.matMul(y);
        float alpha = at.getFloat("alpha", 1f);
        if (alpha != 1f) {
            out = out.mul(constant(alpha));
        }
        if (c != null) {
            float beta = at.getFloat("beta", 1f);
            out = out.add(beta == 1f ? c : c.mul(constant(beta)));
        }
        return out;
    }

    private static NDArray reshape(NDArray x, NDArray shape, boolean allowZero) {
        long[] target = shape.toLongArray();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                target[i] = x.getShape().get(i);
            }
        }
        return x.reshape(target);
    }

    private static NDArray transpose(NDArray x, Attributes at) {
        int r = x.getShape().dimension();
        int[] rev = new int[r];
        for (int i = 0; i < r; i++) {
            rev[i] = r - 1 - i;
        }
        return x.transpose(at.ints("perm", rev));
    }

    private NDArray gelu(NDArray x, Attributes at) {
        Object mode = at.asMap().get("approximate");
        if (mode == null || "none".equals(mode)) {
            return Activation.gelu(x);
        }
        if (!"tanh".equals(mode)) {
            throw new UnsupportedOperationException("Gelu approximate='" + mode + "'");
        }
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(0.044715f))).mul(constant((float) Math.sqrt(2 / Math.PI)));
        return x.mul(constant(0.5f)).mul(inner.tanh().add(constant(1f)));
    }

    private static NDArray layerNorm(NDArray x, NDArray scale, NDArray bias, Attributes at) {
        int axis = axis((int) at.getInt("axis", -1), x);
        Shape normalized = x.getShape().slice(axis);
        NDArray b = bias != null ? bias : scale.zerosLike();
        return LayerNorm.layerNorm(x, normalized, scale, b, at.getFloat("epsilon", 1e-5f)).singletonOrThrow();
    }

    /** ONNX Gather: {@code data.shape[:axis] + indices.shape + data.shape[axis+1:]}. */
    private static NDArray gather(NDArray data, NDArray indices, int axis) {
        Shape ds = data.getShape();
        long dim = ds.get(axis);
        NDArray flat = indices.reshape(-1).toType(DataType.INT64, false);
        // ONNX counts negative indices from the end.
        flat = flat.add(flat.lt(0).toType(DataType.INT64, false).mul(dim));
        // data[:, ..., :, idx] with `axis` leading full slices: one dimension of length |idx| where the axis was.
        NDArray picked = data.get(new NDIndex(":, ".repeat(axis) + "{}", flat));
        Shape out = ds.slice(0, axis).addAll(indices.getShape()).addAll(ds.slice(axis + 1));
        return picked.reshape(out);
    }

    /** The current value of every parameter (running statistics included), as the IR's weights for export. */
    public Weights weights() {
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (i.isParameter()) {
                m.put(i.name(), TensorData.ofFloats(initializers.get(i.name()).toFloatArray()));
            }
        }
        return Weights.of(graph, m);
    }

    /** Snapshot of every parameter's values, for keeping the best weights of a run. */
    Map<String, float[]> snapshot() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (i.isParameter()) {
                m.put(i.name(), initializers.get(i.name()).toFloatArray());
            }
        }
        return m;
    }

    /** Puts back a {@link #snapshot()}, in place. */
    void restore(Map<String, float[]> snapshot) {
        for (Map.Entry<String, float[]> e : snapshot.entrySet()) {
            NDArray a = initializers.get(e.getKey());
            a.set(e.getValue());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
