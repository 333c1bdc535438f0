package io.hwnas.core.graph;

/**
 * What one node costs for one sample (batch dimension = 1). See {@link CostModel} for the conventions.
 *
 * @param macs               multiply-accumulates of Conv, Gemm and MatMul (0 for other operators)
 * @param flops              floating-point operations: 2 per multiply-accumulate, plus the per-element counts of
 *                           {@link CostModel}
 * @param params             elements of the node's parameter initializers
 * @param activationElements elements of the node's output
 * @param bytesRead          bytes of every input read once: activations, parameters and constants
 * @param bytesWritten       bytes of the output written once
 */
public record NodeCost(long macs, long flops, long params, long activationElements, long bytesRead,
        long bytesWritten) {

    public static final NodeCost ZERO = new NodeCost(0, 0, 0, 0, 0, 0);

    public long bytesMoved() {
        return bytesRead + bytesWritten;
    }

    public NodeCost plus(NodeCost o) {
        return new NodeCost(macs + o.macs, flops + o.flops, params + o.params, activationElements + o.activationElements,
                bytesRead + o.bytesRead, bytesWritten + o.bytesWritten);
    }
}
