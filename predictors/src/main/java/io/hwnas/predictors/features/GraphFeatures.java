package io.hwnas.predictors.features;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of every feature vector that comes from the graph IR: cost totals, log copies of the ones that span
 * orders of magnitude (trees split on either; linear models and kernels fit the log ones far better), and a count
 * of nodes per {@link Op}, over every operator of the IR so that the layout does not depend on which ones a space
 * happens to use.
 */
final class GraphFeatures {

    private static final List<String> TOTALS = List.of("macs", "flops", "params", "trainable_params", "bytes_read",
            "bytes_written", "activation_elements", "peak_activation_bytes", "depth", "nodes");
    private static final List<String> LOGS = List.of("log_macs", "log_flops", "log_params", "log_bytes_moved",
            "log_peak_activation_bytes");

    private GraphFeatures() {}

    static List<String> names() {
        List<String> n = new ArrayList<>(TOTALS);
        n.addAll(LOGS);
        for (Op op : Op.values()) {
            n.add("op." + op.onnxName());
        }
        return n;
    }

    static int size() {
        return TOTALS.size() + LOGS.size() + Op.values().length;
    }

    /** Writes {@link #size()} values at {@code offset}; returns the next offset. */
    static int fill(Graph g, double[] out, int offset) {
        GraphCost c = g.cost();
        int i = offset;
        out[i++] = c.macs();
        out[i++] = c.flops();
        out[i++] = c.params();
        out[i++] = c.trainableParams();
        out[i++] = c.bytesRead();
        out[i++] = c.bytesWritten();
        out[i++] = c.activationElements();
        out[i++] = c.peakActivationBytes();
        out[i++] = c.depth();
        out[i++] = g.nodes().size();
        out[i++] = Math.log1p(c.macs());
        out[i++] = Math.log1p(c.flops());
        out[i++] = Math.log1p(c.params());
        out[i++] = Math.log1p(c.bytesMoved());
        out[i++] = Math.log1p(c.peakActivationBytes());
        for (Node n : g.nodes()) {
            out[i + n.op().ordinal()]++;
        }
        return i + Op.values().length;
    }
}
