package io.hwnas.core.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Row-major float tensors: a slice along one axis, the L1 norm of each slice, the indices of the largest scores. */
final class Slices {

    private Slices() {}

    /** The shape of parameter {@code name} of {@code g}, which must have it. */
    static List<Integer> dims(Graph g, String name) {
        Initializer i = g.initializers().get(name);
        if (i == null) {
            throw new IllegalStateException("the parent network has no " + name);
        }
        return i.type().shape().dims();
    }

    /** The entries of {@code data} (of shape {@code dims}) whose index along {@code axis} is in {@code keep}. */
    static float[] keep(float[] data, List<Integer> dims, int axis, int[] keep) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims.get(i);
        }
        int n = dims.get(axis);
        int inner = data.length / outer / n;
        float[] out = new float[outer * keep.length * inner];
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int k : keep) {
                if (k < 0 || k >= n) {
                    throw new IllegalArgumentException("index " + k + " outside axis " + axis + " of " + dims);
                }
                System.arraycopy(data, (o * n + k) * inner, out, at, inner);
                at += inner;
            }
        }
        return out;
    }

    /** The sum of absolute values of each slice of {@code data} along {@code axis}. */
    static double[] l1(float[] data, List<Integer> dims, int axis) {
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= dims.get(i);
        }
        int n = dims.get(axis);
        int inner = data.length / outer / n;
        double[] out = new double[n];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < n; k++) {
                for (int i = 0, at = (o * n + k) * inner; i < inner; i++) {
                    out[k] += Math.abs(data[at + i]);
                }
            }
        }
        return out;
    }

    /** The indices of the {@code n} largest scores, ascending; of equal scores the lower index. */
    static int[] largest(double[] score, int n) {
        if (n > score.length) {
            throw new IllegalArgumentException("cannot keep " + n + " of " + score.length);
        }
        int[] top = IntStream.range(0, score.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -score[i]).thenComparingInt(i -> i))
                .limit(n).mapToInt(Integer::intValue).toArray();
        Arrays.sort(top);
        return top;
    }

    /** {@code a[i] * b[i]}. */
    static double[] times(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** {@code 0, 1, ..., n - 1}. */
    static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }
}
