package io.hwnas.training.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OpCases;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.DataSplit;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DjlTrainerTest {

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    static final SearchSpace MBV3 = SearchSpaces.builtIn().get("mbv3");
    static final ImageDataset DIGITS = Datasets.get("digits");
    static final DataSplit SPLIT = DataSplit.of(DIGITS.size(), 0.8, 0.1, 1);
    /** A cell with convolutions on every path, so that it learns quickly. */
    static final Architecture CONVS = NB201.decode(
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|");

    static Graph graph(SearchSpace s, Architecture a, ImageDataset d) {
        return s.buildGraph(a, GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                .classes(d.classes()));
    }

    static DjlTrainer trainer() {
        return new DjlTrainer(Djl.engine());
    }

    @Test
    void anNb201CellLearnsTheDigitsFarAboveChance() {
        TrainingConfig c = TrainingConfig.builder().epochs(2).batchSize(64).build();
        TrainingResult r = trainer().train(graph(NB201, CONVS, DIGITS), DIGITS, SPLIT, c, 1, true,
                DjlTrainer.Listener.NONE).result();
        assertFalse(r.failed(), r.failure());
        assertTrue(r.validationAccuracy() > 0.85, "validation accuracy " + r.validationAccuracy());
        assertTrue(r.testAccuracy() > 0.8, "test accuracy " + r.testAccuracy());
        assertEquals(2, r.epochs());
        assertEquals(2 * (1438 / 64), r.steps());
        assertEquals(2, r.history().size());
        assertTrue(r.imagesPerSecond() > 0 && r.trainSeconds() > 0);
        assertEquals(NB201.buildGraph(CONVS).cost().params() > 0, r.parameters() > 0);
    }

    @Test
    void theSameSeedTrainsTheSameWeightsAndAnotherSeedOthers() {
        TrainingConfig c = TrainingConfig.builder().steps(15).batchSize(32).build();
        Graph g = graph(NB201, CONVS, DIGITS);
        DjlTrainer.Outcome a = trainer().train(g, DIGITS, SPLIT, c, 7, false, DjlTrainer.Listener.NONE);
        DjlTrainer.Outcome b = trainer().train(g, DIGITS, SPLIT, c, 7, false, DjlTrainer.Listener.NONE);
        DjlTrainer.Outcome other = trainer().train(g, DIGITS, SPLIT, c, 8, false, DjlTrainer.Listener.NONE);
        String conv = g.initializers().keySet().stream().filter(n -> n.contains("conv")).findFirst().orElseThrow();
        assertArrayEquals(a.weights().get(conv).floats(), b.weights().get(conv).floats());
        assertEquals(a.result().validationAccuracy(), b.result().validationAccuracy());
        assertFalse(java.util.Arrays.equals(a.weights().get(conv).floats(), other.weights().get(conv).floats()));
    }

    /**
     * mbv3's hard-swish, hard-sigmoid and squeeze-excite multiply by scalars; a scalar freed before backward (DJL's
     * own {@code x.mul(float)}) made such trainings differ from run to run, and sometimes diverge.
     */
    @Test
    void anMbv3NetworkTrainsTheSameTwiceWithOneSeed() {
        Architecture a = MBV3.sample(new SplittableRandom(4));
        Graph g = graph(MBV3, a, DIGITS);
        TrainingConfig c = TrainingConfig.builder().steps(12).batchSize(32).build();
        DjlTrainer.Outcome x = trainer().train(g, DIGITS, SPLIT, c, 3, false, DjlTrainer.Listener.NONE);
        DjlTrainer.Outcome y = trainer().train(g, DIGITS, SPLIT, c, 3, false, DjlTrainer.Listener.NONE);
        assertFalse(x.result().failed(), x.result().failure());
        for (String w : x.weights().asMap().keySet()) {
            assertArrayEquals(x.weights().get(w).floats(), y.weights().get(w).floats(), w);
        }
    }

    @Test
    void earlyStoppingEndsARunThatStopsImprovingAndKeepsItsBestEvaluation() {
        // A learning rate so small that nothing changes: the first evaluation is the best, the next does not beat
        // it, and patience 1 stops the run there.
        TrainingConfig c = TrainingConfig.builder().epochs(20).batchSize(64).learningRate(1e-9).momentum(0)
                .weightDecay(0).patience(1).build();
        TrainingResult r = trainer().train(graph(NB201, CONVS, DIGITS), DIGITS, SPLIT, c, 1, false,
                DjlTrainer.Listener.NONE).result();
        assertTrue(r.stoppedEarly());
        assertEquals(2, r.history().size());
        assertEquals(1, r.bestEpoch());
        assertEquals(r.history().get(0).validationAccuracy(), r.validationAccuracy());
    }

    @Test
    void aDivergingTrainingFailsWithTheReasonAndNoWeights() {
        TrainingConfig c = TrainingConfig.builder().steps(30).learningRate(1e8).build();
        DjlTrainer.Outcome o = trainer().train(graph(NB201, CONVS, DIGITS), DIGITS, SPLIT, c, 1, false,
                DjlTrainer.Listener.NONE);
        assertTrue(o.result().failed());
        assertTrue(o.result().failure().contains("diverged"), o.result().failure());
        assertNull(o.weights());
    }

    @Test
    void aGraphForOtherImagesIsRefusedNamingBothShapes() {
        Graph cifar = NB201.buildGraph(CONVS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer().train(cifar,
                DIGITS, SPLIT, TrainingConfig.builder().steps(1).build(), 1, false, DjlTrainer.Listener.NONE));
        assertTrue(e.getMessage().contains("[1, 8, 8]") && e.getMessage().contains("3, 32, 32"), e.getMessage());
    }

    /** The model that was trained is the model that is exported: ONNX Runtime agrees with DJL at 1e-4. */
    @Test
    void trainedNetworksExportToOnnxThatComputesWhatDjlComputes() throws Exception {
        ImageDataset mnist = Datasets.get("mnist");
        DataSplit split = DataSplit.of(mnist.size(), 0.8, 0.1, 1);
        SplittableRandom r = new SplittableRandom(5);
        for (SearchSpace s : new SearchSpace[] {NB201, MBV3}) {
            Architecture a = s.sample(r);
            Graph g = graph(s, a, mnist);
            TrainingConfig c = TrainingConfig.builder().steps(8).batchSize(16).build();
            DjlTrainer.Outcome o = trainer().train(g, mnist, split, c, 2, false, DjlTrainer.Listener.NONE);
            assertFalse(o.result().failed(), o.result().failure());
            byte[] onnx = OnnxExporter.defaults().toBytes(g, o.weights());
            // fresh inputs, not training images
            Map<String, Tensor> in = OpCases.randomInputs(g, 3, 0, new SplittableRandom(99));
            double err = GraphModuleParityTest.assertCloseToScale(OrtRunner.run(onnx, in),
                    GraphModuleParityTest.run(Djl.engine(), g, o.weights(), in), s.name() + " " + a.canonical());
            assertTrue(err < GraphModuleParityTest.TOLERANCE);
        }
    }
}
