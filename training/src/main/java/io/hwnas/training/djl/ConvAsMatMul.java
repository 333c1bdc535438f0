package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Convolution as a matrix product of the weights with the input's patches (im2col): the patches are the input's
 * strided slices, one per kernel offset, and the product is PyTorch's matmul (a BLAS GEMM), forward and backward.
 * Where PyTorch's own convolution kernels are wrong, {@link Convolutions} computes a convolution this way.
 */
final class ConvAsMatMul {

    private ConvAsMatMul() {}

    /**
     * ONNX's Conv on NCHW input.
     *
     * @param w    (out, in / group, kh, kw)
     * @param b    (out), or null
     * @param pads ONNX's {@code [top, left, bottom, right]}
     */
    static NDArray conv2d(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        Shape ws = w.getShape();
        long out = ws.get(0);
        int kh = (int) ws.get(2);
        int kw = (int) ws.get(3);
        NDArray in = anyPositive(pads) ? x.pad(new Shape(pads[1], pads[3], pads[0], pads[2]), 0) : x;
        long n = in.getShape().get(0);
        long c = in.getShape().get(1);
        long h = in.getShape().get(2);
        long wd = in.getShape().get(3);
        long oh = (h - (long) dil[0] * (kh - 1) - 1) / strides[0] + 1;
        long ow = (wd - (long) dil[1] * (kw - 1) - 1) / strides[1] + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("Conv output would be " + oh + "x" + ow + " from input " + in.getShape());
        }
        if (ws.get(1) == 1 && out == group) {
            return depthwise(in, w, b, strides, dil, oh, ow);
        }
        NDArray patches;
        if (kh == 1 && kw == 1 && strides[0] == 1 && strides[1] == 1) {
            patches = in.reshape(n, group, c / group, oh * ow);
        } else {
            NDList slices = new NDList(kh * kw);
            for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                    long r0 = (long) u * dil[0];
                    long c0 = (long) v * dil[1];
                    slices.add(in.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", r0, r0 + (oh - 1) * strides[0] + 1,
                            strides[0], c0, c0 + (ow - 1) * strides[1] + 1, strides[1])));
                }
            }
            // (n, c, kh*kw, oh, ow): channel-major, then kernel offset, as the weights flatten.
            NDArray stacked = slices.size() == 1 ? slices.head().expandDims(2) : NDArrays.stack(slices, 2);
            patches = stacked.reshape(n, group, c / group * kh * kw, oh * ow);
        }
        NDArray y = w.reshape(group, out / group, ws.get(1) * kh * kw).matMul(patches).reshape(n, out, oh, ow);
        return b == null ? y : y.add(b.reshape(1, out, 1, 1));
    }

    /**
     * One input and one output channel per group: the sum over kernel offsets of the input's slice times that
     * offset's weight per channel, element by element (a batch of 1-row products would cost 20 times as much).
     */
    private static NDArray depthwise(NDArray in, NDArray w, NDArray b, int[] strides, int[] dil, long oh, long ow) {
        long c = w.getShape().get(0);
        int kh = (int) w.getShape().get(2);
        int kw = (int) w.getShape().get(3);
        NDArray y = null;
        for (int u = 0; u < kh; u++) {
            for (int v = 0; v < kw; v++) {
                long r0 = (long) u * dil[0];
                long c0 = (long) v * dil[1];
                NDArray slice = in.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", r0, r0 + (oh - 1) * strides[0] + 1,
                        strides[0], c0, c0 + (ow - 1) * strides[1] + 1, strides[1]));
                NDArray term = slice.mul(w.get(new NDIndex(":, 0, {}, {}", u, v)).reshape(1, c, 1, 1));
                y = y == null ? term : y.add(term);
            }
        }
        return b == null ? y : y.add(b.reshape(1, c, 1, 1));
    }

    private static boolean anyPositive(int[] a) {
        for (int v : a) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
