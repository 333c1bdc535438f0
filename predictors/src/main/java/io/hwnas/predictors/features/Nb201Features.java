package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.Nb201Space;
import java.util.ArrayList;
import java.util.List;

/**
 * Features of a NAS-Bench-201 cell ({@code nb201-v2}): the {@linkplain GraphFeatures graph part} of the network that
 * {@link Nb201Space} builds (its live part only), then
 * <ul>
 *   <li>{@code node1<-0=none} ... : a one-hot of the six edge choices (30), as the genotype says;</li>
 *   <li>{@code live.node1<-0=none} ... : the same one-hot with every op that is not built zeroed: {@code none}, an
 *       op whose result cannot reach node 3, and an op on a node that is identically zero (see
 *       {@link #liveEdges});</li>
 *   <li>{@code cell.<op>}: how many of the six edges hold each op. NAS-Bench-201's own PyTorch network runs every
 *       edge, dead ones included ({@code none} as {@code x·0}), so this and the plain one-hot are what latencies
 *       measured on that network (HELP's tables) follow, while the live part is what an exported, pruned graph
 *       runs;</li>
 *   <li>{@code live.<op>} counts of built ops by kind, {@code live.edges}, and {@code zero_cell} (node 3 is zero);</li>
 *   <li>{@code rt.*}: what of the cell ONNX Runtime runs after its graph rewrites, ReLUs and pools merged, Adds fused
 *       into convs ({@link Nb201Runtime}).</li>
 * </ul>
 * {@code nb201-v1} was the same without {@code rt.*}: the latency of a small cell (0.1-0.5 ms on one CPU thread)
 * follows what the runtime merges and fuses, which the genome's counts do not tell apart.
 */
final class Nb201Features implements FeatureExtractor {

    static final String SCHEMA_NAME = "nb201-v2";

    private static final int EDGES = 6;
    private static final int OPS = Nb201Space.OPERATIONS.size();

    private final Nb201Space space;
    private final FeatureSchema schema;

    Nb201Features(Nb201Space space) {
        this.space = space;
        List<Dimension> dims = space.dimensions();
        if (dims.size() != EDGES) {
            throw new IllegalStateException("nb201 has " + dims.size() + " dimensions, features expect " + EDGES);
        }
        List<String> names = new ArrayList<>(GraphFeatures.names());
        for (String prefix : List.of("", "live.")) {
            for (Dimension d : dims) {
                for (String op : Nb201Space.OPERATIONS) {
                    names.add(prefix + d.name() + "=" + op);
                }
            }
        }
        for (String op : Nb201Space.OPERATIONS) {
            names.add("cell." + op);
        }
        for (String op : Nb201Space.OPERATIONS) {
            if (!op.equals("none")) {
                names.add("live." + op);
            }
        }
        names.add("live.edges");
        names.add("zero_cell");
        names.addAll(Nb201Runtime.NAMES);
        this.schema = new FeatureSchema(SCHEMA_NAME, names);
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public double[] extract(Architecture architecture) {
        Features.requireSpace(space.name(), architecture);
        double[] out = new double[schema.size()];
        int i = GraphFeatures.fill(space.buildGraph(architecture), out, 0);
        int[] genes = architecture.genes();
        boolean[] live = Nb201Space.liveEdges(architecture);
        for (int e = 0; e < EDGES; e++) {
            out[i + e * OPS + genes[e]] = 1;
            if (live[e]) {
                out[i + EDGES * OPS + e * OPS + genes[e]] = 1;
            }
        }
        i += 2 * EDGES * OPS;
        int liveEdges = 0;
        for (int e = 0; e < EDGES; e++) {
            out[i + genes[e]]++;
            if (live[e]) {
                out[i + OPS + genes[e] - 1]++; // live counts skip "none", which is never live
                liveEdges++;
            }
        }
        i += OPS + OPS - 1;
        out[i++] = liveEdges;
        out[i++] = liveEdges == 0 ? 1 : 0;
        i = Nb201Runtime.fill(genes, live, out, i);
        assert i == out.length;
        return out;
    }
}
