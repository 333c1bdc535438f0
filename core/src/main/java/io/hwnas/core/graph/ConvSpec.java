package io.hwnas.core.graph;

/**
 * A 2-D convolution's hyper-parameters. {@code padding} of {@link #SAME} pads {@code dilation·(kernel−1)/2} on each
 * side, which keeps the spatial size at stride 1 for odd kernels.
 */
public record ConvSpec(int outChannels, int kernel, int stride, int dilation, int groups, int padding, boolean bias) {

    public static final int SAME = -1;

    public ConvSpec {
        if (outChannels < 1) {
            throw new IllegalArgumentException("outChannels must be > 0, but was " + outChannels);
        }
        if (kernel < 1 || stride < 1 || dilation < 1 || groups < 1) {
            throw new IllegalArgumentException("kernel, stride, dilation and groups must be > 0, but were " + kernel
                    + ", " + stride + ", " + dilation + ", " + groups);
        }
        if (padding < 0 && padding != SAME) {
            throw new IllegalArgumentException("padding must be >= 0 or SAME, but was " + padding);
        }
    }

    /** A {@code kernel×kernel} convolution, stride 1, same padding, no bias. */
    public static ConvSpec of(int outChannels, int kernel) {
        return new ConvSpec(outChannels, kernel, 1, 1, 1, SAME, false);
    }

    public ConvSpec stride(int s) {
        return new ConvSpec(outChannels, kernel, s, dilation, groups, padding, bias);
    }

    public ConvSpec dilation(int d) {
        return new ConvSpec(outChannels, kernel, stride, d, groups, padding, bias);
    }

    public ConvSpec groups(int g) {
        return new ConvSpec(outChannels, kernel, stride, dilation, g, padding, bias);
    }

    public ConvSpec padding(int p) {
        return new ConvSpec(outChannels, kernel, stride, dilation, groups, p, bias);
    }

    public ConvSpec bias(boolean b) {
        return new ConvSpec(outChannels, kernel, stride, dilation, groups, padding, b);
    }

    public int pad() {
        return padding == SAME ? dilation * (kernel - 1) / 2 : padding;
    }
}
