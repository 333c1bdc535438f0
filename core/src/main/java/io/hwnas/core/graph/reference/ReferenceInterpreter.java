package io.hwnas.core.graph.reference;

import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Shape;
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
import java.util.TreeSet;

/**
 * Evaluates a {@link Graph} in plain Java with ONNX (opset 17) semantics: the reference that exported models and
 * other runtimes are compared against. Every value is held and computed in {@code double} (sums accumulate in
 * double), so the result is closer to exact than any float32 runtime; outputs are rounded to float once at the end.
 * Each node's result shape is checked against the IR's inferred type, so a disagreement between shape inference and
 * evaluation fails at the node that has it. Written for clarity, not speed (nb201-sized networks take well under a
 * second); convolutions and pools support one and two spatial dimensions.
 *
 * <pre>{@code
 * ReferenceInterpreter ref = new ReferenceInterpreter(graph, Weights.random(graph, 42));
 * Map<String, Tensor> out = ref.run(Map.of("input", TensorData.ofFloats(pixels)), 1);
 * }</pre>
 */
public final class ReferenceInterpreter {

    private final Graph graph;
    private final Map<String, Arr> initializers = new HashMap<>();

    /** @throws IllegalArgumentException naming the tensor when {@code weights} do not fit {@code graph} */
    public ReferenceInterpreter(Graph graph, Weights weights) {
        this.graph = Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(weights, "weights").requireFor(graph);
        for (Initializer i : graph.initializers().values()) {
            TensorData d = i.isParameter() ? weights.get(i.name()) : i.data();
            initializers.put(i.name(), Arr.of(i.type().shape().concrete(1), d));
        }
    }

    public Graph graph() {
        return graph;
    }

    /**
     * Evaluates the graph's outputs.
     *
     * @param inputs one tensor per graph input, flat in row-major order, its batch dimension {@code batch}
     * @param batch  the size of the symbolic batch dimension
     * @return the graph outputs by name, in the graph's output order
     */
    public Map<String, Tensor> run(Map<String, TensorData> inputs, int batch) {
        Map<String, Arr> values = evaluate(inputs, batch);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Graph.Port p : graph.outputs()) {
            out.put(p.name(), values.get(p.name()).toTensor());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every node output (and the graph outputs), by value name in node order: for locating where runtimes differ. */
    public Map<String, Tensor> runAll(Map<String, TensorData> inputs, int batch) {
        Map<String, Arr> values = evaluate(inputs, batch);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            out.put(n.output(), values.get(n.output()).toTensor());
        }
        for (Graph.Port p : graph.outputs()) {
            out.putIfAbsent(p.name(), values.get(p.name()).toTensor());
        }
        return Collections.unmodifiableMap(out);
    }

    private Map<String, Arr> evaluate(Map<String, TensorData> inputs, int batch) {
        Objects.requireNonNull(inputs, "inputs");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be > 0, but was " + batch);
        }
        Map<String, Arr> values = new HashMap<>(initializers);
        for (Graph.Port p : graph.inputs()) {
            TensorData d = inputs.get(p.name());
            if (d == null) {
                throw new IllegalArgumentException("input '" + p.name() + "' " + p.type() + " is missing; inputs: "
                        + graph.inputs().stream().map(Graph.Port::name).toList());
            }
            int[] dims = p.type().shape().concrete(batch);
            if (d.type() != p.type().type() || d.size() != product(dims)) {
                throw new IllegalArgumentException("input '" + p.name() + "' must be " + p.type().type() + " with "
                        + product(dims) + " values (" + Arrays.toString(dims) + " at batch " + batch + "), but was "
                        + d.type() + " with " + d.size());
            }
            values.put(p.name(), Arr.of(dims, d));
        }
        for (String name : inputs.keySet()) {
            if (graph.inputs().stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("'" + name + "' is not an input of graph '" + graph.name()
                        + "'; inputs: " + new TreeSet<>(graph.inputs().stream().map(Graph.Port::name).toList()));
            }
        }
        for (Node n : graph.nodes()) {
            List<Arr> in = new ArrayList<>();
            for (String v : n.inputs()) {
                in.add(values.get(v));
            }
            Arr out;
            try {
                out = Ops.apply(n, in);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                throw new IllegalArgumentException(n.describe() + ": " + e.getMessage(), e);
            }
            int[] expected = graph.type(n.output()).shape().concrete(batch);
            if (!Arrays.equals(out.shape, expected)) {
                throw new IllegalStateException(n.describe() + ": evaluated shape " + Arrays.toString(out.shape)
                        + " differs from the inferred " + graph.type(n.output()).shape() + " = "
                        + Arrays.toString(expected) + " at batch " + batch);
            }
            values.put(n.output(), out);
        }
        return values;
    }

    static int product(int[] dims) {
        return product(dims, 0, dims.length);
    }

    static int product(int[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return Math.toIntExact(p);
    }

    /** A concrete tensor during evaluation: doubles for FLOAT values, longs for INT64. */
    static final class Arr {
        final int[] shape;
        final double[] d;
        final long[] l;

        private Arr(int[] shape, double[] d, long[] l) {
            this.shape = shape;
            this.d = d;
            this.l = l;
        }

        static Arr floats(int[] shape, double[] d) {
            return new Arr(shape.clone(), d, null);
        }

        static Arr longs(int[] shape, long[] l) {
            return new Arr(shape.clone(), null, l);
        }

        static Arr of(int[] shape, TensorData t) {
            if (t.type() == DataType.FLOAT) {
                float[] f = t.floats();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                return floats(shape, d);
            }
            return longs(shape, t.longs());
        }

        boolean isFloat() {
            return d != null;
        }

        int size() {
            return d != null ? d.length : l.length;
        }

        int rank() {
            return shape.length;
        }

        /** Same data, new shape (sizes must agree). */
        Arr reshaped(int[] newShape) {
            return new Arr(newShape.clone(), d, l);
        }

        Tensor toTensor() {
            Shape s = Shape.of(shape);
            if (d == null) {
                return Tensor.ofLongs(s, l);
            }
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return Tensor.ofFloats(s, f);
        }
    }
}
