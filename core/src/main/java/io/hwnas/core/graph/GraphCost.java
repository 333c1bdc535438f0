package io.hwnas.core.graph;

import java.util.List;

/**
 * Totals over a graph for one sample, with the per-node costs in topological order.
 *
 * @param peakActivationBytes the largest sum of live activation bytes at any node, walking nodes in order (a value
 *                            is live from the node that makes it to its last reader; graph inputs from the start,
 *                            outputs to the end); parameters are not included
 * @param params              elements of all parameter initializers, each counted once: what an exported file holds
 * @param trainableParams     {@code params} less BatchNormalization running statistics: what PyTorch's
 *                            {@code sum(p.numel() for p in model.parameters())} reports and NAS papers publish
 * @param parameterBytes      bytes of all parameters
 * @param depth               the number of Conv, Gemm and MatMul nodes on the longest path from an input to an output
 */
public record GraphCost(long macs, long flops, long params, long activationElements, long bytesRead,
        long bytesWritten, long trainableParams, long peakActivationBytes, long parameterBytes, int depth, List<NodeCost> perNode) {

    public GraphCost {
        perNode = List.copyOf(perNode);
    }

    public long bytesMoved() {
        return bytesRead + bytesWritten;
    }

    /**
     * The roofline time in ms at {@code peakGflops} and {@code bandwidthGBs}: each node takes the longer of its
     * compute time and its memory time, and nodes run one after another (batch 1). A language model's decode step
     * comes out memory-bound (every weight and the KV cache read once per token), its prefill compute-bound.
     */
    public double rooflineMs(double peakGflops, double bandwidthGBs) {
        double ms = 0;
        for (NodeCost n : perNode) {
            // 1 GFLOP/s = 1e6 FLOP per ms; 1 GB/s = 1e6 bytes per ms
            ms += Math.max(n.flops() / (peakGflops * 1e6), n.bytesMoved() / (bandwidthGBs * 1e6));
        }
        return ms;
    }
}
