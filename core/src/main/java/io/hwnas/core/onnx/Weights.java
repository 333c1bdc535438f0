package io.hwnas.core.onnx;

import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Initializer;
import io.hwnas.core.graph.Node;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The values of a graph's parameters (its non-constant initializers), by initializer name. Constants are not here:
 * their data lives in the graph itself.
 *
 * <p>{@link #random} draws untrained weights that keep deep networks numerically sane, so that an exported model
 * measures like a trained one and comparisons between runtimes are meaningful. Each tensor's values come from a
 * generator seeded by the seed <em>and the tensor's name</em>, so that changing one part of a graph does not change
 * the values of the others. The distributions, by role:
 * <ul>
 *   <li>{@code WEIGHT}: He/Kaiming uniform, {@code U(-b, b)} with {@code b = sqrt(6 / fanIn)} (variance
 *       {@code 2 / fanIn}, which keeps the second moment through ReLU layers). {@code fanIn} is decided by how the
 *       weight is used: for Conv ({@code [out, in/group, k...]}) and Gemm with {@code transB = 1}
 *       ({@code [out, in]}) it is {@code elements / dim0}; for MatMul's right operand ({@code [..., in, out]}) it is
 *       {@code dim(rank - 2)}; for Gemm with {@code transB = 0} ({@code [in, out]}) it is {@code dim0}. A weight
 *       that is no node's B/W input falls back to {@code elements / dim0}.</li>
 *   <li>{@code BIAS}, {@code NORM_BIAS}, {@code NORM_MEAN}: {@code U(-0.1, 0.1)}.</li>
 *   <li>{@code NORM_SCALE}: {@code U(0.8, 1.2)}; {@code NORM_VAR}: {@code U(0.5, 1.5)}, always positive.</li>
 *   <li>{@code EMBEDDING}: {@code N(0, 0.02²)}, truncated at two standard deviations.</li>
 * </ul>
 * A parameter that already carries data in the graph keeps it.
 *
 * <pre>{@code
 * Weights w = Weights.random(graph, 42);
 * byte[] model = OnnxExporter.defaults().toBytes(graph, w);
 * }</pre>
 */
public final class Weights {

    private final Map<String, TensorData> values;

    private Weights(Map<String, TensorData> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Seeded random values for every parameter of {@code graph} (see the class comment for the distributions). */
    public static Weights random(Graph graph, long seed) {
        Objects.requireNonNull(graph, "graph");
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            m.put(i.name(), i.data() != null ? i.data() : draw(graph, i, seed));
        }
        return new Weights(m);
    }

    /**
     * Supplied (trained) values, checked against {@code graph}: every parameter must have a value of its type and
     * size, except those that carry data in the graph, which keep it when left out; names that are not parameters of
     * the graph are refused.
     *
     * @throws IllegalArgumentException naming the tensor that is missing, unknown or of the wrong type or size
     */
    public static Weights of(Graph graph, Map<String, TensorData> values) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(values, "values");
        for (String name : values.keySet()) {
            Initializer i = graph.initializers().get(name);
            if (i == null || !i.isParameter()) {
                throw new IllegalArgumentException("weight '" + name + "' is not a parameter of graph '"
                        + graph.name() + "'" + (i == null ? "" : " (it is a constant)") + "; parameters: "
                        + parameterNames(graph));
            }
        }
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            TensorData d = values.get(i.name());
            if (d == null && i.data() == null) {
                throw new IllegalArgumentException("weight '" + i.name() + "' " + i.type()
                        + " is missing for graph '" + graph.name() + "'");
            }
            m.put(i.name(), d != null ? d : i.data());
        }
        Weights w = new Weights(m);
        w.requireFor(graph);
        return w;
    }

    /**
     * Checks that these weights fit {@code graph}: the same parameter names, each of the declared type and size.
     *
     * @throws IllegalArgumentException naming the first tensor that does not fit
     */
    public void requireFor(Graph graph) {
        int parameters = 0;
        for (Initializer i : graph.initializers().values()) {
            if (!i.isParameter()) {
                continue;
            }
            parameters++;
            TensorData d = values.get(i.name());
            if (d == null) {
                throw new IllegalArgumentException("weight '" + i.name() + "' " + i.type()
                        + " is missing for graph '" + graph.name() + "'");
            }
            if (d.type() != i.type().type()) {
                throw new IllegalArgumentException("weight '" + i.name() + "' is " + d.type() + " but graph '"
                        + graph.name() + "' declares " + i.type());
            }
            if (d.size() != i.type().elements()) {
                throw new IllegalArgumentException("weight '" + i.name() + "' has " + d.size()
                        + " values, but graph '" + graph.name() + "' declares " + i.type() + " ("
                        + i.type().elements() + " elements)");
            }
        }
        if (parameters != values.size()) {
            for (String name : values.keySet()) {
                Initializer i = graph.initializers().get(name);
                if (i == null || !i.isParameter()) {
                    throw new IllegalArgumentException("weight '" + name + "' is not a parameter of graph '"
                            + graph.name() + "'");
                }
            }
        }
    }

    /**
     * The values of {@code graph}'s parameters taken from these: the weights of a part of the network these are for
     * (an early-exit network's path as far as one exit, whose nodes and names are the whole network's).
     *
     * @throws IllegalArgumentException naming a parameter of {@code graph} that these do not have
     */
    public Weights restrictTo(Graph graph) {
        Map<String, TensorData> m = new LinkedHashMap<>();
        for (Initializer i : graph.initializers().values()) {
            if (i.isParameter() && i.data() == null) {
                TensorData d = values.get(i.name());
                if (d == null) {
                    throw new IllegalArgumentException("weight '" + i.name() + "' of graph '" + graph.name()
                            + "' is not among these weights; is the graph part of the network they are for?");
                }
                m.put(i.name(), d);
            }
        }
        return of(graph, m);
    }

    /** The values of parameter {@code name}. */
    public TensorData get(String name) {
        TensorData d = values.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no weight '" + name + "'; known: " + new TreeSet<>(values.keySet()));
        }
        return d;
    }

    /** All values by parameter name, in the graph's initializer order. */
    public Map<String, TensorData> asMap() {
        return values;
    }

    /** Total number of values: equals {@link Graph#parameterCount()} of the graph these weights are for. */
    public long elementCount() {
        return values.values().stream().mapToLong(TensorData::size).sum();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && w.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Weights[" + values.size() + " tensors, " + elementCount() + " values]";
    }

    private static TreeSet<String> parameterNames(Graph graph) {
        TreeSet<String> names = new TreeSet<>();
        graph.initializers().values().stream().filter(Initializer::isParameter).forEach(i -> names.add(i.name()));
        return names;
    }

    // ---- drawing ----

    private static TensorData draw(Graph graph, Initializer i, long seed) {
        if (i.type().type() != DataType.FLOAT) {
            throw new IllegalArgumentException("parameter '" + i.name() + "' is " + i.type()
                    + "; random values can only be drawn for FLOAT parameters, supply its data");
        }
        SplittableRandom r = new SplittableRandom(mix(seed, i.name()));
        float[] v = new float[Math.toIntExact(i.type().elements())];
        switch (i.role()) {
            case WEIGHT -> {
                double bound = StrictMath.sqrt(6.0 / fanIn(graph, i));
                fill(v, r, -bound, bound);
            }
            case BIAS, NORM_BIAS, NORM_MEAN -> fill(v, r, -0.1, 0.1);
            case NORM_SCALE -> fill(v, r, 0.8, 1.2);
            case NORM_VAR -> fill(v, r, 0.5, 1.5);
            case EMBEDDING -> {
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) (0.02 * truncatedGaussian(r));
                }
            }
            default -> throw new IllegalStateException("no distribution for role " + i.role());
        }
        return TensorData.ofFloats(v);
    }

    private static void fill(float[] v, SplittableRandom r, double lo, double hi) {
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (lo + (hi - lo) * r.nextDouble());
        }
    }

    /**
     * A standard normal truncated at ±2, by Box–Muller on {@code nextDouble} with {@link StrictMath} (not
     * {@code nextGaussian}, whose algorithm the JDK does not pin down, nor {@code Math}, whose intrinsics may differ
     * in the last bit), so that values are the same on every JVM and CPU.
     */
    private static double truncatedGaussian(SplittableRandom r) {
        while (true) {
            double u1 = 1.0 - r.nextDouble(); // (0, 1]
            double u2 = r.nextDouble();
            double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
            if (Math.abs(z) <= 2.0) {
                return z;
            }
        }
    }

    /** Inputs that one weight element is multiplied with, for each output: decided by the consuming node. */
    static long fanIn(Graph graph, Initializer i) {
        Shape s = i.type().shape();
        long elements = i.type().elements();
        if (s.rank() == 0) {
            return 1;
        }
        long rowMajor = Math.max(1, elements / s.dim(0)); // [out, in, k...]
        for (Node n : graph.nodes()) {
            int pos = n.inputs().indexOf(i.name());
            if (pos < 0) {
                continue;
            }
            if (n.op() == Op.MAT_MUL && pos == 1) {
                return s.rank() >= 2 ? s.dim(s.rank() - 2) : s.dim(0);
            }
            if (n.op() == Op.GEMM && pos == 1) {
                return n.attributes().getInt("transB", 0) != 0 ? s.dim(1) : s.dim(0);
            }
            if (n.op() == Op.GEMM && pos == 0) {
                return n.attributes().getInt("transA", 0) != 0 ? s.dim(0) : s.dim(1);
            }
            if (n.op() == Op.MAT_MUL && pos == 0) {
                return s.dim(s.rank() - 1);
            }
            if (n.op() == Op.CONV) {
                return rowMajor;
            }
        }
        return rowMajor;
    }

    /** A 64-bit seed from the run's seed and a tensor name (FNV-1a over UTF-8, then SplitMix64's finaliser). */
    static long mix(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        long z = seed * 0x9e3779b97f4a7c15L + h;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
