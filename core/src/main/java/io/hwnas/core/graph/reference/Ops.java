package io.hwnas.core.graph.reference;

import static io.hwnas.core.graph.reference.ReferenceInterpreter.product;

import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.reference.ReferenceInterpreter.Arr;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The operators, one method each, following the ONNX operator specifications (opset 17) including their attribute
 * defaults. Inputs are trusted to have passed the IR's shape inference; what that cannot check (runtime index values,
 * a Reshape target computed at run time) fails here with an {@link IllegalArgumentException}.
 */
final class Ops {

    private Ops() {}

    static Arr apply(Node n, List<Arr> in) {
        Attributes a = n.attributes();
        Arr x = in.get(0);
        return switch (n.op()) {
            case CONV -> conv(x, in.get(1), in.size() > 2 ? in.get(2) : null, a);
            case BATCH_NORMALIZATION -> batchNorm(x, in.get(1), in.get(2), in.get(3), in.get(4),
                    a.getFloat("epsilon", 1e-5f));
            case RELU -> map(x, v -> v > 0 ? v : (Double.isNaN(v) ? v : 0.0));
            case CLIP -> clip(x, in.size() > 1 ? in.get(1) : null, in.size() > 2 ? in.get(2) : null);
            case HARD_SWISH -> map(x, v -> v * clamp01(v / 6.0 + 0.5));
            case HARD_SIGMOID -> {
                double alpha = a.getFloat("alpha", 0.2f);
                double beta = a.getFloat("beta", 0.5f);
                yield map(x, v -> clamp01(alpha * v + beta));
            }
            case SIGMOID -> map(x, v -> 1.0 / (1.0 + Math.exp(-v)));
            case GELU -> gelu(x, (String) a.asMap().getOrDefault("approximate", "none"));
            case ADD -> broadcast(x, in.get(1), Double::sum, Long::sum);
            case MUL -> broadcast(x, in.get(1), (p, q) -> p * q, (p, q) -> p * q);
            case AVERAGE_POOL -> pool(x, a, false);
            case MAX_POOL -> pool(x, a, true);
            case GLOBAL_AVERAGE_POOL -> globalAveragePool(x);
            case FLATTEN -> flatten(x, (int) a.getInt("axis", 1));
            case GEMM -> gemm(x, in.get(1), in.size() > 2 ? in.get(2) : null, a);
            case MAT_MUL -> matMul(x, in.get(1));
            case CONCAT -> concat(in, (int) a.getInt("axis", 0));
            case RESHAPE -> reshape(x, in.get(1), a.getInt("allowzero", 0) != 0);
            case TRANSPOSE -> transpose(x, a.ints("perm", reversed(x.rank())));
            case SOFTMAX -> softmax(x, (int) a.getInt("axis", -1));
            case LAYER_NORMALIZATION -> layerNorm(x, in.get(1), in.size() > 2 ? in.get(2) : null,
                    (int) a.getInt("axis", -1), a.getFloat("epsilon", 1e-5f));
            case GATHER -> gather(x, in.get(1), (int) a.getInt("axis", 0));
        };
    }

    // ---- element-wise ----

    private static double clamp01(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

    private static Arr map(Arr x, DoubleUnaryOperator f) {
        double[] r = new double[x.d.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(x.d[i]);
        }
        return Arr.floats(x.shape, r);
    }

    private static Arr clip(Arr x, Arr min, Arr max) {
        double lo = min == null ? Double.NEGATIVE_INFINITY : min.d[0];
        double hi = max == null ? Double.POSITIVE_INFINITY : max.d[0];
        return map(x, v -> Math.min(hi, Math.max(lo, v))); // ONNX: min(max(x, lo), hi)
    }

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private static Arr gelu(Arr x, String approximate) {
        return switch (approximate) {
            // 0.5·x·(1 + erf(x/√2)) = 0.5·x·erfc(-x/√2): erfc keeps the small values for negative x exact.
            case "none" -> map(x, v -> 0.5 * v * Erf.erfc(-v * SQRT_HALF));
            case "tanh" -> map(x, v -> 0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
            default -> throw new IllegalArgumentException("approximate must be 'none' or 'tanh', but was '"
                    + approximate + "'");
        };
    }

    /** Numpy (multidirectional) broadcasting. */
    private static Arr broadcast(Arr a, Arr b, DoubleBinaryOperator f, LongBinaryOperator g) {
        int[] out = broadcastShape(a.shape, b.shape);
        int[] ia = offsets(out, broadcastStrides(a.shape, out));
        int[] ib = offsets(out, broadcastStrides(b.shape, out));
        if (a.isFloat()) {
            double[] r = new double[ia.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = f.applyAsDouble(a.d[ia[i]], b.d[ib[i]]);
            }
            return Arr.floats(out, r);
        }
        long[] r = new long[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = g.applyAsLong(a.l[ia[i]], b.l[ib[i]]);
        }
        return Arr.longs(out, r);
    }

    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of a row-major tensor of {@code shape} read as {@code out}: 0 along broadcast dimensions. */
    static int[] broadcastStrides(int[] shape, int[] out) {
        int[] s = new int[out.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int o = i + out.length - shape.length;
            s[o] = shape[i] == 1 ? 0 : stride;
            stride *= shape[i];
        }
        return s;
    }

    /** For each index of {@code shape} in row-major order, the flat offset {@code Σ index[k]·strides[k]}. */
    static int[] offsets(int[] shape, int[] strides) {
        int n = product(shape);
        int[] r = new int[n];
        int[] idx = new int[shape.length];
        int off = 0;
        for (int i = 0; i < n; i++) {
            r[i] = off;
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k]++;
                off += strides[k];
                if (idx[k] < shape[k]) {
                    break;
                }
                off -= strides[k] * shape[k];
                idx[k] = 0;
            }
        }
        return r;
    }

    // ---- convolution and pooling (1 or 2 spatial dimensions; 1-D runs as 2-D with height 1) ----

    /** Geometry of a 2-D sliding window, with 1-D lifted to height 1. */
    private record Window(int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int pb, int pr) {

        static Window of(int spatial, int[] kernel, int[] strides, int[] pads, int[] dilations) {
            if (spatial == 1) {
                return new Window(1, kernel[0], 1, strides[0], 1, dilations[0], 0, pads[0], 0, pads[1]);
            }
            if (spatial == 2) {
                return new Window(kernel[0], kernel[1], strides[0], strides[1], dilations[0], dilations[1], pads[0],
                        pads[1], pads[2], pads[3]);
            }
            throw new UnsupportedOperationException("the reference interpreter supports 1 or 2 spatial dimensions, not "
                    + spatial);
        }

        int outH(int h, boolean ceil) {
            return out(h, kh, sh, dh, pt, pb, ceil);
        }

        int outW(int w, boolean ceil) {
            return out(w, kw, sw, dw, pl, pr, ceil);
        }

        /** With {@code ceil_mode}, a last window that would start in the end padding is dropped, as in ORT. */
        private static int out(int in, int k, int s, int d, int padBegin, int padEnd, boolean ceil) {
            int span = in + padBegin + padEnd - (d * (k - 1) + 1);
            int o = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
            return ceil && (o - 1) * s >= in + padBegin ? o - 1 : o;
        }
    }

    private static int[] ones(int n) {
        int[] r = new int[n];
        Arrays.fill(r, 1);
        return r;
    }

    /** {@code [N, C, spatial...]} as {@code [N, C, H, W]}. */
    private static int[] as4d(int[] shape) {
        return shape.length == 4 ? shape : new int[] {shape[0], shape[1], 1, shape[2]};
    }

    private static int[] outShape(int[] inShape, int channels, int oh, int ow) {
        return inShape.length == 4 ? new int[] {inShape[0], channels, oh, ow}
                : new int[] {inShape[0], channels, ow};
    }

    private static Arr conv(Arr x, Arr w, Arr b, Attributes a) {
        int spatial = x.rank() - 2;
        int[] kernel = Arrays.copyOfRange(w.shape, 2, w.rank());
        Window win = Window.of(spatial, kernel, a.ints("strides", ones(spatial)),
                a.ints("pads", new int[2 * spatial]), a.ints("dilations", ones(spatial)));
        int group = (int) a.getInt("group", 1);
        int[] xs = as4d(x.shape);
        int n = xs[0];
        int c = xs[1];
        int h = xs[2];
        int wd = xs[3];
        int m = w.shape[0];
        int cg = w.shape[1];
        int mg = m / group;
        int oh = win.outH(h, false);
        int ow = win.outW(wd, false);
        double[] out = new double[n * m * oh * ow];
        for (int in = 0; in < n; in++) {
            for (int om = 0; om < m; om++) {
                int g = om / mg;
                int obase = (in * m + om) * oh * ow;
                if (b != null) {
                    Arrays.fill(out, obase, obase + oh * ow, b.d[om]);
                }
                for (int ic = 0; ic < cg; ic++) {
                    int xbase = (in * c + g * cg + ic) * h * wd;
                    for (int ki = 0; ki < win.kh(); ki++) {
                        for (int kj = 0; kj < win.kw(); kj++) {
                            double wv = w.d[((om * cg + ic) * win.kh() + ki) * win.kw() + kj];
                            int shift = kj * win.dw() - win.pl(); // iw = ow·sw + shift
                            int owLo = Math.max(0, Math.floorDiv(-shift + win.sw() - 1, win.sw()));
                            int owHi = Math.min(ow - 1, Math.floorDiv(wd - 1 - shift, win.sw()));
                            for (int y = 0; y < oh; y++) {
                                int ih = y * win.sh() - win.pt() + ki * win.dh();
                                if (ih < 0 || ih >= h) {
                                    continue;
                                }
                                int row = xbase + ih * wd + shift;
                                int orow = obase + y * ow;
                                for (int xo = owLo; xo <= owHi; xo++) {
                                    out[orow + xo] += wv * x.d[row + xo * win.sw()];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Arr.floats(outShape(x.shape, m, oh, ow), out);
    }

    /**
     * MaxPool ignores padding; AveragePool divides by the window's cells inside the input, or with
     * {@code count_include_pad} by the cells inside the padded input (ONNX Runtime's rule, which equals the kernel
     * size unless {@code ceil_mode} lets a window run past the padding).
     */
    private static Arr pool(Arr x, Attributes a, boolean max) {
        int spatial = x.rank() - 2;
        Window win = Window.of(spatial, a.ints("kernel_shape"), a.ints("strides", ones(spatial)),
                a.ints("pads", new int[2 * spatial]), a.ints("dilations", ones(spatial)));
        boolean ceil = a.getInt("ceil_mode", 0) != 0;
        boolean includePad = a.getInt("count_include_pad", 0) != 0;
        int[] xs = as4d(x.shape);
        int h = xs[2];
        int wd = xs[3];
        int oh = win.outH(h, ceil);
        int ow = win.outW(wd, ceil);
        int planes = xs[0] * xs[1];
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            int xbase = p * h * wd;
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    double r;
                    if (max) {
                        r = Double.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < win.kh(); ki++) {
                            int ih = y * win.sh() - win.pt() + ki * win.dh();
                            for (int kj = 0; ih >= 0 && ih < h && kj < win.kw(); kj++) {
                                int iw = xo * win.sw() - win.pl() + kj * win.dw();
                                if (iw >= 0 && iw < wd) {
                                    r = Math.max(r, x.d[xbase + ih * wd + iw]);
                                }
                            }
                        }
                    } else {
                        int hs = y * win.sh() - win.pt();
                        int ws = xo * win.sw() - win.pl();
                        int he = Math.min(hs + win.kh(), h + win.pb());
                        int we = Math.min(ws + win.kw(), wd + win.pr());
                        int padded = (he - hs) * (we - ws);
                        hs = Math.max(hs, 0);
                        ws = Math.max(ws, 0);
                        he = Math.min(he, h);
                        we = Math.min(we, wd);
                        double sum = 0;
                        for (int ih = hs; ih < he; ih++) {
                            for (int iw = ws; iw < we; iw++) {
                                sum += x.d[xbase + ih * wd + iw];
                            }
                        }
                        r = sum / (includePad ? padded : (he - hs) * (we - ws));
                    }
                    out[(p * oh + y) * ow + xo] = r;
                }
            }
        }
        return Arr.floats(outShape(x.shape, xs[1], oh, ow), out);
    }

    private static Arr globalAveragePool(Arr x) {
        int planes = x.shape[0] * x.shape[1];
        int area = product(x.shape, 2, x.rank());
        double[] out = new double[planes];
        for (int p = 0; p < planes; p++) {
            double s = 0;
            for (int i = 0; i < area; i++) {
                s += x.d[p * area + i];
            }
            out[p] = s / area;
        }
        int[] shape = x.shape.clone();
        Arrays.fill(shape, 2, shape.length, 1);
        return Arr.floats(shape, out);
    }

    private static Arr batchNorm(Arr x, Arr scale, Arr bias, Arr mean, Arr var, double epsilon) {
        int n = x.shape[0];
        int c = x.shape[1];
        int area = product(x.shape, 2, x.rank());
        double[] out = new double[x.d.length];
        for (int ch = 0; ch < c; ch++) {
            double k = scale.d[ch] / Math.sqrt(var.d[ch] + epsilon);
            for (int in = 0; in < n; in++) {
                int base = (in * c + ch) * area;
                for (int i = 0; i < area; i++) {
                    out[base + i] = (x.d[base + i] - mean.d[ch]) * k + bias.d[ch];
                }
            }
        }
        return Arr.floats(x.shape, out);
    }

    // ---- linear algebra ----

    private static Arr gemm(Arr a, Arr b, Arr c, Attributes at) {
        boolean ta = at.getInt("transA", 0) != 0;
        boolean tb = at.getInt("transB", 0) != 0;
        double alpha = at.getFloat("alpha", 1f);
        double beta = at.getFloat("beta", 1f);
        int m = ta ? a.shape[1] : a.shape[0];
        int k = ta ? a.shape[0] : a.shape[1];
        int n = tb ? b.shape[0] : b.shape[1];
        int[] outShape = {m, n};
        int[] ic = c == null ? null : offsets(outShape, broadcastStrides(c.shape, outShape));
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a.d[p * m + i] : a.d[i * k + p];
                    double bv = tb ? b.d[j * k + p] : b.d[p * n + j];
                    s += av * bv;
                }
                out[i * n + j] = alpha * s + (c == null ? 0.0 : beta * c.d[ic[i * n + j]]);
            }
        }
        return Arr.floats(outShape, out);
    }

    /** Numpy matmul: 1-D operands are promoted and the added axis removed; batch dimensions broadcast. */
    private static Arr matMul(Arr a, Arr b) {
        int[] as = a.rank() == 1 ? new int[] {1, a.shape[0]} : a.shape;
        int[] bs = b.rank() == 1 ? new int[] {b.shape[0], 1} : b.shape;
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcastShape(batchA, batchB);
        int[] oa = offsets(batch, broadcastStrides(batchA, batch));
        int[] ob = offsets(batch, broadcastStrides(batchB, batch));
        double[] out = new double[oa.length * m * n];
        double[] acc = new double[n];
        for (int t = 0; t < oa.length; t++) {
            int abase = oa[t] * m * k;
            int bbase = ob[t] * k * n;
            for (int i = 0; i < m; i++) {
                Arrays.fill(acc, 0.0);
                for (int p = 0; p < k; p++) {
                    double av = a.d[abase + i * k + p];
                    int brow = bbase + p * n;
                    for (int j = 0; j < n; j++) {
                        acc[j] += av * b.d[brow + j];
                    }
                }
                System.arraycopy(acc, 0, out, (t * m + i) * n, n);
            }
        }
        int[] shape = Arrays.copyOf(batch, batch.length + (a.rank() == 1 ? 0 : 1) + (b.rank() == 1 ? 0 : 1));
        int r = batch.length;
        if (a.rank() != 1) {
            shape[r++] = m;
        }
        if (b.rank() != 1) {
            shape[r] = n;
        }
        return Arr.floats(shape, out);
    }

    // ---- data movement ----

    private static Arr flatten(Arr x, int axis) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        return x.reshaped(new int[] {product(x.shape, 0, ax), product(x.shape, ax, x.rank())});
    }

    private static Arr concat(List<Arr> in, int axis) {
        Arr first = in.get(0);
        int ax = axis < 0 ? axis + first.rank() : axis;
        int outer = product(first.shape, 0, ax);
        int inner = product(first.shape, ax + 1, first.rank());
        int total = in.stream().mapToInt(t -> t.shape[ax]).sum();
        int[] shape = first.shape.clone();
        shape[ax] = total;
        boolean f = first.isFloat();
        double[] d = f ? new double[outer * total * inner] : null;
        long[] l = f ? null : new long[outer * total * inner];
        for (int o = 0; o < outer; o++) {
            int pos = o * total * inner;
            for (Arr t : in) {
                int chunk = t.shape[ax] * inner;
                if (f) {
                    System.arraycopy(t.d, o * chunk, d, pos, chunk);
                } else {
                    System.arraycopy(t.l, o * chunk, l, pos, chunk);
                }
                pos += chunk;
            }
        }
        return f ? Arr.floats(shape, d) : Arr.longs(shape, l);
    }

    /** ONNX Reshape: 0 copies the input's dimension (unless {@code allowzero}), one -1 is inferred. */
    private static Arr reshape(Arr x, Arr target, boolean allowZero) {
        long[] t = target.l;
        int[] shape = new int[t.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0 && !allowZero) {
                if (i >= x.rank()) {
                    throw new IllegalArgumentException("shape[" + i + "] = 0 copies a dimension the input lacks");
                }
                shape[i] = x.shape[i];
            } else if (t[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("more than one -1 in shape " + Arrays.toString(t));
                }
                inferred = i;
                continue;
            } else if (t[i] > 0) {
                shape[i] = Math.toIntExact(t[i]);
            } else {
                throw new IllegalArgumentException("shape[" + i + "] = " + t[i] + " is not supported");
            }
            known *= shape[i];
        }
        if (inferred >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape) + " to "
                        + Arrays.toString(t));
            }
            shape[inferred] = Math.toIntExact(x.size() / known);
        } else if (known != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape) + " to "
                    + Arrays.toString(t));
        }
        return x.reshaped(shape);
    }

    private static int[] reversed(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = rank - 1 - i;
        }
        return p;
    }

    private static Arr transpose(Arr x, int[] perm) {
        int r = x.rank();
        int[] inStrides = new int[r];
        for (int i = r - 1, s = 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= x.shape[i];
        }
        int[] shape = new int[r];
        int[] strides = new int[r];
        for (int k = 0; k < r; k++) {
            shape[k] = x.shape[perm[k]];
            strides[k] = inStrides[perm[k]];
        }
        int[] src = offsets(shape, strides);
        if (x.isFloat()) {
            double[] d = new double[src.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = x.d[src[i]];
            }
            return Arr.floats(shape, d);
        }
        long[] l = new long[src.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = x.l[src[i]];
        }
        return Arr.longs(shape, l);
    }

    private static Arr gather(Arr data, Arr indices, int axis) {
        int ax = axis < 0 ? axis + data.rank() : axis;
        int outer = product(data.shape, 0, ax);
        int len = data.shape[ax];
        int inner = product(data.shape, ax + 1, data.rank());
        int count = indices.l.length;
        int[] shape = new int[data.rank() - 1 + indices.rank()];
        System.arraycopy(data.shape, 0, shape, 0, ax);
        System.arraycopy(indices.shape, 0, shape, ax, indices.rank());
        System.arraycopy(data.shape, ax + 1, shape, ax + indices.rank(), data.rank() - ax - 1);
        boolean f = data.isFloat();
        double[] d = f ? new double[outer * count * inner] : null;
        long[] l = f ? null : new long[outer * count * inner];
        for (int j = 0; j < count; j++) {
            long idx = indices.l[j];
            if (idx < -len || idx >= len) {
                throw new IllegalArgumentException("index " + idx + " out of range [" + -len + ", " + (len - 1)
                        + "] along axis " + ax);
            }
            int from = (int) (idx < 0 ? idx + len : idx);
            for (int o = 0; o < outer; o++) {
                int src = (o * len + from) * inner;
                int dst = (o * count + j) * inner;
                if (f) {
                    System.arraycopy(data.d, src, d, dst, inner);
                } else {
                    System.arraycopy(data.l, src, l, dst, inner);
                }
            }
        }
        return f ? Arr.floats(shape, d) : Arr.longs(shape, l);
    }

    // ---- normalisation ----

    private static Arr softmax(Arr x, int axis) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int outer = product(x.shape, 0, ax);
        int len = x.shape[ax];
        int inner = product(x.shape, ax + 1, x.rank());
        double[] out = new double[x.d.length];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, x.d[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    double e = Math.exp(x.d[base + k * inner] - max);
                    out[base + k * inner] = e;
                    sum += e;
                }
                for (int k = 0; k < len; k++) {
                    out[base + k * inner] /= sum;
                }
            }
        }
        return Arr.floats(x.shape, out);
    }

    /** Normalises over the dimensions from {@code axis} on; scale and bias broadcast to those dimensions. */
    private static Arr layerNorm(Arr x, Arr scale, Arr bias, int axis, double epsilon) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int outer = product(x.shape, 0, ax);
        int[] normShape = Arrays.copyOfRange(x.shape, ax, x.rank());
        int inner = product(normShape);
        int[] is = offsets(normShape, broadcastStrides(scale.shape, normShape));
        int[] ib = bias == null ? null : offsets(normShape, broadcastStrides(bias.shape, normShape));
        double[] out = new double[x.d.length];
        for (int o = 0; o < outer; o++) {
            int base = o * inner;
            double mean = 0;
            for (int i = 0; i < inner; i++) {
                mean += x.d[base + i];
            }
            mean /= inner;
            double var = 0;
            for (int i = 0; i < inner; i++) {
                double dev = x.d[base + i] - mean;
                var += dev * dev;
            }
            var /= inner;
            double inv = 1.0 / Math.sqrt(var + epsilon);
            for (int i = 0; i < inner; i++) {
                out[base + i] = (x.d[base + i] - mean) * inv * scale.d[is[i]] + (ib == null ? 0.0 : bias.d[ib[i]]);
            }
        }
        return Arr.floats(x.shape, out);
    }
}
