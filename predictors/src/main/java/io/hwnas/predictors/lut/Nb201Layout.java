package io.hwnas.predictors.lut;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import java.util.List;

/**
 * nb201: one base column (stem, the two reduction blocks, head, and whatever the cells cost regardless of their
 * operations) and a block per (stage, edge, operation). A block stands for its operation on that edge in all five
 * cells of the stage.
 *
 * <p>Which edges count depends on who ran the network. hwnas builds only the live part of a cell
 * ({@link Nb201Space#liveEdges}: no {@code none}, nothing that cannot reach the output), so by default only live,
 * non-{@code none} edges have blocks. NAS-Bench-201's own latency tables were measured in PyTorch, which runs every
 * edge, dead ones and {@code none} (a multiply by zero) included; {@code allEdges} models that, with a block for each
 * of the six edges' operation, {@code none} too.
 *
 * <p>Every stage repeats the same cell, so whole-network latencies cannot tell the three stages' shares apart; the
 * ridge term splits them equally. They are kept apart so that per-stage measurements (a profiler's per-node trace)
 * can refine them.
 */
final class Nb201Layout implements BlockLayout {

    static final String SPACE = Nb201Space.NAME;
    private static final int STAGES = 3;
    private static final int EDGES = 6;

    private final List<String> edgeNames;
    private final boolean allEdges;
    /** The first operation index with a column: 0 ({@code none}) when every edge counts, else 1. */
    private final int firstOp;
    private final int ops;

    Nb201Layout(SearchSpace space, boolean allEdges) {
        if (space.dimensions().size() != EDGES) {
            throw new IllegalArgumentException("nb201 layout expects " + EDGES + " dimensions, but space has "
                    + space.dimensions().size());
        }
        this.edgeNames = space.dimensions().stream().map(d -> d.name()).toList();
        this.allEdges = allEdges;
        this.firstOp = allEdges ? 0 : 1;
        this.ops = Nb201Space.OPERATIONS.size() - firstOp;
    }

    @Override
    public int columns() {
        return 1 + STAGES * EDGES * ops;
    }

    private int column(int stage, int edge, int op) {
        return 1 + (stage * EDGES + edge) * ops + (op - firstOp);
    }

    @Override
    public String name(int column) {
        if (column == 0) {
            return "backbone";
        }
        int c = column - 1;
        int op = c % ops + firstOp;
        int edge = (c / ops) % EDGES;
        int stage = c / (ops * EDGES);
        return "stage" + (stage + 1) + "/" + edgeNames.get(edge) + "/" + Nb201Space.OPERATIONS.get(op);
    }

    @Override
    public boolean isBase(int column) {
        return column == 0;
    }

    @Override
    public List<String> fallbackGroups(int column) {
        if (column == 0) {
            return List.of("backbone");
        }
        int c = column - 1;
        String op = Nb201Space.OPERATIONS.get(c % ops + firstOp);
        int stage = c / (ops * EDGES);
        return List.of("stage" + (stage + 1) + "/" + op, op);
    }

    @Override
    public int maxActive() {
        return 1 + STAGES * EDGES;
    }

    @Override
    public int activeColumns(Architecture a, int[] out) {
        boolean[] live = allEdges ? null : Nb201Space.liveEdges(a);
        int n = 0;
        out[n++] = 0;
        for (int e = 0; e < EDGES; e++) {
            if (allEdges || live[e]) {
                int op = a.gene(e);
                for (int s = 0; s < STAGES; s++) {
                    out[n++] = column(s, e, op);
                }
            }
        }
        return n;
    }
}
