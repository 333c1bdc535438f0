package io.hwnas.training.djl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.onnx.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every convolution the IR can ask for, forward and backward (the input's and the weights' gradients), against a
 * double-precision reference written out loop by loop: channel counts on and off the SIMD blocks of oneDNN's kernels
 * (8 and 16), kernels 1 to 7, strides 1 and 2, dilation, bias, grouped and depthwise. These are the shapes on which
 * PyTorch's own convolution returned wrong numbers on an AVX-512 CPU (see {@link ConvAsMatMul}); errors there were
 * 0.1-0.4 of the output's scale, so a tolerance of 1e-4 of the scale cannot mistake them for rounding.
 */
class ConvolutionParityTest {

    static final double TOLERANCE = 1e-4;

    record Case(int batch, int in, int out, int kernel, int stride, int dilation, int groups, int size, boolean bias) {
        @Override
        public String toString() {
            return "n" + batch + " c" + in + "->" + out + " k" + kernel + " s" + stride + " d" + dilation + " g" + groups
                    + " " + size + "x" + size + (bias ? " bias" : "");
        }
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (int in : new int[] {3, 12, 16, 20, 24, 40, 48}) {
            for (int out : new int[] {8, 20, 24, 32}) {
                c.add(new Case(4, in, out, 3, 1, 1, 1, 8, false));
                c.add(new Case(4, in, out, 3, 2, 1, 1, 7, true));
            }
            c.add(new Case(2, in, 24, 1, 1, 1, 1, 6, false));
            c.add(new Case(2, in, 40, 1, 2, 1, 1, 6, true));
            c.add(new Case(2, in, 16, 5, 1, 1, 1, 9, false));
            c.add(new Case(2, in, 16, 7, 2, 1, 1, 13, false));
        }
        c.add(new Case(2, 24, 24, 3, 1, 2, 1, 9, false));
        c.add(new Case(2, 24, 48, 3, 1, 1, 4, 6, true));
        for (int ch : new int[] {16, 20, 72, 120}) {
            for (int k : new int[] {3, 5, 7}) {
                c.add(new Case(3, ch, ch, k, 1, 1, ch, 8, false));
                c.add(new Case(3, ch, ch, k, 2, 1, ch, 9, true));
            }
        }
        return c;
    }

    @TestFactory
    Stream<DynamicTest> convolutionsMatchADoubleReferenceForwardAndBackward() {
        DjlEngine engine = Djl.engine();
        return cases().stream().map(c -> dynamicTest(c.toString(), () -> check(engine, c)));
    }

    /**
     * The check itself: a kernel that is wrong by a little (the weights scaled by 1.01) fails the battery, and the
     * matrix product passes it, so a check that always failed (and so always paid for the matrix product) or never
     * did would not pass either.
     */
    @Test
    void theBatteryCatchesAWrongKernelAndPassesARightOne() {
        DjlEngine engine = Djl.engine();
        try (NDManager m = engine.engine().newBaseManager()) {
            Convolutions.Implementation wrong = (x, w, b, s, p, d, g) -> ConvAsMatMul.conv2d(x, w.mul(1.01f), b, s, p,
                    d, g);
            Convolutions.Verdict bad = Convolutions.battery(m, wrong);
            assertFalse(bad.pytorchDense() || bad.pytorchDepthwise(), bad.describe());
            assertTrue(bad.reason().contains("16->8 k3 s1") && bad.reason().contains("16->16 k3 s1 depthwise"),
                    bad.reason());
            Convolutions.Verdict good = Convolutions.battery(m, ConvAsMatMul::conv2d);
            assertTrue(good.pytorchDense() && good.pytorchDepthwise(), good.describe());
            // What this machine's run will use, for the test log.
            System.out.println("convolutions on this machine: " + Convolutions.verdict(m).describe());
        }
    }

    private static void check(DjlEngine engine, Case c) {
        GraphBuilder b = new GraphBuilder("conv");
        var x = b.input("x", TensorType.floats(io.hwnas.core.graph.Shape.BATCH, c.in(), c.size(), c.size()));
        b.output(b.conv(x, ConvSpec.of(c.out(), c.kernel()).stride(c.stride()).dilation(c.dilation())
                .groups(c.groups()).bias(c.bias())), "y");
        Graph g = b.build();
        Weights w = Weights.random(g, 5);
        String wName = g.initializers().keySet().stream().filter(n -> n.endsWith("conv_w")).findFirst().orElseThrow();
        String bName = g.initializers().keySet().stream().filter(n -> n.endsWith("conv_b")).findFirst().orElse(null);
        SplittableRandom r = new SplittableRandom(c.hashCode());
        float[] input = random(r, c.batch() * c.in() * c.size() * c.size());
        float[] weights = w.get(wName).floats();
        float[] bias = bName == null ? null : w.get(bName).floats();
        Reference ref = new Reference(c, input, weights, bias);
        float[] upstream = random(r, ref.y.length);
        ref.backward(upstream);
        try (NDManager m = engine.engine().newBaseManager(); GraphModule net = new GraphModule(g, w, m);
                Backward backward = new Backward()) {
            NDArray xa = m.create(input, new Shape(c.batch(), c.in(), c.size(), c.size()));
            xa.setRequiresGradient(true);
            NDArray y = net.forward(Map.of("x", xa), true).get("y");
            backward.backward(y.mul(m.create(upstream, y.getShape())).sum());
            assertNear(ref.y, y.toFloatArray(), c + " forward");
            assertNear(ref.dx, xa.getGradient().toFloatArray(), c + " input gradient");
            assertNear(ref.dw, net.array(wName).getGradient().toFloatArray(), c + " weight gradient");
            if (bName != null) {
                assertNear(ref.db, net.array(bName).getGradient().toFloatArray(), c + " bias gradient");
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return f;
    }

    private static void assertNear(double[] expected, float[] actual, String what) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected "
                + expected.length);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= TOLERANCE * scale, what + " differs by " + diff / scale + " of its scale " + scale);
    }

    /** ONNX's Conv (pads "same" for odd kernels, as {@link ConvSpec} writes them) and its gradients, in doubles. */
    private static final class Reference {
        final Case c;
        final float[] x;
        final float[] w;
        final int pad;
        final int outSize;
        final double[] y;
        final double[] dx;
        final double[] dw;
        final double[] db;

        Reference(Case c, float[] x, float[] w, float[] b) {
            this.c = c;
            this.x = x;
            this.w = w;
            this.pad = ConvSpec.of(c.out(), c.kernel()).dilation(c.dilation()).pad();
            this.outSize = (c.size() + 2 * pad - c.dilation() * (c.kernel() - 1) - 1) / c.stride() + 1;
            this.y = new double[c.batch() * c.out() * outSize * outSize];
            this.dx = new double[x.length];
            this.dw = new double[w.length];
            this.db = new double[c.out()];
            visit((yi, xi, wi) -> y[yi] += (double) x[xi] * w[wi]);
            if (b != null) {
                for (int i = 0; i < y.length; i++) {
                    y[i] += b[i / (outSize * outSize) % c.out()];
                }
            }
        }

        void backward(float[] up) {
            visit((yi, xi, wi) -> {
                dx[xi] += (double) up[yi] * w[wi];
                dw[wi] += (double) up[yi] * x[xi];
            });
            for (int i = 0; i < up.length; i++) {
                db[i / (outSize * outSize) % c.out()] += up[i];
            }
        }

        interface Term {
            void add(int yi, int xi, int wi);
        }

        private void visit(Term t) {
            int inG = c.in() / c.groups();
            int outG = c.out() / c.groups();
            int k = c.kernel();
            int s = c.size();
            for (int n = 0; n < c.batch(); n++) {
                for (int o = 0; o < c.out(); o++) {
                    for (int i = 0; i < outSize; i++) {
                        for (int j = 0; j < outSize; j++) {
                            int yi = ((n * c.out() + o) * outSize + i) * outSize + j;
                            for (int ci = 0; ci < inG; ci++) {
                                int ch = o / outG * inG + ci;
                                for (int u = 0; u < k; u++) {
                                    int row = i * c.stride() + u * c.dilation() - pad;
                                    for (int v = 0; v < k; v++) {
                                        int col = j * c.stride() + v * c.dilation() - pad;
                                        if (row >= 0 && col >= 0 && row < s && col < s) {
                                            t.add(yi, ((n * c.in() + ch) * s + row) * s + col,
                                                    ((o * inG + ci) * k + u) * k + v);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
