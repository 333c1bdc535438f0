package io.hwnas.core.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Output types of nodes, following the ONNX operator specifications (opset 17). Every error names the node, so that a
 * space author or an imported file points at the place that is wrong.
 */
public final class ShapeInference {

    private ShapeInference() {}

    /**
     * Infers the output type of {@code node}.
     *
     * @param inputs    types of the node's inputs, in order
     * @param constants constant data by value name (null when the value is not a constant); Reshape needs its shape
     * @throws IllegalArgumentException naming the node when the inputs do not fit the operator
     */
    public static TensorType infer(Node node, List<TensorType> inputs, Function<String, TensorData> constants) {
        try {
            return inferUnchecked(node, inputs, constants);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(node.describe() + ": " + e.getMessage(), e);
        } catch (ArithmeticException e) { // sizes from a file (an imported model) may not fit an int
            throw new IllegalArgumentException(node.describe() + ": a size does not fit in 32 bits", e);
        }
    }

    private static TensorType inferUnchecked(Node n, List<TensorType> in, Function<String, TensorData> constants) {
        TensorType x = in.get(0);
        Attributes a = n.attributes();
        return switch (n.op()) {
            case CONV -> conv(x, in.get(1), in.size() > 2 ? in.get(2) : null, a);
            case BATCH_NORMALIZATION -> batchNormalization(in);
            case RELU, HARD_SWISH, HARD_SIGMOID, SIGMOID, GELU -> {
                requireFloat(x, "X");
                yield x;
            }
            case CLIP -> clip(in);
            case ADD, MUL -> new TensorType(sameType(x, in.get(1)), broadcast(x.shape(), in.get(1).shape()));
            case AVERAGE_POOL, MAX_POOL -> pool(x, a);
            case GLOBAL_AVERAGE_POOL -> globalAveragePool(x);
            case FLATTEN -> flatten(x, a);
            case GEMM -> gemm(x, in.get(1), in.size() > 2 ? in.get(2) : null, a);
            case MAT_MUL -> matMul(x, in.get(1));
            case CONCAT -> concat(in, (int) a.getInt("axis", Long.MIN_VALUE));
            case RESHAPE -> reshape(x, in.get(1), constants.apply(n.inputs().get(1)));
            case TRANSPOSE -> transpose(x, a);
            case SOFTMAX -> {
                requireFloat(x, "X");
                x.shape().axis((int) a.getInt("axis", -1), "softmax");
                yield x;
            }
            case LAYER_NORMALIZATION -> layerNormalization(in, a);
            case GATHER -> gather(x, in.get(1), a);
            default -> throw new IllegalStateException("no shape rule for " + n.op());
        };
    }

    private static TensorType batchNormalization(List<TensorType> in) {
        TensorType x = in.get(0);
        requireFloat(x, "X");
        requireRank(x, 2, Integer.MAX_VALUE, "X");
        int c = x.shape().dim(1);
        for (int i = 1; i < 5; i++) {
            requireVector(in.get(i), c, List.of("", "scale", "B", "mean", "var").get(i));
        }
        return x;
    }

    private static TensorType clip(List<TensorType> in) {
        TensorType x = in.get(0);
        requireFloat(x, "X");
        for (int i = 1; i < in.size(); i++) {
            if (in.get(i).shape().rank() != 0) {
                throw new IllegalArgumentException((i == 1 ? "min" : "max") + " must be a scalar, but was "
                        + in.get(i).shape());
            }
        }
        return x;
    }

    private static TensorType globalAveragePool(TensorType x) {
        requireRank(x, 3, Integer.MAX_VALUE, "X");
        List<Integer> d = new ArrayList<>(x.shape().dims().subList(0, 2));
        for (int i = 2; i < x.shape().rank(); i++) {
            d.add(1);
        }
        return new TensorType(x.type(), new Shape(d));
    }

    private static TensorType flatten(TensorType x, Attributes a) {
        int axis = (int) a.getInt("axis", 1);
        int ax = axis < 0 ? axis + x.shape().rank() : axis;
        if (ax < 0 || ax > x.shape().rank()) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + x.shape().rank());
        }
        return new TensorType(x.type(), Shape.of(product(x.shape(), 0, ax), product(x.shape(), ax,
                x.shape().rank())));
    }

    private static TensorType transpose(TensorType x, Attributes a) {
        int r = x.shape().rank();
        int[] perm = a.ints("perm", reversed(r));
        if (perm.length != r || !isPermutation(perm)) {
            throw new IllegalArgumentException("perm " + java.util.Arrays.toString(perm)
                    + " is not a permutation of rank " + r);
        }
        List<Integer> d = new ArrayList<>();
        for (int p : perm) {
            d.add(x.shape().dim(p));
        }
        return new TensorType(x.type(), new Shape(d));
    }

    private static TensorType layerNormalization(List<TensorType> in, Attributes a) {
        TensorType x = in.get(0);
        requireFloat(x, "X");
        int ax = x.shape().axis((int) a.getInt("axis", -1), "normalisation");
        List<Integer> normShape = x.shape().dims().subList(ax, x.shape().rank());
        if (normShape.contains(Shape.BATCH)) {
            throw new IllegalArgumentException("cannot normalise over the batch dimension");
        }
        for (int i = 1; i < in.size(); i++) {
            if (!in.get(i).shape().dims().equals(normShape)) {
                throw new IllegalArgumentException((i == 1 ? "scale" : "B") + " shape " + in.get(i).shape()
                        + " must equal the normalised shape " + new Shape(normShape));
            }
        }
        return x;
    }

    private static TensorType gather(TensorType x, TensorType idx, Attributes a) {
        if (idx.type() != DataType.INT64) {
            throw new IllegalArgumentException("indices must be INT64, but were " + idx.type());
        }
        int ax = x.shape().axis((int) a.getInt("axis", 0), "gather");
        List<Integer> d = new ArrayList<>(x.shape().dims().subList(0, ax));
        d.addAll(idx.shape().dims());
        d.addAll(x.shape().dims().subList(ax + 1, x.shape().rank()));
        return new TensorType(x.type(), new Shape(d));
    }

    private static TensorType conv(TensorType x, TensorType w, TensorType b, Attributes a) {
        requireFloat(x, "X");
        int r = x.shape().rank();
        if (r < 3) {
            throw new IllegalArgumentException("X must have rank >= 3 (N, C, spatial...), but was " + x.shape());
        }
        int spatial = r - 2;
        if (w.shape().rank() != r) {
            throw new IllegalArgumentException("W must have rank " + r + ", but was " + w.shape());
        }
        int group = (int) a.getInt("group", 1);
        int cin = x.shape().dim(1);
        int cout = w.shape().dim(0);
        if (group < 1 || cin % group != 0 || cout % group != 0) {
            throw new IllegalArgumentException("group " + group + " must divide input channels " + cin
                    + " and output channels " + cout);
        }
        if (w.shape().dim(1) * group != cin) {
            throw new IllegalArgumentException("input channels " + cin + " do not match W " + w.shape()
                    + " with group " + group);
        }
        if (b != null) {
            requireVector(b, cout, "B");
        }
        int[] kernel = a.ints("kernel_shape", w.shape().concrete(1));
        if (a.has("kernel_shape")) {
            if (kernel.length != spatial) {
                throw new IllegalArgumentException("kernel_shape has " + kernel.length + " dims for " + spatial
                        + " spatial dims");
            }
            for (int i = 0; i < spatial; i++) {
                if (kernel[i] != w.shape().dim(2 + i)) {
                    throw new IllegalArgumentException("kernel_shape " + java.util.Arrays.toString(kernel)
                            + " does not match W " + w.shape());
                }
            }
        } else {
            kernel = java.util.Arrays.copyOfRange(kernel, 2, r);
        }
        List<Integer> out = new ArrayList<>(List.of(x.shape().dim(0), cout));
        out.addAll(spatialOut(x.shape(), kernel, a.ints("strides", ones(spatial)), a.ints("pads", new int[2 * spatial]),
                a.ints("dilations", ones(spatial)), false));
        return new TensorType(x.type(), new Shape(out));
    }

    private static TensorType pool(TensorType x, Attributes a) {
        requireFloat(x, "X");
        int spatial = x.shape().rank() - 2;
        if (spatial < 1) {
            throw new IllegalArgumentException("X must have rank >= 3, but was " + x.shape());
        }
        if (!a.has("kernel_shape")) {
            throw new IllegalArgumentException("kernel_shape is required");
        }
        int[] kernel = a.ints("kernel_shape");
        if (kernel.length != spatial) {
            throw new IllegalArgumentException("kernel_shape has " + kernel.length + " dims for " + spatial
                    + " spatial dims");
        }
        List<Integer> out = new ArrayList<>(x.shape().dims().subList(0, 2));
        out.addAll(spatialOut(x.shape(), kernel, a.ints("strides", ones(spatial)), a.ints("pads", new int[2 * spatial]),
                a.ints("dilations", ones(spatial)), a.getInt("ceil_mode", 0) != 0));
        return new TensorType(x.type(), new Shape(out));
    }

    private static List<Integer> spatialOut(Shape x, int[] kernel, int[] strides, int[] pads, int[] dilations,
            boolean ceil) {
        int spatial = x.rank() - 2;
        if (strides.length != spatial || pads.length != 2 * spatial || dilations.length != spatial) {
            throw new IllegalArgumentException("strides, pads and dilations must have " + spatial + ", " + 2 * spatial
                    + " and " + spatial + " values");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < spatial; i++) {
            int in = x.dim(2 + i);
            if (in == Shape.BATCH) {
                throw new IllegalArgumentException("spatial dimension " + i + " cannot be the batch dimension");
            }
            if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1 || pads[i] < 0 || pads[i + spatial] < 0) {
                throw new IllegalArgumentException("kernel, strides and dilations must be >= 1 and pads >= 0");
            }
            // exact: an imported file's attributes may be near 2^31 (an overflow is refused by infer, naming the node)
            int effective = Math.addExact(Math.multiplyExact(dilations[i], kernel[i] - 1), 1);
            int span = Math.subtractExact(Math.addExact(Math.addExact(in, pads[i]), pads[i + spatial]), effective);
            if (span < 0) {
                throw new IllegalArgumentException("kernel " + kernel[i] + " (dilation " + dilations[i]
                        + ") is larger than the padded input " + (in + pads[i] + pads[i + spatial]));
            }
            int o = (ceil ? Math.floorDiv(Math.addExact(span, strides[i] - 1), strides[i]) : span / strides[i]) + 1;
            if (ceil && Math.multiplyExact(o - 1, strides[i]) >= in + pads[i]) {
                // ONNX shape inference counts this window, ONNX Runtime's kernels (like PyTorch) drop it.
                throw new IllegalArgumentException("ceil_mode: the last window along spatial axis " + i
                        + " would start in the end padding (input " + in + ", pads " + pads[i] + "+"
                        + pads[i + spatial] + ", stride " + strides[i] + "), where ONNX shape inference (" + o
                        + " outputs) and ONNX Runtime (" + (o - 1) + ") disagree; use smaller pads or ceil_mode 0");
            }
            out.add(o);
        }
        return out;
    }

    private static TensorType gemm(TensorType a, TensorType b, TensorType c, Attributes at) {
        requireFloat(a, "A");
        requireFloat(b, "B");
        requireRank(a, 2, 2, "A");
        requireRank(b, 2, 2, "B");
        boolean ta = at.getInt("transA", 0) != 0;
        boolean tb = at.getInt("transB", 0) != 0;
        int m = ta ? a.shape().dim(1) : a.shape().dim(0);
        int k = ta ? a.shape().dim(0) : a.shape().dim(1);
        int kb = tb ? b.shape().dim(1) : b.shape().dim(0);
        int n = tb ? b.shape().dim(0) : b.shape().dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: A " + a.shape() + (ta ? "ᵀ" : "") + ", B "
                    + b.shape() + (tb ? "ᵀ" : ""));
        }
        Shape out = Shape.of(m, n);
        if (c != null) {
            Shape bc = broadcast(out, c.shape());
            if (!bc.equals(out)) {
                throw new IllegalArgumentException("C " + c.shape() + " does not broadcast to " + out);
            }
        }
        return new TensorType(a.type(), out);
    }

    private static TensorType matMul(TensorType a, TensorType b) {
        DataType t = sameType(a, b);
        Shape sa = a.shape();
        Shape sb = b.shape();
        if (sa.rank() < 1 || sb.rank() < 1) {
            throw new IllegalArgumentException("inputs must have rank >= 1");
        }
        boolean va = sa.rank() == 1;
        boolean vb = sb.rank() == 1;
        Shape pa = va ? Shape.of(1, sa.dim(0)) : sa;
        Shape pb = vb ? Shape.of(sb.dim(0), 1) : sb;
        int k = pa.dim(pa.rank() - 1);
        int kb = pb.dim(pb.rank() - 2);
        if (k != kb) {
            throw new IllegalArgumentException("inner dimensions differ: " + sa + " @ " + sb);
        }
        Shape batchA = new Shape(pa.dims().subList(0, pa.rank() - 2));
        Shape batchB = new Shape(pb.dims().subList(0, pb.rank() - 2));
        List<Integer> out = new ArrayList<>(broadcast(batchA, batchB).dims());
        if (!va) {
            out.add(pa.dim(pa.rank() - 2));
        }
        if (!vb) {
            out.add(pb.dim(pb.rank() - 1));
        }
        return new TensorType(t, new Shape(out));
    }

    private static TensorType concat(List<TensorType> in, int axisAttr) {
        if (axisAttr == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("axis is required");
        }
        TensorType first = in.get(0);
        int ax = first.shape().axis(axisAttr, "concat");
        int sum = 0;
        for (int i = 0; i < in.size(); i++) {
            TensorType t = in.get(i);
            sameType(first, t);
            if (t.shape().rank() != first.shape().rank()) {
                throw new IllegalArgumentException("input " + i + " has rank " + t.shape().rank() + ", input 0 has "
                        + first.shape().rank());
            }
            for (int d = 0; d < t.shape().rank(); d++) {
                if (d != ax && t.shape().dim(d) != first.shape().dim(d)) {
                    throw new IllegalArgumentException("input " + i + " shape " + t.shape() + " differs from input 0 "
                            + first.shape() + " outside axis " + ax);
                }
            }
            if (t.shape().dim(ax) == Shape.BATCH) {
                throw new IllegalArgumentException("cannot concatenate along the batch dimension");
            }
            sum += t.shape().dim(ax);
        }
        return new TensorType(first.type(), first.shape().with(ax, sum));
    }

    private static TensorType reshape(TensorType x, TensorType shapeType, TensorData target) {
        if (shapeType.type() != DataType.INT64 || shapeType.shape().rank() != 1) {
            throw new IllegalArgumentException("shape must be a 1-D INT64 tensor, but was " + shapeType);
        }
        if (target == null) {
            throw new IllegalArgumentException("shape must be a constant for shape inference");
        }
        long[] t = target.longs();
        List<Integer> in = x.shape().dims();
        boolean batchUsed = false;
        int inferred = -1;
        long known = 1;
        Integer[] out = new Integer[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] == 0) {
                if (i >= in.size()) {
                    throw new IllegalArgumentException("shape[" + i + "] = 0 copies a dimension the input lacks");
                }
                out[i] = in.get(i);
                if (out[i] == Shape.BATCH) {
                    batchUsed = true;
                } else {
                    known *= out[i];
                }
            } else if (t[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("at most one -1 in shape " + java.util.Arrays.toString(t));
                }
                inferred = i;
            } else if (t[i] > 0) {
                out[i] = Math.toIntExact(t[i]);
                known *= t[i];
            } else {
                throw new IllegalArgumentException("shape[" + i + "] = " + t[i] + " is invalid");
            }
        }
        if (inferred >= 0) {
            out[inferred] = inferredDim(x, t, known, batchUsed);
        } else {
            requireSameElements(x, t, known, batchUsed);
        }
        return new TensorType(x.type(), new Shape(List.of(out)));
    }

    /** The size of target shape {@code t}'s -1 entry, given the product {@code known} of its other entries. */
    private static int inferredDim(TensorType x, long[] t, long known, boolean batchUsed) {
        long elems = x.elements();
        if (known == 0 || elems % known != 0) {
            throw new IllegalArgumentException("cannot reshape " + x.shape() + " to " + java.util.Arrays.toString(t));
        }
        if (x.shape().dims().contains(Shape.BATCH) && !batchUsed) {
            // The batch is folded into the -1 dimension; only keep it symbolic if nothing else is folded in.
            if (elems != known) {
                throw new IllegalArgumentException("reshape " + x.shape() + " to " + java.util.Arrays.toString(t)
                        + " would mix the batch dimension with others; keep it with 0");
            }
            return Shape.BATCH;
        }
        return Math.toIntExact(elems / known);
    }

    /** A target shape without -1 must keep the batch dimension and every element. */
    private static void requireSameElements(TensorType x, long[] t, long known, boolean batchUsed) {
        long elems = x.elements();
        if (x.shape().dims().contains(Shape.BATCH) && !batchUsed) {
            throw new IllegalArgumentException("reshape of " + x.shape() + " must keep the batch dimension (0 or -1)");
        }
        if (known != elems) {
            throw new IllegalArgumentException("cannot reshape " + x.shape() + " (" + elems + " elements) to "
                    + java.util.Arrays.toString(t));
        }
    }

    /** Numpy-style broadcasting; the batch dimension only broadcasts against itself or 1. */
    static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        Integer[] out = new Integer[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " do not broadcast");
            }
        }
        return new Shape(List.of(out));
    }

    private static DataType sameType(TensorType a, TensorType b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException("input types differ: " + a.type() + " and " + b.type());
        }
        return a.type();
    }

    private static void requireFloat(TensorType t, String what) {
        if (t.type() != DataType.FLOAT) {
            throw new IllegalArgumentException(what + " must be FLOAT, but was " + t.type());
        }
    }

    private static void requireRank(TensorType t, int min, int max, String what) {
        int r = t.shape().rank();
        if (r < min || r > max) {
            throw new IllegalArgumentException(what + " has rank " + r + " " + t.shape() + "; expected "
                    + (min == max ? Integer.toString(min) : ">= " + min));
        }
    }

    private static void requireVector(TensorType t, int length, String what) {
        if (t.shape().rank() != 1 || t.shape().dim(0) != length) {
            throw new IllegalArgumentException(what + " must have shape [" + length + "], but was " + t.shape());
        }
    }

    private static int product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            if (s.dim(i) == Shape.BATCH) {
                if (to - from == 1) {
                    return Shape.BATCH;
                }
                // Flatten that folds the batch into other dims keeps it symbolic only when it stands alone.
                throw new IllegalArgumentException("flatten would mix the batch dimension with others");
            }
            p *= s.dim(i);
        }
        return Math.toIntExact(p);
    }

    private static int[] ones(int n) {
        int[] r = new int[n];
        java.util.Arrays.fill(r, 1);
        return r;
    }

    private static int[] reversed(int r) {
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = r - 1 - i;
        }
        return p;
    }

    private static boolean isPermutation(int[] perm) {
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) {
                return false;
            }
            seen[p] = true;
        }
        return true;
    }
}
