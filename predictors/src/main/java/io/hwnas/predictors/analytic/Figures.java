package io.hwnas.predictors.analytic;

import io.hwnas.core.graph.GraphCost;

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
        return cost.rooflineMs(peakGflops, bandwidthGBs);
    }
}
