package io.hwnas.predictors.features;

import io.hwnas.core.space.Nb201Space;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What of one NAS-Bench-201 cell an inference engine runs once its graph optimiser is done, worked out from the
 * genome alone (no runtime is asked): the {@code rt.*} features of {@code nb201-v2}.
 *
 * <p>ONNX Runtime (the {@code cpu} devices, level ALL) rewrites the exported graph before it runs it, and small
 * cells' latency follows the rewritten graph, not the genome: checked against the optimised graphs ORT saves for 500
 * cells, these counts give its Relu, AveragePool, Conv and Add node counts exactly (the one exception: a final
 * BatchNorm folded into the last cell's conv). The rewrites modelled:
 * <ul>
 *   <li>{@code skip_connect} is the identity, so a node reached by skips alone <em>is</em> an earlier node: ops on
 *       it and on that node read one tensor;</li>
 *   <li>common subexpressions merge: every {@code nor_conv} begins with a ReLU of its input, and one ReLU serves all
 *       convs of one tensor ({@code rt.relu}); average pools of one tensor are one pool ({@code rt.pool});</li>
 *   <li>an Add with an operand that is a conv's output read by nothing else is fused into that conv (it accumulates
 *       into the other operand), once per conv; the rest stay Adds ({@code rt.add_unfused});</li>
 *   <li>{@code rt.add_self} counts sums of a tensor with itself ({@code x + x}, two skips of aliased nodes), and
 *       {@code rt.identity} a cell whose output is its input (skips only).</li>
 * </ul>
 * A cell whose output is zero (every value is zero) has all counts 0; {@code zero_cell} says so.
 *
 * <pre>{@code
 * // node1 = conv1x1(x); node2 = skip(x) + pool(node1); node3 = conv1x1(x) + pool(node1) + conv1x1(node2)
 * // ReLU(x) serves both convs of x, the two pools of node1 are one: 3 convs, 2 ReLUs, 1 pool, 3 adds of which
 * // node2's (skip + pool) cannot fuse.
 * }</pre>
 */
final class Nb201Runtime {

    static final List<String> NAMES = List.of("rt.conv1x1", "rt.conv3x3", "rt.relu", "rt.pool", "rt.add",
            "rt.add_unfused", "rt.add_self", "rt.identity");

    private static final int NODES = 4;
    private static final int SKIP = Nb201Space.OPERATIONS.indexOf("skip_connect");
    private static final int CONV_1X1 = Nb201Space.OPERATIONS.indexOf("nor_conv_1x1");
    private static final int CONV_3X3 = Nb201Space.OPERATIONS.indexOf("nor_conv_3x3");
    private static final int AVG_POOL = Nb201Space.OPERATIONS.indexOf("avg_pool_3x3");
    private static final int INPUT = 0;

    private Nb201Runtime() {}

    /** Genome order of the edge into node {@code to} from node {@code from}, as {@link Nb201Space} lays it out. */
    private static int edge(int to, int from) {
        return to * (to - 1) / 2 + from;
    }

    /**
     * Writes {@link #NAMES}{@code .size()} values at {@code offset}; returns the next offset.
     *
     * @param genes op index per edge, genome order
     * @param live  per edge, whether the network builds it ({@link Nb201Space#liveEdges})
     */
    static int fill(int[] genes, boolean[] live, double[] out, int offset) {
        Cell cell = new Cell();
        int[] value = new int[NODES]; // the tensor each node is, by value number; -1: not built
        value[0] = INPUT;
        List<int[]> adds = new ArrayList<>(); // {left, right} per Add, in the order the network adds
        for (int to = 1; to < NODES; to++) {
            value[to] = -1;
            for (int from = 0; from < to; from++) {
                int e = edge(to, from);
                if (!live[e]) {
                    continue;
                }
                int term = cell.apply(genes[e], value[from]);
                if (value[to] < 0) {
                    value[to] = term;
                } else {
                    adds.add(new int[] {value[to], term});
                    value[to] = cell.newValue(false);
                }
            }
        }
        if (value[NODES - 1] < 0) { // a zero cell: nothing of it runs
            return offset + NAMES.size();
        }
        int[] uses = cell.uses(adds, value[NODES - 1]);
        boolean[] fused = new boolean[cell.count];
        int unfused = 0;
        int self = 0;
        for (int[] add : adds) {
            self += add[0] == add[1] ? 1 : 0;
            if (fusable(cell, uses, fused, add[0])) {
                fused[add[0]] = true;
            } else if (fusable(cell, uses, fused, add[1])) {
                fused[add[1]] = true;
            } else {
                unfused++;
            }
        }
        int i = offset;
        out[i++] = cell.conv1x1;
        out[i++] = cell.conv3x3;
        out[i++] = cell.reluOf.size();
        out[i++] = cell.poolOf.size();
        out[i++] = adds.size();
        out[i++] = unfused;
        out[i++] = self;
        out[i++] = value[NODES - 1] == INPUT ? 1 : 0;
        return i;
    }

    private static boolean fusable(Cell cell, int[] uses, boolean[] fused, int v) {
        return cell.isConv.get(v) && uses[v] == 1 && !fused[v];
    }

    /** Value numbering of one cell: every distinct tensor gets a number, 0 the cell's input. */
    private static final class Cell {
        final Map<Integer, Integer> reluOf = new HashMap<>(); // input value -> the one ReLU of it
        final Map<Integer, Integer> poolOf = new HashMap<>(); // input value -> the one pool of it
        final List<Boolean> isConv = new ArrayList<>(List.of(false));
        int count = 1;
        int conv1x1;
        int conv3x3;

        int newValue(boolean conv) {
            isConv.add(conv);
            return count++;
        }

        /** The value an op on {@code input} yields. */
        int apply(int op, int input) {
            if (op == SKIP) {
                return input;
            }
            if (op == AVG_POOL) {
                return poolOf.computeIfAbsent(input, k -> newValue(false));
            }
            if (op == CONV_1X1 || op == CONV_3X3) {
                if (op == CONV_1X1) {
                    conv1x1++;
                } else {
                    conv3x3++;
                }
                reluOf.computeIfAbsent(input, k -> newValue(false));
                return newValue(true); // convs never merge: each has its own weights
            }
            throw new IllegalStateException("op " + op + " is not built");
        }

        /** How many ops read each value: ReLUs and pools (after merging), Adds, and the next cell. */
        int[] uses(List<int[]> adds, int output) {
            int[] uses = new int[count];
            reluOf.keySet().forEach(v -> uses[v]++);
            poolOf.keySet().forEach(v -> uses[v]++);
            for (int[] add : adds) {
                uses[add[0]]++;
                uses[add[1]]++;
            }
            uses[output]++;
            return uses;
        }
    }
}
