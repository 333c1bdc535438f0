package io.hwnas.predictors.analytic;

import io.hwnas.core.graph.GraphCost;
import io.hwnas.core.graph.NodeCost;

/**
 * The few numbers the analytic predictors keep of an architecture's graph cost (per sample, batch 1), so that a memo
 * holds three longs instead of a graph.
 */
record Figures(long macs, long flops, long bytesMoved) {

    static Figures of(GraphCost cost) {
        return new Figures(cost.macs(), cost.flops(), cost.bytesMoved());
    }

    /**
     * The roofline time in ms of a graph at {@code peakGflops} and {@code bandwidthGBs}: each node takes the longer
     * of its compute time and its memory time, and nodes run one after another.
     */
    static double rooflineMs(GraphCost cost, double peakGflops, double bandwidthGBs) {
        double ms = 0;
        for (NodeCost n : cost.perNode()) {
            // 1 GFLOP/s = 1e6 FLOP per ms; 1 GB/s = 1e6 bytes per ms
            ms += Math.max(n.flops() / (peakGflops * 1e6), n.bytesMoved() / (bandwidthGBs * 1e6));
        }
        return ms;
    }
}
