package io.hwnas.core.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, shape-checked computation graph: inputs, parameter and constant initializers, nodes in topological
 * order, and outputs. Construction validates every node and infers every value's type, so a {@code Graph} that exists
 * is well formed. Build one with {@link GraphBuilder}, or from parts (an imported file) with {@link #of}.
 */
public final class Graph {

    /** A named graph input or output with its type. */
    public record Port(String name, TensorType type) {}

    private final String name;
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final Map<String, Initializer> initializers;
    private final List<Node> nodes;
    private final Map<String, TensorType> types;
    private final GraphCost cost;

    private Graph(String name, List<Port> inputs, List<String> outputNames, Map<String, Initializer> initializers,
            List<Node> nodes) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputs = List.copyOf(inputs);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        this.nodes = List.copyOf(nodes);
        Map<String, TensorType> t = new LinkedHashMap<>();
        for (Port p : this.inputs) {
            put(t, p.name(), p.type(), "graph input");
        }
        for (Initializer i : this.initializers.values()) {
            put(t, i.name(), i.type(), "initializer");
        }
        for (Node n : this.nodes) {
            List<TensorType> in = new ArrayList<>();
            for (String v : n.inputs()) {
                TensorType vt = t.get(v);
                if (vt == null) {
                    throw new IllegalArgumentException(n.describe() + ": input '" + v
                            + "' is not a graph input, an initializer or the output of an earlier node");
                }
                in.add(vt);
            }
            TensorType out = ShapeInference.infer(n, in, v -> {
                Initializer i = this.initializers.get(v);
                return i == null ? null : i.data();
            });
            put(t, n.output(), out, n.describe() + " output");
        }
        this.types = Collections.unmodifiableMap(t);
        List<Port> outs = new ArrayList<>();
        for (String o : outputNames) {
            TensorType ot = t.get(o);
            if (ot == null) {
                throw new IllegalArgumentException("graph output '" + o + "' is not produced by any node");
            }
            outs.add(new Port(o, ot));
        }
        if (outs.isEmpty()) {
            throw new IllegalArgumentException("graph '" + name + "' has no outputs");
        }
        this.outputs = List.copyOf(outs);
        this.cost = computeCost();
    }

    /** Builds and validates a graph from parts; nodes must be in topological order. */
    public static Graph of(String name, List<Port> inputs, List<String> outputs, List<Initializer> initializers,
            List<Node> nodes) {
        Map<String, Initializer> m = new LinkedHashMap<>();
        for (Initializer i : initializers) {
            if (m.put(i.name(), i) != null) {
                throw new IllegalArgumentException("initializer '" + i.name() + "' defined twice");
            }
        }
        return new Graph(name, inputs, outputs, m, nodes);
    }

    private static void put(Map<String, TensorType> t, String name, TensorType type, String what) {
        if (t.putIfAbsent(name, type) != null) {
            throw new IllegalArgumentException(what + ": value name '" + name + "' is already defined");
        }
    }

    public String name() {
        return name;
    }

    public List<Port> inputs() {
        return inputs;
    }

    public List<Port> outputs() {
        return outputs;
    }

    public Map<String, Initializer> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** Type of any value: input, initializer or node output. */
    public TensorType type(String value) {
        TensorType t = types.get(value);
        if (t == null) {
            throw new IllegalArgumentException("no value '" + value + "' in graph '" + name + "'");
        }
        return t;
    }

    public GraphCost cost() {
        return cost;
    }

    /** Elements of all parameter initializers (constants excluded). */
    public long parameterCount() {
        return cost.params();
    }

    private GraphCost computeCost() {
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String v : nodes.get(i).inputs()) {
                lastUse.put(v, i);
            }
        }
        for (Port o : outputs) {
            lastUse.put(o.name(), Integer.MAX_VALUE);
        }
        List<NodeCost> per = new ArrayList<>();
        NodeCost total = NodeCost.ZERO;
        Map<String, Integer> depth = new HashMap<>();
        long live = 0;
        for (Port p : inputs) {
            live += p.type().bytes();
        }
        long peak = live;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            List<TensorType> in = n.inputs().stream().map(types::get).toList();
            List<Initializer> params = n.inputs().stream().map(initializers::get)
                    .filter(x -> x != null && x.isParameter()).distinct().toList();
            TensorType out = types.get(n.output());
            NodeCost c = CostModel.of(n, in, out, params);
            per.add(c);
            total = total.plus(c);
            int d = n.inputs().stream().mapToInt(v -> depth.getOrDefault(v, 0)).max().orElse(0);
            boolean counts = n.op() == Op.CONV || n.op() == Op.GEMM || n.op() == Op.MAT_MUL;
            depth.put(n.output(), d + (counts ? 1 : 0));
            live += out.bytes();
            peak = Math.max(peak, live);
            for (String v : new java.util.LinkedHashSet<>(n.inputs())) {
                if (!initializers.containsKey(v) && lastUse.getOrDefault(v, -1) == i) {
                    live -= types.get(v).bytes();
                }
            }
            if (lastUse.getOrDefault(n.output(), -1) < i) { // dead output: freed at once
                live -= out.bytes();
            }
        }
        // Parameters shared by several nodes (tied embeddings) are counted once in params.
        long paramElems = 0;
        long paramBytes = 0;
        long trainable = 0;
        for (Initializer i : initializers.values()) {
            if (i.isParameter()) {
                paramElems += i.type().elements();
                paramBytes += i.type().bytes();
                boolean statistic = i.role() == Initializer.Role.NORM_MEAN || i.role() == Initializer.Role.NORM_VAR;
                trainable += statistic ? 0 : i.type().elements();
            }
        }
        int maxDepth = outputs.stream().mapToInt(o -> depth.getOrDefault(o.name(), 0)).max().orElse(0);
        return new GraphCost(total.macs(), total.flops(), paramElems, total.activationElements(), total.bytesRead(),
                total.bytesWritten(), trainable, peak, paramBytes, maxDepth, per);
    }

    /** Counts nodes by ONNX operator name, in operator order. */
    public Map<String, Integer> operatorHistogram() {
        Map<String, Integer> h = new java.util.TreeMap<>();
        for (Node n : nodes) {
            h.merge(n.op().onnxName(), 1, Integer::sum);
        }
        return h;
    }

    @Override
    public String toString() {
        return "Graph[" + name + ", " + nodes.size() + " nodes, " + cost.params() + " params]";
    }
}
