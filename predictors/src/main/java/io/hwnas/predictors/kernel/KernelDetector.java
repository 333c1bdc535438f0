package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.NodeCost;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.measure.OptimizationLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Splits a graph into the kernels ONNX Runtime's CPU provider runs for it, without running it (nn-Meter's "kernel
 * detection"), by the fusion rules ORT 1.29 applies at each optimisation level:
 * <ul>
 *   <li>BASIC and up: identical nodes (same operator, inputs and attributes) are computed once (common
 *       subexpression elimination; nb201's cells apply one Relu to one input several times), and a
 *       BatchNormalization is folded into the Conv before it;</li>
 *   <li>EXTENDED and up: an activation (Relu, Clip, HardSigmoid, HardSwish, Sigmoid) is fused into the Conv or
 *       Gemm before it;</li>
 *   <li>LAYOUT and ALL: an Add is fused into a Conv before it as the Conv's sum input (ORT's NCHWc Conv), the later
 *       of two Convs when both feed it, and then an activation after it; a standalone BatchNormalization runs as a
 *       depthwise Conv and takes the activation after it.</li>
 * </ul>
 * A node is fused only into a kernel whose output it alone reads. Layout reorders and the unnamed pieces of an
 * operator ORT expands (HardSwish as HardSigmoid and Mul) are not kernels here: their time is counted with the
 * kernel that precedes them, as {@link KernelTrainer} attributes it.
 *
 * <p>{@code KernelDetectorTest} checks these rules against the kernels ORT reports for sampled nb201 and mbv3
 * networks.
 *
 * <pre>{@code
 * List<Kernel> kernels = KernelDetector.forLevel(OptimizationLevel.ALL).detect(graph);
 * }</pre>
 */
public final class KernelDetector {

    private static final Set<Op> ACTIVATIONS = Set.of(Op.RELU, Op.CLIP, Op.HARD_SIGMOID, Op.HARD_SWISH, Op.SIGMOID);
    private static final Set<String> CONVS = Set.of("Conv", "DepthwiseConv", "GroupConv");

    private final OptimizationLevel level;

    private KernelDetector(OptimizationLevel level) {
        this.level = Objects.requireNonNull(level, "level");
    }

    public static KernelDetector forLevel(OptimizationLevel level) {
        return new KernelDetector(level);
    }

    public OptimizationLevel level() {
        return level;
    }

    private boolean basic() {
        return level != OptimizationLevel.NONE;
    }

    private boolean extended() {
        return level == OptimizationLevel.EXTENDED || layout();
    }

    private boolean layout() {
        return level == OptimizationLevel.LAYOUT || level == OptimizationLevel.ALL;
    }

    /** A kernel being grown: its nodes and the value it currently ends in. */
    private static final class Open {
        final int index;
        final String type;
        final List<Node> nodes = new ArrayList<>();
        String output;
        boolean bn;
        boolean add;
        boolean activation;

        Open(int index, String type, Node head) {
            this.index = index;
            this.type = type;
            this.nodes.add(head);
            this.output = head.output();
        }
    }

    /** The graph's kernels in execution order. */
    public List<Kernel> detect(Graph graph) {
        Objects.requireNonNull(graph, "graph");
        List<Node> nodes = graph.nodes();
        Map<String, String> alias = new HashMap<>();
        int[] duplicateOf = eliminateDuplicates(nodes, alias);
        Map<String, Integer> readers = readers(graph, duplicateOf, alias);
        List<Open> kernels = fuse(graph, duplicateOf, alias, readers);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        List<Kernel> out = new ArrayList<>();
        for (Open k : kernels) {
            out.add(new Kernel(k.type, k.nodes.stream().map(Node::name).toList(), features(k, graph, index)));
        }
        return out;
    }

    /**
     * Common subexpression elimination, as ONNX Runtime's basic level does it: a node with the operator, inputs and
     * attributes of an earlier one is that node. Returns, per node, the index of the node it duplicates (or -1), and
     * records in {@code alias} each duplicate's output as the original's.
     */
    private int[] eliminateDuplicates(List<Node> nodes, Map<String, String> alias) {
        Map<String, Integer> canonical = new HashMap<>();
        int[] duplicateOf = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            List<String> in = n.inputs().stream().map(v -> alias.getOrDefault(v, v)).toList();
            duplicateOf[i] = -1;
            if (basic()) {
                String key = n.op() + "|" + in + "|" + n.attributes();
                Integer first = canonical.putIfAbsent(key, i);
                if (first != null) {
                    duplicateOf[i] = first;
                    alias.put(n.output(), nodes.get(first).output());
                }
            }
        }
        return duplicateOf;
    }

    /** How many distinct kept nodes (and graph outputs) read each value; a value read once may be fused away. */
    private static Map<String, Integer> readers(Graph graph, int[] duplicateOf, Map<String, String> alias) {
        List<Node> nodes = graph.nodes();
        Map<String, Integer> readers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (duplicateOf[i] < 0) {
                for (String v : new LinkedHashSet<>(nodes.get(i).inputs())) {
                    readers.merge(alias.getOrDefault(v, v), 1, Integer::sum);
                }
            }
        }
        graph.outputs().forEach(p -> readers.merge(alias.getOrDefault(p.name(), p.name()), 1, Integer::sum));
        return readers;
    }

    /** Groups the nodes into kernels in execution order: each node joins the kernel it fuses into, or starts one. */
    private List<Open> fuse(Graph graph, int[] duplicateOf, Map<String, String> alias, Map<String, Integer> readers) {
        List<Node> nodes = graph.nodes();
        List<Open> kernels = new ArrayList<>();
        Map<String, Open> endingIn = new HashMap<>(); // kernels by the value they end in
        Open[] kernelOf = new Open[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (duplicateOf[i] >= 0) {
                Open k = kernelOf[duplicateOf[i]];
                k.nodes.add(n);
                kernelOf[i] = k;
                continue;
            }
            List<String> in = n.inputs().stream().map(v -> alias.getOrDefault(v, v)).toList();
            Open k = fuseInto(n, in, graph, endingIn, readers);
            if (k == null) {
                k = new Open(kernels.size(), type(n, graph), n);
                kernels.add(k);
            } else {
                endingIn.remove(k.output);
                k.nodes.add(n);
                k.output = n.output();
                k.bn |= n.op() == Op.BATCH_NORMALIZATION;
                k.add |= n.op() == Op.ADD;
                k.activation |= ACTIVATIONS.contains(n.op());
            }
            endingIn.put(k.output, k);
            kernelOf[i] = k;
        }
        return kernels;
    }

    /** The kernel {@code n} joins, or null when it starts one. */
    private Open fuseInto(Node n, List<String> in, Graph graph, Map<String, Open> endingIn,
            Map<String, Integer> readers) {
        if (n.op() == Op.BATCH_NORMALIZATION && basic()) {
            Open k = sole(in.get(0), endingIn, readers);
            return k != null && CONVS.contains(k.type) && !k.bn && !k.add && !k.activation ? k : null;
        }
        if (ACTIVATIONS.contains(n.op()) && extended()) {
            Open k = sole(in.get(0), endingIn, readers);
            if (k == null || k.activation) {
                return null;
            }
            boolean convOrGemm = CONVS.contains(k.type) || k.type.equals("Gemm");
            boolean layoutBn = layout() && k.type.equals("BatchNormalization");
            return convOrGemm || layoutBn ? k : null;
        }
        if (n.op() == Op.ADD && layout()) {
            Open best = null;
            for (String v : in) {
                Open k = sole(v, endingIn, readers);
                if (k != null && CONVS.contains(k.type) && !k.add && !k.activation
                        && graph.type(v).shape().equals(graph.type(n.output()).shape())
                        && (best == null || k.index > best.index)) {
                    best = k;
                }
            }
            return best;
        }
        return null;
    }

    /** The kernel that ends in {@code value}, when nothing else reads the value. */
    private static Open sole(String value, Map<String, Open> endingIn, Map<String, Integer> readers) {
        Open k = endingIn.get(value);
        return k != null && readers.getOrDefault(value, 0) == 1 ? k : null;
    }

    private static String type(Node n, Graph graph) {
        switch (n.op()) {
            case CONV: {
                long group = n.attributes().getInt("group", 1);
                if (group == 1) {
                    return "Conv";
                }
                int cin = graph.type(n.inputs().get(0)).shape().dim(1);
                return group == cin ? "DepthwiseConv" : "GroupConv";
            }
            case AVERAGE_POOL:
            case MAX_POOL:
                return "Pool";
            case RELU:
            case CLIP:
            case HARD_SIGMOID:
            case HARD_SWISH:
            case SIGMOID:
            case GELU:
                return "Activation";
            case FLATTEN:
            case RESHAPE:
                return "Reshape";
            default:
                return n.op().onnxName();
        }
    }

    private static KernelFeatures features(Open k, Graph graph, Map<String, Integer> index) {
        Node head = k.nodes.get(0);
        List<NodeCost> costs = graph.cost().perNode();
        Set<String> made = new HashSet<>();
        k.nodes.forEach(n -> made.add(n.output()));
        long macs = 0;
        long flops = 0;
        long params = 0;
        long inputBytes = 0;
        Set<String> read = new HashSet<>();
        for (Node n : k.nodes) {
            NodeCost c = costs.get(index.get(n.name()));
            macs += c.macs();
            flops += c.flops();
            for (String v : n.inputs()) {
                if (made.contains(v) || !read.add(v)) {
                    continue;
                }
                var init = graph.initializers().get(v);
                if (init == null) {
                    inputBytes += graph.type(v).bytes();
                } else if (init.isParameter()) {
                    params += init.type().bytes();
                }
            }
        }
        TensorType x = graph.type(head.inputs().get(0));
        TensorType y = graph.type(k.output);
        int kernel = 1;
        int stride = 1;
        if (head.attributes().has("kernel_shape")) {
            kernel = head.attributes().ints("kernel_shape")[0];
        }
        if (head.attributes().has("strides")) {
            stride = head.attributes().ints("strides")[0];
        }
        int groups = (int) head.attributes().getInt("group", 1);
        boolean fusedAdd = k.nodes.stream().skip(1).anyMatch(n -> n.op() == Op.ADD);
        boolean fusedActivation = k.nodes.stream().skip(1).anyMatch(n -> ACTIVATIONS.contains(n.op()));
        return new KernelFeatures(channels(x.shape()), channels(y.shape()), spatial(x.shape(), 0),
                spatial(x.shape(), 1), spatial(y.shape(), 0), spatial(y.shape(), 1), kernel, stride, groups, macs,
                flops, inputBytes, params, y.bytes(), fusedAdd, fusedActivation);
    }

    private static int channels(Shape s) {
        if (s.rank() >= 4) {
            return positive(s.dim(1));
        }
        return s.rank() == 0 ? 1 : positive(s.dim(s.rank() - 1));
    }

    private static int spatial(Shape s, int which) {
        return s.rank() >= 4 ? positive(s.dim(2 + which)) : 1;
    }

    private static int positive(int d) {
        return d == Shape.BATCH ? 1 : d;
    }
}
