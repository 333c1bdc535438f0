package io.hwnas.training.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.training.data.TextCorpus;
import io.hwnas.training.djl.Djl;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.GraphModule;
import io.hwnas.training.djl.GraphModuleParityTest;
import io.hwnas.training.djl.LanguageModelTrainer;
import io.hwnas.training.oracle.LanguageModelService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A byte-level language model on Moby Dick pruned for real: layers and feed-forward width, fine-tuned, exported. */
class LanguagePruningTest {

    private static final TransformerSpace TINY = TransformerSpace.tiny();
    private static final Architecture PARENT = TINY.decode("L3-d32-h2-f128-v256-c64");
    private static final TextCorpus MOBY = TextCorpus.get("moby-dick");

    @TempDir
    Path tmp;

    @Test
    void aLanguageModelLosesLayersAndFeedForwardUnitsIsFineTunedAndExportsWhatDjlComputes() throws Exception {
        TrainingConfig parentBudget = TrainingConfig.builder().steps(20).batchSize(8).build();
        TrainingConfig fineTune = TrainingConfig.builder().steps(4).batchSize(8).build();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            LanguagePruning p = new LanguagePruning(new LanguageModelService(TINY, MOBY, parentBudget, 1, store,
                    new LanguageModelTrainer(Djl.engine())), fineTune);
            FineTunedPruning.Parent parent = p.parent(PARENT, DjlTrainer.Listener.NONE);
            PruningPath path = p.path(parent);
            // Three layer groups and the feed-forward width: down to one layer at f = 2 d.
            assertEquals("L1-d32-h2-f64-v256-c64", path.smallest().arch().canonical());
            FineTunedPruning.Pruned half = p.fineTune(parent, path.at(0.5), DjlTrainer.Listener.NONE);
            assertFalse(half.cached());
            assertEquals(4, half.result().steps());
            assertTrue(half.result().validationAccuracy() > 0, "next-token accuracy " + half.result());
            assertEquals(8L * 64, p.seenPerStep(PARENT, fineTune), "tokens a step sees");

            // The fine-tuned model exports as a prefill graph whose next token ONNX Runtime computes as DJL does.
            Architecture child = half.step().arch();
            Graph prefill = p.exportGraph(child);
            Weights w = p.exportWeights(parent, half);
            long[] ids = Arrays.stream(MOBY.window(5000, 64)).asLongStream().toArray();
            float[] djl;
            try (NDManager m = Djl.engine().engine().newBaseManager(); GraphModule net = new GraphModule(
                    TINY.trainingGraph(child, 64), Weights.of(TINY.trainingGraph(child, 64), w.asMap()), m);
                    NDScope scope = new NDScope()) {
                float[] all = net.forward(m.create(ids, new Shape(1, 64)), false).toFloatArray();
                djl = Arrays.copyOfRange(all, 63 * 256, 64 * 256);
            }
            Map<String, Tensor> ort = OrtRunner.run(OnnxExporter.defaults().toBytes(prefill, w),
                    Map.of("input_ids", Tensor.ofLongs(io.hwnas.core.graph.Shape.of(1, 64), ids)));
            GraphModuleParityTest.assertCloseToScale(Map.of("logits", ort.get("logits")), Map.of("logits",
                    Tensor.ofFloats(io.hwnas.core.graph.Shape.of(1, 256), djl)), "prefill of the pruned model");
        }
    }
}
