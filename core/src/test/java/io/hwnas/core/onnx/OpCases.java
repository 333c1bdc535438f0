package io.hwnas.core.onnx;

import io.hwnas.core.graph.Attributes;
import io.hwnas.core.graph.ConvSpec;
import io.hwnas.core.graph.DataType;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Initializer.Role;
import io.hwnas.core.graph.Op;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.TensorType;
import io.hwnas.core.graph.Value;
import io.hwnas.core.graph.reference.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Small graphs that exercise every {@link Op} with non-trivial attributes, plus a deep residual network: the cases
 * that exported models are checked on (in ONNX Runtime, against the reference interpreter, and by the ONNX checker).
 * Float inputs are drawn from {@code U(-2, 2)}; INT64 inputs (indices) from the valid range including negatives.
 */
public final class OpCases {

    /**
     * A named graph whose nodes include {@code op}; INT64 inputs (indices) are drawn from
     * {@code [-indexRange, indexRange)}.
     */
    public record Case(String name, Op op, Graph graph, int indexRange) {

        /** Random inputs at {@code batch}, from a generator seeded by {@code seed} and this case's name. */
        public Map<String, Tensor> inputs(int batch, long seed) {
            return randomInputs(graph, batch, indexRange, new SplittableRandom(seed ^ name.hashCode()));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private OpCases() {}

    public static Map<String, Tensor> randomInputs(Graph graph, int batch, int indexRange, SplittableRandom r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Graph.Port p : graph.inputs()) {
            int[] dims = p.type().shape().concrete(batch);
            Shape s = Shape.of(dims);
            int n = Math.toIntExact(s.elements());
            if (p.type().type() == DataType.FLOAT) {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) (r.nextDouble() * 4 - 2);
                }
                m.put(p.name(), Tensor.ofFloats(s, f));
            } else {
                if (indexRange < 1) {
                    throw new IllegalArgumentException("INT64 input '" + p.name() + "' needs an index range");
                }
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = r.nextInt(2 * indexRange) - indexRange;
                }
                m.put(p.name(), Tensor.ofLongs(s, l));
            }
        }
        return m;
    }

    public static Map<String, TensorData> data(Map<String, Tensor> tensors) {
        Map<String, TensorData> m = new LinkedHashMap<>();
        tensors.forEach((k, v) -> m.put(k, v.data()));
        return m;
    }

    private static void one(List<Case> cases, String name, Op op, Consumer<GraphBuilder> body) {
        one(cases, name, op, 0, body);
    }

    private static void one(List<Case> cases, String name, Op op, int indexRange, Consumer<GraphBuilder> body) {
        GraphBuilder b = new GraphBuilder(name.replaceAll("[^A-Za-z0-9_]+", "_"));
        body.accept(b);
        cases.add(new Case(name, op, b.build(), indexRange));
    }

    private static Value in(GraphBuilder b, int... dims) {
        return b.input("x", TensorType.floats(dims));
    }

    private static Attributes.Builder attrs() {
        return Attributes.builder();
    }

    private static final int N = Shape.BATCH;

    /** All single-operator cases; every {@link Op} appears in at least one. */
    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        one(c, "conv group2 stride2 dilation2 asymmetric pads bias", Op.CONV, b -> {
            Value x = in(b, N, 4, 11, 9);
            Value w = b.parameter("w", TensorType.floats(6, 2, 3, 3), Role.WEIGHT);
            Value bias = b.parameter("b", TensorType.floats(6), Role.BIAS);
            b.output(b.node(Op.CONV, List.of(x, w, bias), attrs().setInts("kernel_shape", 3, 3)
                    .setInts("strides", 2, 2).setInts("pads", 1, 0, 2, 1).setInts("dilations", 2, 2)
                    .set("group", 2L).build()));
        });
        one(c, "conv depthwise 3x3 stride 1", Op.CONV, b ->
                b.output(b.conv(in(b, N, 8, 7, 7), ConvSpec.of(8, 3).groups(8))));
        one(c, "conv 5x5 stride 2 same padding with bias", Op.CONV, b ->
                b.output(b.conv(in(b, N, 3, 12, 12), ConvSpec.of(5, 5).stride(2).bias(true))));
        one(c, "conv 1-D without kernel_shape", Op.CONV, b -> {
            Value x = in(b, N, 3, 10);
            Value w = b.parameter("w", TensorType.floats(4, 3, 3), Role.WEIGHT);
            b.output(b.node(Op.CONV, List.of(x, w), attrs().setInts("strides", 2).setInts("pads", 1, 2).build()));
        });
        one(c, "batchnorm epsilon 1e-3", Op.BATCH_NORMALIZATION, b -> {
            Value x = in(b, N, 5, 4, 3);
            List<Value> ins = new ArrayList<>(List.of(x));
            for (Role r : List.of(Role.NORM_SCALE, Role.NORM_BIAS, Role.NORM_MEAN, Role.NORM_VAR)) {
                ins.add(b.parameter("bn", TensorType.floats(5), r));
            }
            b.output(b.node(Op.BATCH_NORMALIZATION, ins, attrs().set("epsilon", 1e-3f).set("momentum", 0.9f)
                    .build()));
        });
        one(c, "batchnorm after conv", Op.BATCH_NORMALIZATION, b ->
                b.output(b.relu(b.batchNorm(b.conv(in(b, N, 3, 6, 6), ConvSpec.of(4, 3))))));
        one(c, "relu", Op.RELU, b -> b.output(b.relu(in(b, N, 3, 4, 5))));
        one(c, "clip -0.5..1.5", Op.CLIP, b -> b.output(b.clip(in(b, N, 2, 3, 4), -0.5f, 1.5f)));
        one(c, "clip min only", Op.CLIP, b -> {
            Value x = in(b, N, 7);
            b.output(b.node(Op.CLIP, List.of(x, b.constant("lo", TensorData.ofFloats(0.25f))), Attributes.NONE));
        });
        one(c, "relu6 as clip", Op.CLIP, b -> b.output(b.relu6(b.mul(in(b, N, 3, 2, 2),
                b.constant("four", TensorData.ofFloats(4f))))));
        one(c, "hardswish", Op.HARD_SWISH, b -> b.output(b.hardSwish(b.mul(in(b, N, 3, 4),
                b.constant("three", TensorData.ofFloats(2.5f))))));
        one(c, "hardsigmoid alpha 1/6 beta 0.5", Op.HARD_SIGMOID, b ->
                b.output(b.hardSigmoid(b.mul(in(b, N, 3, 4), b.constant("s", TensorData.ofFloats(3f))),
                        1f / 6, 0.5f)));
        one(c, "hardsigmoid default attributes", Op.HARD_SIGMOID, b ->
                b.output(b.node(Op.HARD_SIGMOID, in(b, N, 12))));
        one(c, "sigmoid", Op.SIGMOID, b -> b.output(b.sigmoid(in(b, N, 3, 5))));
        one(c, "gelu exact", Op.GELU, b -> b.output(b.gelu(b.mul(in(b, N, 4, 6),
                b.constant("spread", TensorData.ofFloats(2f))))));
        one(c, "gelu tanh approximation", Op.GELU, b -> b.output(b.node(Op.GELU, List.of(in(b, N, 10)),
                attrs().set("approximate", "tanh").build())));
        one(c, "add broadcast middle axis", Op.ADD, b -> b.output(b.add(in(b, N, 3, 4, 5),
                b.parameter("p", TensorType.floats(3, 1, 5), Role.BIAS))));
        one(c, "add two inputs broadcast", Op.ADD, b -> b.output(b.add(in(b, N, 3, 4),
                b.input("y", TensorType.floats(N, 1, 4)))));
        one(c, "mul broadcast last axis", Op.MUL, b -> b.output(b.mul(in(b, N, 2, 3, 4),
                b.parameter("s", TensorType.floats(4), Role.NORM_SCALE))));
        one(c, "mul same shape", Op.MUL, b -> {
            Value x = in(b, N, 6);
            b.output(b.mul(x, b.sigmoid(x)));
        });
        one(c, "averagepool 3x3 s2 pad1 count_include_pad 0", Op.AVERAGE_POOL, b ->
                b.output(b.averagePool(in(b, N, 3, 9, 8), 3, 2, 1, false)));
        one(c, "averagepool 3x3 s1 pad1 count_include_pad 1", Op.AVERAGE_POOL, b ->
                b.output(b.averagePool(in(b, N, 3, 6, 6), 3, 1, 1, true)));
        one(c, "averagepool asymmetric pads", Op.AVERAGE_POOL, b ->
                b.output(b.node(Op.AVERAGE_POOL, List.of(in(b, N, 2, 7, 7)), attrs()
                        .setInts("kernel_shape", 2, 3).setInts("strides", 2, 1).setInts("pads", 0, 1, 1, 0).build())));
        one(c, "averagepool ceil_mode count_include_pad 1 past the padding", Op.AVERAGE_POOL, b ->
                b.output(b.node(Op.AVERAGE_POOL, List.of(in(b, N, 2, 6, 6)), attrs().setInts("kernel_shape", 3, 3)
                        .setInts("strides", 2, 2).setInts("pads", 1, 1, 1, 1).set("ceil_mode", 1L)
                        .set("count_include_pad", 1L).build())));
        one(c, "maxpool 3x3 s2 pad1", Op.MAX_POOL, b -> b.output(b.maxPool(in(b, N, 3, 9, 9), 3, 2, 1)));
        one(c, "maxpool dilation 2", Op.MAX_POOL, b -> b.output(b.node(Op.MAX_POOL, List.of(in(b, N, 2, 9, 9)),
                attrs().setInts("kernel_shape", 2, 2).setInts("dilations", 2, 2).setInts("pads", 1, 0, 0, 1)
                        .build())));
        one(c, "maxpool ceil_mode", Op.MAX_POOL, b -> b.output(b.node(Op.MAX_POOL, List.of(in(b, N, 2, 8, 8)),
                attrs().setInts("kernel_shape", 3, 3).setInts("strides", 2, 2).set("ceil_mode", 1L).build())));
        one(c, "globalaveragepool", Op.GLOBAL_AVERAGE_POOL, b -> b.output(b.globalAveragePool(in(b, N, 5, 4, 3))));
        one(c, "flatten axis 1", Op.FLATTEN, b -> b.output(b.flatten(in(b, N, 3, 2, 2))));
        one(c, "gemm transA transB alpha beta", Op.GEMM, b -> {
            Value a = in(b, 5, N);
            Value w = b.parameter("w", TensorType.floats(3, 5), Role.WEIGHT);
            Value bias = b.parameter("c", TensorType.floats(3), Role.BIAS);
            b.output(b.node(Op.GEMM, List.of(a, w, bias), attrs().set("transA", 1L).set("transB", 1L)
                    .set("alpha", 0.5f).set("beta", 2f).build()));
        });
        one(c, "gemm [in,out] weight, C row", Op.GEMM, b -> {
            Value a = in(b, N, 6);
            Value w = b.parameter("w", TensorType.floats(6, 4), Role.WEIGHT);
            Value bias = b.parameter("c", TensorType.floats(1, 4), Role.BIAS);
            b.output(b.node(Op.GEMM, List.of(a, w, bias), attrs().set("alpha", 1.5f).set("beta", 0.25f).build()));
        });
        one(c, "gemm fully connected", Op.GEMM, b -> b.output(b.gemm(in(b, N, 7), 3, true)));
        one(c, "matmul batched broadcast", Op.MAT_MUL, b -> b.output(b.matMul(in(b, N, 1, 3, 4),
                b.parameter("w", TensorType.floats(2, 4, 5), Role.WEIGHT))));
        one(c, "matmul two inputs", Op.MAT_MUL, b -> b.output(b.matMul(in(b, N, 3, 4),
                b.input("y", TensorType.floats(N, 4, 2)))));
        one(c, "matmul vector", Op.MAT_MUL, b -> b.output(b.matMul(in(b, N, 4),
                b.parameter("v", TensorType.floats(4), Role.WEIGHT))));
        one(c, "linear over last axis", Op.MAT_MUL, b -> b.output(b.linear(in(b, N, 3, 6), 4, true)));
        one(c, "concat axis 1", Op.CONCAT, b -> {
            Value x = in(b, N, 2, 3, 3);
            b.output(b.concat(1, List.of(x, b.relu(x), b.sigmoid(x))));
        });
        one(c, "concat axis -1", Op.CONCAT, b -> {
            Value x = in(b, N, 2, 3);
            b.output(b.concat(-1, List.of(x, b.input("y", TensorType.floats(N, 2, 5)))));
        });
        one(c, "reshape 0 -1", Op.RESHAPE, b -> b.output(b.reshape(in(b, N, 4, 6), 0, -1)));
        one(c, "reshape 0 2 -1 3", Op.RESHAPE, b -> b.output(b.reshape(in(b, N, 4, 6), 0, 2, -1, 3)));
        one(c, "reshape -1 holds the batch", Op.RESHAPE, b -> b.output(b.reshape(in(b, N, 6), -1, 2, 3)));
        one(c, "transpose NCHW to NHWC", Op.TRANSPOSE, b -> b.output(b.transpose(in(b, N, 2, 3, 4), 0, 2, 3, 1)));
        one(c, "transpose default perm", Op.TRANSPOSE, b -> b.output(b.node(Op.TRANSPOSE, in(b, N, 3, 2))));
        one(c, "softmax axis 1", Op.SOFTMAX, b -> b.output(b.softmax(b.mul(in(b, N, 4, 3),
                b.constant("t", TensorData.ofFloats(3f))), 1)));
        one(c, "softmax axis -1", Op.SOFTMAX, b -> b.output(b.softmax(in(b, N, 2, 7), -1)));
        one(c, "layernorm last axis", Op.LAYER_NORMALIZATION, b -> b.output(b.layerNorm(in(b, N, 5, 8), 1e-5f)));
        one(c, "layernorm axis -2 no bias", Op.LAYER_NORMALIZATION, b -> {
            Value x = in(b, N, 3, 4, 5);
            Value s = b.parameter("ln_scale", TensorType.floats(4, 5), Role.NORM_SCALE);
            b.output(b.node(Op.LAYER_NORMALIZATION, List.of(x, s), attrs().set("axis", -2L).set("epsilon", 1e-3f)
                    .build()));
        });
        one(c, "gather embedding with negative ids", Op.GATHER, 10, b -> {
            Value ids = b.input("ids", TensorType.longs(N, 3));
            Value table = b.parameter("embedding", TensorType.floats(10, 4), Role.EMBEDDING);
            b.output(b.gather(table, ids, 0));
        });
        one(c, "gather axis 1 constant negative indices", Op.GATHER, b -> {
            Value x = in(b, N, 6, 5);
            Value idx = b.constant("idx", TensorData.ofLongs(0, -1, 2, -3), 2, 2);
            b.output(b.gather(x, idx, 1));
        });
        one(c, "gather axis -1 scalar index", Op.GATHER, b -> {
            Value x = in(b, N, 3, 5);
            b.output(b.gather(x, b.constant("last", TensorData.ofLongs(-1)), -1));
        });
        return c;
    }

    /**
     * A ResNet-like network: a stem, three stages of five residual blocks (two 3x3 conv-BN layers each, 31 convs in
     * all with the projections), a max pool and an average pool, global pooling and a classifier.
     */
    @SuppressWarnings("try") // scopes only name the nodes built inside them
    public static Graph deepResidual() {
        GraphBuilder b = new GraphBuilder("deep_residual");
        Value x = b.input("image", TensorType.floats(N, 3, 16, 16));
        try (var s = b.scope("stem")) {
            x = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(8, 3))));
        }
        int[] widths = {8, 16, 24};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < 5; block++) {
                try (var s = b.scope("stage" + stage + "_block" + block)) {
                    int stride = stage > 0 && block == 0 ? 2 : 1;
                    Value y = b.relu(b.batchNorm(b.conv(x, ConvSpec.of(widths[stage], 3).stride(stride))));
                    y = b.batchNorm(b.conv(y, ConvSpec.of(widths[stage], 3)));
                    Value shortcut = stride == 1 ? x
                            : b.batchNorm(b.conv(x, ConvSpec.of(widths[stage], 1).stride(stride)));
                    x = b.relu(b.add(y, shortcut));
                }
            }
            if (stage == 0) {
                x = b.maxPool(x, 3, 1, 1);
            } else if (stage == 1) {
                x = b.averagePool(x, 3, 1, 1, false);
            }
        }
        x = b.flatten(b.globalAveragePool(x));
        b.output(b.gemm(x, 10, true), "logits");
        return b.build();
    }
}
