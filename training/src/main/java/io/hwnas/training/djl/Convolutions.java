package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ONNX's Conv on NCHW input, by PyTorch's own kernels where they are right and as a matrix product
 * ({@link ConvAsMatMul}) where they are not.
 *
 * <p>Why the check: on CPUs with AVX-512 (seen on an AMD EPYC, Zen 4, with PyTorch 2.7.1 and its oneDNN 3.7.1)
 * oneDNN's direct convolution kernels ({@code jit:avx512_core}, and {@code jit:avx2} when oneDNN is held to AVX2)
 * return wrong numbers, 5-40 % of the output's scale, when a channel count is off the kernel's SIMD block: the
 * forward pass with 17-31 or 40 input channels, the input gradient with 20, 24 or 40 output channels, and with 48
 * input channels at stride 2. Nothing warns, and a network trains on wrong gradients. The matrix product is always
 * right but costs up to 3 times as much for NAS-Bench-201's 3x3 convolutions, whose channel counts (16, 32, 64) the
 * kernels get right. So each distinct convolution (shapes of input and weights, strides, pads, dilations, groups) is
 * checked once per process: PyTorch's forward pass and both gradients on random numbers against the matrix product's,
 * and the verdict kept. The wrong results differ by far more than rounding (at least 5e-2 of the scale, against 1e-6
 * for float32 rounding here), so the threshold of 1e-3 does not have to be tuned.
 */
final class Convolutions {

    static final double AGREEMENT = 1e-3;

    /** Per convolution, true when PyTorch's kernels agreed with the matrix product. */
    private static final Map<String, Boolean> NATIVE_AGREES = new ConcurrentHashMap<>();

    private Convolutions() {}

    /**
     * @param w    (out, in / group, kh, kw)
     * @param b    (out), or null
     * @param pads ONNX's {@code [top, left, bottom, right]}
     */
    static NDArray conv2d(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        String key = x.getShape() + " " + w.getShape() + (b != null ? " bias" : "") + " s" + Arrays.toString(strides)
                + " p" + Arrays.toString(pads) + " d" + Arrays.toString(dil) + " g" + group;
        boolean ok = NATIVE_AGREES.computeIfAbsent(key, k -> nativeAgrees(x, w, b, strides, pads, dil, group));
        return ok ? pytorch(x, w, b, strides, pads, dil, group) : ConvAsMatMul.conv2d(x, w, b, strides, pads, dil, group);
    }

    /** ONNX's Conv on NCL input, as a convolution of height 1. */
    static NDArray conv1d(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        return conv2d(x.expandDims(2), w.expandDims(2), b, new int[] {1, strides[0]},
                new int[] {0, pads[0], 0, pads[1]}, new int[] {1, dil[0]}, group).squeeze(2);
    }

    /** How many distinct convolutions this process has checked, and how many of them PyTorch got wrong. */
    static int[] checkedAndWrong() {
        int wrong = (int) NATIVE_AGREES.values().stream().filter(v -> !v).count();
        return new int[] {NATIVE_AGREES.size(), wrong};
    }

    private static NDArray pytorch(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        boolean even = pads[0] == pads[2] && pads[1] == pads[3];
        NDArray in = even ? x : x.pad(new Shape(pads[1], pads[3], pads[0], pads[2]), 0);
        Shape pad = even ? new Shape(pads[0], pads[1]) : new Shape(0, 0);
        return Conv2d.conv2d(in, w, b, new Shape(strides[0], strides[1]), pad, new Shape(dil[0], dil[1]), group)
                .singletonOrThrow();
    }

    /**
     * PyTorch's forward pass, input gradient and weight gradient of this convolution on random numbers (drawn here,
     * not from PyTorch's generator, which training owns), against the matrix product's.
     */
    private static boolean nativeAgrees(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil,
            int group) {
        SplittableRandom r = new SplittableRandom(x.getShape().hashCode() * 31L + w.getShape().hashCode());
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager m = x.getManager().newSubManager()) {
            float[] xs = random(r, x.getShape());
            float[] ws = random(r, w.getShape());
            float[] bs = b == null ? null : random(r, b.getShape());
            float[][] expected = null;
            for (boolean pytorch : new boolean[] {false, true}) {
                NDArray xa = m.create(xs, x.getShape());
                NDArray wa = m.create(ws, w.getShape());
                NDArray ba = bs == null ? null : m.create(bs, b.getShape());
                xa.setRequiresGradient(true);
                wa.setRequiresGradient(true);
                NDArray y = pytorch ? pytorch(xa, wa, ba, strides, pads, dil, group)
                        : ConvAsMatMul.conv2d(xa, wa, ba, strides, pads, dil, group);
                NDArray loss = y.mul(m.create(random(r.split(), y.getShape()), y.getShape())).sum();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) m.ones(loss.getShape()), false, false);
                float[][] got = {y.toFloatArray(), xa.getGradient().toFloatArray(), wa.getGradient().toFloatArray()};
                if (expected == null) {
                    expected = got;
                } else {
                    for (int i = 0; i < got.length; i++) {
                        if (!close(expected[i], got[i])) {
                            return false;
                        }
                    }
                }
            }
            return true;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static boolean close(float[] expected, float[] actual) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs((double) expected[i] - actual[i]));
        }
        return diff <= AGREEMENT * scale;
    }

    private static float[] random(SplittableRandom r, Shape s) {
        float[] f = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return f;
    }
}
