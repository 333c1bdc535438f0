package io.hwnas.training.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * ONNX's Conv on NCHW input, by PyTorch's own kernels when they pass a check on this machine, else as a matrix
 * product ({@link ConvAsMatMul}).
 *
 * <p>Why: on an AMD EPYC (Zen 4, AVX-512) PyTorch 2.7.1's oneDNN 3.7.1 convolution kernels ({@code jit:avx512_core},
 * and {@code jit:avx2} when oneDNN is held to AVX2 with {@code DNNL_MAX_CPU_ISA}) return wrong numbers, 5-40 % of
 * the output's scale: the forward pass with 17-31 or 40 input channels, the input gradient with 8, 20, 24 or 40
 * output channels, with 48 input channels at stride 2, and more. With one thread the same call is wrong every time;
 * with two it is wrong in some calls and right in others, so no check of one call can clear a shape for the next.
 * Nothing warns, and a network trains on wrong gradients. The depthwise kernels were right in every case tried.
 *
 * <p>So the first convolution of a process runs a battery of convolutions (channel counts on and off the kernels'
 * blocks of 8 and 16, kernels 1, 3 and 5, strides 1 and 2, each twice) with PyTorch and as a matrix product, forward
 * and both gradients, and PyTorch's dense kernels (and, separately, its depthwise ones) are used for the whole
 * process only if every case agrees. The wrong results differ by far more than rounding (5e-2 of the scale and up,
 * against 1e-6 for float32 rounding here), so the threshold of 1e-3 needs no tuning.
 *
 * <p>The matrix product is slower: on that EPYC a training step ran at 56-174 images/s for NAS-Bench-201 cells and
 * 30-41 for MobileNetV3 networks with it, against 104-355 and 81-132 with oneDNN's SSE4.1 kernels
 * ({@code bench/training-throughput.sh 3 11 60 64}, docs/BENCHMARKS.md). Those kernels were right there, and oneDNN
 * uses them when the environment says {@code DNNL_MAX_CPU_ISA=SSE41} before the process starts (the test suite
 * does). {@code HWNAS_CONVOLUTION=pytorch|matmul} (or the system property
 * {@code hwnas.convolution}) overrides the verdict.
 */
final class Convolutions {

    static final double AGREEMENT = 1e-3;
    static final String SETTING = "hwnas.convolution";

    /** Which implementation computes the dense and the depthwise convolutions of this process, and why. */
    record Verdict(boolean pytorchDense, boolean pytorchDepthwise, String reason) {
        String describe() {
            return (pytorchDense ? "PyTorch" : "matrix product") + " (dense), " + (pytorchDepthwise ? "PyTorch"
                    : "matrix product") + " (depthwise): " + reason;
        }
    }

    private static volatile Verdict verdict;

    private Convolutions() {}

    /**
     * @param w    (out, in / group, kh, kw)
     * @param b    (out), or null
     * @param pads ONNX's {@code [top, left, bottom, right]}
     */
    static NDArray conv2d(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        Verdict v = verdict(x.getManager());
        boolean depthwise = w.getShape().get(1) == 1 && w.getShape().get(0) == group;
        boolean pytorch = depthwise ? v.pytorchDepthwise() : v.pytorchDense();
        return pytorch ? pytorch(x, w, b, strides, pads, dil, group)
                : ConvAsMatMul.conv2d(x, w, b, strides, pads, dil, group);
    }

    /** ONNX's Conv on NCL input, as a convolution of height 1. */
    static NDArray conv1d(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        return conv2d(x.expandDims(2), w.expandDims(2), b, new int[] {1, strides[0]},
                new int[] {0, pads[0], 0, pads[1]}, new int[] {1, dil[0]}, group).squeeze(2);
    }

    /** This process's verdict, made by the battery on first use (or by the setting). */
    static Verdict verdict(NDManager any) {
        Verdict v = verdict;
        if (v == null) {
            synchronized (Convolutions.class) {
                v = verdict;
                if (v == null) {
                    v = decide(any);
                    verdict = v;
                }
            }
        }
        return v;
    }

    private static Verdict decide(NDManager any) {
        String set = System.getProperty(SETTING, System.getenv().getOrDefault("HWNAS_CONVOLUTION", "auto"))
                .strip().toLowerCase(Locale.ROOT);
        return switch (set) {
            case "pytorch" -> new Verdict(true, true, "set by " + SETTING + "=pytorch");
            case "matmul" -> new Verdict(false, false, "set by " + SETTING + "=matmul");
            case "auto", "" -> battery(any, Convolutions::pytorch);
            default -> throw new IllegalArgumentException(SETTING + " (or HWNAS_CONVOLUTION) must be auto, pytorch "
                    + "or matmul, but was '" + set + "'");
        };
    }

    /** A convolution's implementation: ONNX's Conv with these arguments. */
    interface Implementation {
        NDArray conv(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group);
    }

    /** The battery's cases: batch, in, out, kernel, stride, size, groups. */
    static final int[][] DENSE = {
        {4, 16, 8, 3, 1, 8, 1}, {4, 20, 16, 3, 1, 8, 1}, {4, 24, 24, 3, 1, 6, 1}, {4, 40, 24, 3, 2, 7, 1},
        {4, 48, 32, 3, 2, 7, 1}, {4, 24, 40, 1, 1, 6, 1}, {4, 16, 16, 3, 1, 8, 1}, {4, 32, 64, 3, 2, 8, 1},
        {4, 64, 64, 3, 1, 8, 1}, {4, 24, 16, 5, 1, 9, 1}, {4, 3, 16, 3, 1, 8, 1}, {4, 72, 24, 1, 1, 5, 1}};
    static final int[][] DEPTHWISE = {
        {4, 16, 16, 3, 1, 8, 16}, {4, 20, 20, 5, 2, 9, 20}, {4, 72, 72, 3, 1, 6, 72}, {4, 120, 120, 7, 2, 9, 120}};

    /** The verdict on {@code candidate}: each case of the battery, twice, against the matrix product. */
    static Verdict battery(NDManager any, Implementation candidate) {
        List<String> dense = failures(any, candidate, DENSE);
        List<String> depthwise = failures(any, candidate, DEPTHWISE);
        String reason = dense.isEmpty() && depthwise.isEmpty() ? "PyTorch's kernels passed the check on this machine"
                : "PyTorch's kernels disagreed with the matrix product on this machine in "
                        + String.join(", ", dense) + (dense.isEmpty() || depthwise.isEmpty() ? "" : ", ")
                        + String.join(", ", depthwise) + (System.getenv("DNNL_MAX_CPU_ISA") == null
                                ? "; DNNL_MAX_CPU_ISA=SSE41 in the environment may make them right, and faster than "
                                        + "the matrix product" : "");
        return new Verdict(dense.isEmpty(), depthwise.isEmpty(), reason);
    }

    private static List<String> failures(NDManager any, Implementation candidate, int[][] cases) {
        List<String> failed = new ArrayList<>();
        for (int[] c : cases) {
            Shape x = new Shape(c[0], c[1], c[5], c[5]);
            Shape w = new Shape(c[2], c[1] / c[6], c[3], c[3]);
            int p = c[3] / 2;
            for (int round = 0; round < 2; round++) {
                if (!agrees(any, candidate, x, w, new int[] {c[4], c[4]}, new int[] {p, p, p, p}, c[6])) {
                    failed.add(String.format(Locale.ROOT, "%d->%d k%d s%d%s", c[1], c[2], c[3], c[4],
                            c[6] > 1 ? " depthwise" : ""));
                    break;
                }
            }
        }
        return failed;
    }

    /**
     * Whether {@code candidate}'s forward pass, input gradient and weight gradient of a convolution agree with the
     * matrix product's, on random numbers drawn here (not from PyTorch's generator, which training owns).
     */
    static boolean agrees(NDManager any, Implementation candidate, Shape xs, Shape ws, int[] strides, int[] pads,
            int group) {
        SplittableRandom r = new SplittableRandom(xs.hashCode() * 31L + ws.hashCode());
        float[] xv = random(r, xs);
        float[] wv = random(r, ws);
        int[] dil = {1, 1};
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDManager m = any.newSubManager()) {
            float[][] expected = null;
            float[] upstream = null;
            for (Implementation impl : new Implementation[] {ConvAsMatMul::conv2d, candidate}) {
                NDArray x = m.create(xv, xs);
                NDArray w = m.create(wv, ws);
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                NDArray y = impl.conv(x, w, null, strides, pads, dil, group);
                if (upstream == null) {
                    upstream = random(r, y.getShape());
                }
                NDArray loss = y.mul(m.create(upstream, y.getShape())).sum();
                JniUtils.backward((PtNDArray) loss, (PtNDArray) m.ones(loss.getShape()), false, false);
                float[][] got = {y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray()};
                if (expected == null) {
                    expected = got;
                    continue;
                }
                for (int i = 0; i < got.length; i++) {
                    if (!close(expected[i], got[i])) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static NDArray pytorch(NDArray x, NDArray w, NDArray b, int[] strides, int[] pads, int[] dil, int group) {
        boolean even = pads[0] == pads[2] && pads[1] == pads[3];
        NDArray in = even ? x : x.pad(new Shape(pads[1], pads[3], pads[0], pads[2]), 0);
        Shape pad = even ? new Shape(pads[0], pads[1]) : new Shape(0, 0);
        return Conv2d.conv2d(in, w, b, new Shape(strides[0], strides[1]), pad, new Shape(dil[0], dil[1]), group)
                .singletonOrThrow();
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
