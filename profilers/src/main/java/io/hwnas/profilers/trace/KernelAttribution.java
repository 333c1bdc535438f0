package io.hwnas.profilers.trace;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the kernels ONNX Runtime ran back to the IR nodes they compute, from the kernels' names and the IR's dataflow.
 *
 * <p>What ORT 1.29 does to an exported network on a CPU (found by experiment on nb201 and mbv3, AVX-512 machine):
 * <ul>
 *   <li>it names a fused kernel after <em>one</em> of the nodes it absorbed, with suffixes added: at level ALL,
 *       Conv+BatchNormalization becomes a Conv named after the BatchNormalization, Conv(+BN)+Relu one named after
 *       the Relu, and the NCHWc layout pass appends {@code _nchwc}
 *       ({@code stage1/cell0/node1/from0/batchnormalization_nchwc}); a standalone BatchNormalization becomes a
 *       depthwise Conv {@code <bn>_bn_nchwc}. At level EXTENDED fused kernels keep the Conv's name
 *       ({@code stage1/block1/expand/conv}, op {@code FusedConv}).</li>
 *   <li>the NCHWc pass then fuses a following Add (as the Conv's sum input) and activation into the Conv
 *       <em>without</em> renaming it, so {@code .../node3/from0/batchnormalization_nchwc} may also compute the cell's
 *       Add and the next cell's Relu;</li>
 *   <li>common-subexpression elimination merges identical nodes first (nb201's cells apply the same Relu to one
 *       input several times), so the survivor's name is used, and the duplicates appear nowhere;</li>
 *   <li>nodes it adds carry no IR name: {@code ReorderInput}/{@code ReorderOutput[_token_N]}, and the unnamed parts
 *       of an operator it expands (HardSwish runs as {@code HardSigmoid_264} and {@code Mul_265}, named by op
 *       and node index).</li>
 * </ul>
 * Every value between fused nodes is renamed ({@code reorder_token_N}), so the optimised model's dataflow cannot be
 * matched to the original by value names; the kernels' names can.
 *
 * <p>The mapping, then: (1) a kernel's <em>anchor</em> is the IR node whose name is the longest prefix of the kernel's
 * name that ends at a {@code _} (or the whole name); a kernel with no such node, or whose anchor an earlier kernel
 * already took, covers no IR node. (2) Each IR node that anchors nothing is given to a neighbour's kernel, until
 * nothing changes: an element-wise or normalising node ("tail": BatchNormalization, activations, Add, Mul) joins the
 * kernel of its producers that ran last, once all its producers have kernels; a node that starts a kernel ("head":
 * Conv, Gemm, pooling, data movement) joins the first kernel among its consumers. (3) What is still unplaced then
 * joins any neighbour: a tail its latest producer, then any node its earliest consumer. So a Conv whose kernel is
 * named after its BatchNormalization joins that kernel, an Add fused into a Conv joins the Conv that ran after its
 * other operand, and a duplicate Relu joins the kernel of the node it reads.
 */
public final class KernelAttribution {

    private static final Set<Op> TAILS = Set.of(Op.BATCH_NORMALIZATION, Op.RELU, Op.CLIP, Op.HARD_SWISH,
            Op.HARD_SIGMOID, Op.SIGMOID, Op.GELU, Op.ADD, Op.MUL);

    private KernelAttribution() {}

    /**
     * The IR nodes of each kernel, the anchor first, then the others in graph order; empty for a kernel that
     * carries no IR node's name.
     *
     * @param kernelNames the kernels' names in execution order
     */
    public static List<List<String>> attribute(Graph graph, List<String> kernelNames) {
        Map<String, Integer> index = new HashMap<>();
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        int[] kernelOf = new int[nodes.size()];
        java.util.Arrays.fill(kernelOf, -1);
        String[] anchors = new String[kernelNames.size()];
        for (int k = 0; k < kernelNames.size(); k++) {
            String a = anchorName(kernelNames.get(k), index.keySet());
            if (a != null && kernelOf[index.get(a)] < 0) {
                kernelOf[index.get(a)] = k;
                anchors[k] = a;
            }
        }
        Map<String, Integer> producer = new HashMap<>();
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            producer.put(nodes.get(i).output(), i);
            consumers.add(new ArrayList<>());
        }
        List<List<Integer>> producers = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            List<Integer> p = new ArrayList<>();
            for (String v : nodes.get(i).inputs()) {
                Integer j = producer.get(v);
                if (j != null && !p.contains(j)) {
                    p.add(j);
                    consumers.get(j).add(i);
                }
            }
            producers.add(p);
        }
        // Strict passes until nothing moves; then one relaxed placement, and strict again, so that a relaxed guess
        // is made only where the dataflow leaves no other way.
        while (place(nodes, producers, consumers, kernelOf, true, false)
                || place(nodes, producers, consumers, kernelOf, false, true)) {
            // repeat
        }
        List<List<String>> out = new ArrayList<>();
        for (int k = 0; k < kernelNames.size(); k++) {
            List<String> covered = new ArrayList<>();
            if (anchors[k] != null) {
                covered.add(anchors[k]);
                for (int i = 0; i < nodes.size(); i++) {
                    if (kernelOf[i] == k && !nodes.get(i).name().equals(anchors[k])) {
                        covered.add(nodes.get(i).name());
                    }
                }
            }
            out.add(List.copyOf(covered));
        }
        return out;
    }

    /**
     * The IR node name a kernel name starts with: the whole name, or the longest prefix that ends just before a
     * {@code _} ({@code a/b/relu_nchwc} to {@code a/b/relu}, {@code head/bn_bn_nchwc} to {@code head/bn}); null when
     * none is an IR node.
     */
    static String anchorName(String kernelName, Set<String> irNames) {
        String s = kernelName;
        while (true) {
            if (irNames.contains(s)) {
                return s;
            }
            int cut = s.lastIndexOf('_');
            if (cut <= 0 || s.lastIndexOf('/') > cut) {
                return null;
            }
            s = s.substring(0, cut);
        }
    }

    /** One pass in graph order; true when some node was placed. {@code once}: stop after the first placement. */
    private static boolean place(List<Node> nodes, List<List<Integer>> producers, List<List<Integer>> consumers,
            int[] kernelOf, boolean strict, boolean once) {
        boolean changed = false;
        for (int i = 0; i < nodes.size(); i++) {
            if (kernelOf[i] >= 0) {
                continue;
            }
            boolean tail = TAILS.contains(nodes.get(i).op());
            int k = tail ? latestProducer(producers.get(i), kernelOf, strict) : -1;
            if (k < 0 && (!tail || !strict || producers.get(i).isEmpty())) {
                k = earliestConsumer(consumers.get(i), kernelOf);
            }
            if (k >= 0) {
                kernelOf[i] = k;
                changed = true;
                if (once) {
                    return true;
                }
            }
        }
        return changed;
    }

    private static int latestProducer(List<Integer> producers, int[] kernelOf, boolean all) {
        int best = -1;
        for (int p : producers) {
            if (kernelOf[p] < 0) {
                if (all) {
                    return -1;
                }
                continue;
            }
            best = Math.max(best, kernelOf[p]);
        }
        return best;
    }

    private static int earliestConsumer(List<Integer> consumers, int[] kernelOf) {
        int best = -1;
        for (int c : consumers) {
            if (kernelOf[c] >= 0 && (best < 0 || kernelOf[c] < best)) {
                best = kernelOf[c];
            }
        }
        return best;
    }
}
