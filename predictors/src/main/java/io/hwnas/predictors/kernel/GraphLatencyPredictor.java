package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.predictors.spi.Prediction;

/**
 * A predictor that can price any graph, not only an architecture of its space: "your own model", imported with
 * {@link io.hwnas.core.onnx.OnnxImporter}.
 *
 * <pre>{@code
 * if (predictor instanceof GraphLatencyPredictor g) {
 *     Prediction p = g.predictGraph(OnnxImporter.read(Path.of("mine.onnx")));
 * }
 * }</pre>
 */
public interface GraphLatencyPredictor {

    /** The latency of one inference at batch 1. */
    Prediction predictGraph(Graph graph);
}
