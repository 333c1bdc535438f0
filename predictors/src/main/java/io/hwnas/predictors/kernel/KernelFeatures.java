package io.hwnas.predictors.kernel;

import java.util.List;

/**
 * The shape of one kernel, from the IR: what its latency is regressed on. Spatial sizes are 1 for tensors without
 * them (Gemm's {@code [N, features]}); channels are dimension 1, or the last dimension of a rank-2 or rank-3 tensor.
 *
 * @param inChannels   channels of the kernel's main input
 * @param outChannels  channels of its output
 * @param inHeight     height of the main input
 * @param inWidth      width of the main input
 * @param outHeight    height of the output
 * @param outWidth     width of the output
 * @param kernel       window size (Conv, pooling), else 1
 * @param stride       stride (Conv, pooling), else 1
 * @param groups       Conv groups, else 1
 * @param macs         multiply-accumulates of the kernel's IR nodes
 * @param flops        FLOPs of the kernel's IR nodes
 * @param inputBytes   bytes of the activations the kernel reads from outside itself
 * @param paramBytes   bytes of the parameters of its IR nodes
 * @param outputBytes  bytes of its output
 * @param fusedAdd     whether it includes an element-wise Add of another tensor (a residual)
 * @param fusedActivation whether it includes an activation
 */
public record KernelFeatures(int inChannels, int outChannels, int inHeight, int inWidth, int outHeight, int outWidth,
        int kernel, int stride, int groups, long macs, long flops, long inputBytes, long paramBytes, long outputBytes,
        boolean fusedAdd, boolean fusedActivation) {

    /** Names of {@link #vector()}'s entries. */
    public static final List<String> VECTOR_NAMES = List.of("ln_macs", "ln_flops", "ln_bytes", "ln_params",
            "ln_out_elements", "ln_in_channels", "ln_out_channels", "ln_in_hw", "ln_kernel", "ln_stride", "ln_groups",
            "fused_add", "fused_activation");

    /**
     * The regression inputs: logarithms of the sizes (latency grows as a power of them), the two flags as 0/1.
     */
    public double[] vector() {
        return new double[] {
            Math.log1p(macs), Math.log1p(flops), Math.log1p(inputBytes + outputBytes), Math.log1p(paramBytes),
            Math.log1p(outputBytes / 4.0), Math.log(Math.max(1, inChannels)), Math.log(Math.max(1, outChannels)),
            Math.log((double) Math.max(1, inHeight) * Math.max(1, inWidth)), Math.log(Math.max(1, kernel)),
            Math.log(Math.max(1, stride)), Math.log(Math.max(1, groups)), fusedAdd ? 1 : 0, fusedActivation ? 1 : 0
        };
    }
}
