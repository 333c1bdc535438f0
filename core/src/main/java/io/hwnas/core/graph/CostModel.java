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
        long macs = 0;
        long flops;
        switch (node.op()) {
            case CONV: {
                TensorType w = inputs.get(1);
                long kernelVolume = w.elements() / w.shape().dim(0); // (Cin/group)·kh·kw
                macs = outElems * kernelVolume;
                flops = 2 * macs + (inputs.size() > 2 ? outElems : 0);
                break;
            }
            case GEMM: {
                TensorType a = inputs.get(0);
                boolean ta = node.attributes().getInt("transA", 0) != 0;
                long k = ta ? a.shape().dim(0) : a.shape().dim(1);
                macs = outElems * k;
                flops = 2 * macs + (inputs.size() > 2 ? outElems : 0);
                break;
            }
            case MAT_MUL: {
                Shape a = inputs.get(0).shape();
                long k = a.dim(a.rank() - 1);
                macs = outElems * k;
                flops = 2 * macs;
                break;
            }
            case RELU, ADD, MUL:
                flops = outElems;
                break;
            case CLIP, BATCH_NORMALIZATION:
                flops = 2 * outElems;
                break;
            case HARD_SIGMOID:
                flops = 3 * outElems;
                break;
            case HARD_SWISH, SIGMOID:
                flops = 4 * outElems;
                break;
            case SOFTMAX:
                flops = 5 * outElems;
                break;
            case GELU, LAYER_NORMALIZATION:
                flops = 8 * outElems;
                break;
            case MAX_POOL, AVERAGE_POOL: {
                long window = 1;
                for (int k : node.attributes().ints("kernel_shape")) {
                    window *= k;
                }
                flops = outElems * window;
                break;
            }
            case GLOBAL_AVERAGE_POOL:
                flops = inputs.get(0).elements();
                break;
            default:
                flops = 0;
        }
        long params = parameters.stream().mapToLong(p -> p.type().elements()).sum();
        // Gather reads the rows it picks (as many bytes as it writes) and its indices, not the whole table: an
        // embedding look-up of one token touches one row of a 150 MB vocabulary.
        long read = node.op() == Op.GATHER ? output.bytes() + inputs.get(1).bytes()
                : inputs.stream().mapToLong(TensorType::bytes).sum();
        return new NodeCost(macs, flops, params, outElems, read, output.bytes());
    }
}
