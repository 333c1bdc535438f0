package io.hwnas.training.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OpCases;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.prune.PruningPath;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.GraphModuleParityTest;
import io.hwnas.training.djl.Djl;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained mbv3 network on digits pruned for real: the path from measured sensitivities, fine-tunings from the kept
 * weights stored like any training (and found again, not trained twice), exported to ONNX that computes what DJL
 * computes.
 */
class ImagePruningTest {

    private static final SearchSpace MBV3 = SearchSpaces.builtIn().get("mbv3");
    /** Few groups (a sensitivity each): stage 1's three blocks, stage 2's and stage 5's first. */
    private static final Architecture PARENT = MBV3.decode(
            "r128-d32222-k35703500330033007300-e64306300330033006300");
    private static final TrainingConfig PARENT_BUDGET = TrainingConfig.builder().steps(20).batchSize(32).build();
    private static final TrainingConfig FINE_TUNE = TrainingConfig.builder().steps(6).batchSize(32).build();

    @TempDir
    Path tmp;

    private static DjlTrainer trainer() {
        return new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), 0));
    }

    /** Counts the steps it is told of: how much training a call did. */
    private static final class Steps implements DjlTrainer.Listener {
        int total;

        @Override
        public void step(int done, int of) {
            total++;
        }
    }

    @Test
    void aParentIsPrunedAlongItsPathFineTunedOnceAndExportedWithItsWeights() throws Exception {
        Path db = tmp.resolve("t.db");
        List<String> first = new ArrayList<>();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(db)) {
            ImagePruning p = new ImagePruning(new TrainingService(MBV3, Datasets.get("digits"), PARENT_BUDGET, 3,
                    store, trainer(), true), FINE_TUNE);
            Steps parentSteps = new Steps();
            FineTunedPruning.Parent parent = p.parent(PARENT, parentSteps);
            assertEquals(20, parentSteps.total);
            PruningPath path = p.path(parent);
            assertTrue(path.steps().size() >= 6, path.toString());
            assertTrue(Double.isFinite(path.baseLoss()) && path.baseLoss() > 0, path.toString());

            Steps fineSteps = new Steps();
            FineTunedPruning.Pruned pruned = p.fineTune(parent, path.at(0.9), fineSteps);
            assertEquals(6, fineSteps.total);
            assertEquals(6, pruned.result().steps());
            assertFalse(pruned.cached());
            assertTrue(pruned.before() >= 0 && pruned.before() <= 1, "accuracy before fine-tuning " + pruned.before());
            first.add(pruned.step().arch().canonical());
            first.add(Double.toString(pruned.result().validationAccuracy()));

            // The fine-tuned network exports with its weights, and ONNX Runtime computes what DJL computes.
            Graph g = p.service().graph(pruned.step().arch());
            Weights w = p.exportWeights(parent, pruned);
            byte[] onnx = OnnxExporter.defaults().toBytes(g, w);
            Map<String, Tensor> in = OpCases.randomInputs(g, 3, 0, new SplittableRandom(99));
            double err = GraphModuleParityTest.assertCloseToScale(OrtRunner.run(onnx, in),
                    GraphModuleParityTest.run(Djl.engine(), g, w, in), pruned.step().arch().canonical());
            assertTrue(err < GraphModuleParityTest.TOLERANCE);
            assertFalse(p.service().weights(pruned.step().arch()).isPresent(),
                    "a fine-tuning is not a training of the architecture from scratch");
        }
        // Run again (a killed prune resumed): the parent and the fine-tuning come from the database.
        try (SqliteTrainingStore store = SqliteTrainingStore.open(db)) {
            ImagePruning p = new ImagePruning(new TrainingService(MBV3, Datasets.get("digits"), PARENT_BUDGET, 3,
                    store, trainer(), true), FINE_TUNE);
            Steps steps = new Steps();
            FineTunedPruning.Parent parent = p.parent(PARENT, steps);
            assertTrue(parent.cached());
            FineTunedPruning.Pruned pruned = p.fineTune(parent, p.path(parent).at(0.9), steps);
            assertTrue(pruned.cached());
            assertEquals(0, steps.total, "nothing trained twice");
            assertEquals(first, List.of(pruned.step().arch().canonical(),
                    Double.toString(pruned.result().validationAccuracy())));
        }
    }

    @Test
    void aSpaceWithoutPrunableDimensionsIsRefused() throws Exception {
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            TrainingService nb201 = new TrainingService(SearchSpaces.builtIn().get("nb201"), Datasets.get("digits"),
                    PARENT_BUDGET, 1, store, trainer(), true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ImagePruning(nb201, FINE_TUNE));
            assertTrue(e.getMessage().startsWith("space nb201 has no prunable dimensions"), e.getMessage());
        }
    }

    @Test
    void aParentWhoseTrainingFailedIsRefusedNamingTheReason() throws Exception {
        TrainingConfig diverging = TrainingConfig.builder().steps(20).learningRate(1e8).build();
        try (SqliteTrainingStore store = SqliteTrainingStore.open(tmp.resolve("t.db"))) {
            ImagePruning p = new ImagePruning(new TrainingService(MBV3, Datasets.get("digits"), diverging, 1, store,
                    trainer(), true), FINE_TUNE);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.parent(PARENT, DjlTrainer.Listener.NONE));
            assertTrue(e.getMessage().startsWith("the parent " + PARENT.canonical() + " cannot be pruned: its "
                    + "training failed ("), e.getMessage());
        }
    }
}
