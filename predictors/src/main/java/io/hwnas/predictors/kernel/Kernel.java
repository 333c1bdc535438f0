package io.hwnas.predictors.kernel;

import java.util.List;
import java.util.Objects;

/**
 * One kernel a runtime runs for a part of a graph: its type (the regressor that predicts it), the IR nodes it
 * computes (the head first) and its shape.
 *
 * @param type    {@code Conv}, {@code DepthwiseConv}, {@code GroupConv}, {@code Pool}, {@code GlobalAveragePool},
 *                {@code Gemm}, {@code MatMul}, {@code Add}, {@code Mul}, {@code Activation},
 *                {@code BatchNormalization}, {@code Reshape}, or another operator's ONNX name
 * @param irNodes the IR nodes it computes, the one that starts it first
 */
public record Kernel(String type, List<String> irNodes, KernelFeatures features) {

    public Kernel {
        Objects.requireNonNull(type, "type");
        irNodes = List.copyOf(irNodes);
        Objects.requireNonNull(features, "features");
        if (irNodes.isEmpty()) {
            throw new IllegalArgumentException("kernel of type " + type + " covers no IR node");
        }
    }

    public String head() {
        return irNodes.get(0);
    }
}
