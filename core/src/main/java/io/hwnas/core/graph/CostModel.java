package io.hwnas.core.graph;

import java.util.List;

/**
 * Counts the cost of a node for one sample.
 *
 * <p>Conventions, stated once here because every report and predictor feature depends on them:
 * <ul>
 *   <li>{@code macs}: multiply-accumulates of Conv ({@code N·Cout·Hout·Wout·(Cin/group)·kh·kw}), Gemm ({@code M·N·K})
 *       and MatMul ({@code batch·M·N·K}). This is what NAS papers (NAS-Bench-201, once-for-all) report as "FLOPs".</li>
 *   <li>{@code flops}: {@code 2·macs} plus one FLOP per bias add, and per output element: Relu 1, Clip 2,
 *       BatchNormalization 2 (a folded scale and shift), HardSigmoid 3, HardSwish 4, Sigmoid 4, Gelu 8, Add 1, Mul 1,
 *       Softmax 5, LayerNormalization 8, MaxPool and AveragePool one per window element, GlobalAveragePool one per
 *       input element. Flatten, Reshape, Transpose, Concat and Gather move data only: 0.</li>
 *   <li>{@code bytesRead}/{@code bytesWritten}: each input and the output moved once, at its element size (Gather
 *       reads only the rows it picks); a lower bound on memory traffic that ignores caches and re-reads.</li>
 * </ul>
 */
public final class CostModel {

    private CostModel() {}

    public static NodeCost of(Node node, List<TensorType> inputs, TensorType output, List<Initializer> parameters) {
        long outElems = output.elements();
        long macs = macs(node, inputs, outElems);
        long flops = flops(node, inputs, outElems, macs);
        long params = parameters.stream().mapToLong(p -> p.type().elements()).sum();
        // Gather reads the rows it picks (as many bytes as it writes) and its indices, not the whole table: an
        // embedding look-up of one token touches one row of a 150 MB vocabulary.
        long read = node.op() == Op.GATHER ? output.bytes() + inputs.get(1).bytes()
                : inputs.stream().mapToLong(TensorType::bytes).sum();
        return new NodeCost(macs, flops, params, outElems, read, output.bytes());
    }

    /** Multiply-accumulates: only the operators that multiply matrices have them. */
    private static long macs(Node node, List<TensorType> inputs, long outElems) {
        return switch (node.op()) {
            case CONV -> {
                TensorType w = inputs.get(1);
                long kernelVolume = w.elements() / w.shape().dim(0); // (Cin/group)·kh·kw
                yield outElems * kernelVolume;
            }
            case GEMM -> {
                TensorType a = inputs.get(0);
                boolean ta = node.attributes().getInt("transA", 0) != 0;
                long k = ta ? a.shape().dim(0) : a.shape().dim(1);
                yield outElems * k;
            }
            case MAT_MUL -> {
                Shape a = inputs.get(0).shape();
                long k = a.dim(a.rank() - 1);
                yield outElems * k;
            }
            default -> 0;
        };
    }

    /** Floating-point operations, by the conventions of the class comment. */
    private static long flops(Node node, List<TensorType> inputs, long outElems, long macs) {
        return switch (node.op()) {
            case CONV, GEMM -> 2 * macs + (inputs.size() > 2 ? outElems : 0); // a bias adds one per output
            case MAT_MUL -> 2 * macs;
            case RELU, ADD, MUL -> outElems;
            case CLIP, BATCH_NORMALIZATION -> 2 * outElems;
            case HARD_SIGMOID -> 3 * outElems;
            case HARD_SWISH, SIGMOID -> 4 * outElems;
            case SOFTMAX -> 5 * outElems;
            case GELU, LAYER_NORMALIZATION -> 8 * outElems;
            case MAX_POOL, AVERAGE_POOL -> outElems * window(node);
            case GLOBAL_AVERAGE_POOL -> inputs.get(0).elements();
            default -> 0;
        };
    }

    private static long window(Node node) {
        long window = 1;
        for (int k : node.attributes().ints("kernel_shape")) {
            window *= k;
        }
        return window;
    }
}
