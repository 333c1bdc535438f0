package io.hwnas.core.onnx;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.measure.Sha256;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One candidate as a model file: its graph, and the ONNX bytes exported with weights from a fixed seed. The bytes
 * are deterministic, so their SHA-256 identifies the model in the measurement database before anything is measured.
 *
 * <pre>{@code
 * ExportedModel m = ExportedModel.export(nb201, a, ExportedModel.DEFAULT_WEIGHTS_SEED);
 * store.find(runner.key(m.sha256()));
 * m.write(Path.of("a.onnx"));
 * }</pre>
 */
public record ExportedModel(SearchSpace space, Architecture architecture, Graph graph, byte[] bytes, String sha256) {

    /** Weights do not change latency; a fixed default keeps every export of an architecture byte-identical. */
    public static final long DEFAULT_WEIGHTS_SEED = 0;

    /** The space's own network of {@code a}. */
    public static ExportedModel export(SearchSpace space, Architecture a, long weightsSeed) {
        return export(space, a, "", weightsSeed);
    }

    /**
     * The model of {@code a}'s graph {@code graph} (empty: the space's own, as {@code space} builds it; an exit's
     * name: an early-exit network as far as that exit). The architecture is labelled by its
     * {@link SearchSpace#networkKey network key}, its canonical string but for an early-exit network's thresholds,
     * so that what does not change the network does not change the bytes either and a model is measured once.
     */
    public static ExportedModel export(SearchSpace space, Architecture a, String graph, long weightsSeed) {
        Graph g = graph.isEmpty() ? space.buildGraph(a) : space.buildGraph(a, GraphOptions.DEFAULTS, graph);
        OnnxExporter.Builder b = OnnxExporter.builder()
                .metadata("hwnas.space", space.name())
                .metadata("hwnas.arch", space.networkKey(a));
        if (!graph.isEmpty()) {
            b.metadata("hwnas.graph", graph);
        }
        OnnxExporter exporter = b.metadata("hwnas.weights_seed", Long.toString(weightsSeed)).build();
        byte[] bytes = exporter.toBytes(g, Weights.random(g, weightsSeed));
        return new ExportedModel(space, a, g, bytes, Sha256.of(bytes));
    }

    /** Writes the file atomically: a temporary file beside it, then a move, so no half-written file is left. */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, bytes);
    }
}
