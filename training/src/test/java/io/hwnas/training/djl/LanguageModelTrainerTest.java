package io.hwnas.training.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.TextCorpus;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageModelTrainerTest {

    static final TransformerSpace TINY = TransformerSpace.tiny();
    static final TextCorpus MOBY = TextCorpus.get("moby-dick");
    static final Architecture SMALL = TINY.decode("L1-d32-h2-f64-v256-c64");

    @Test
    void aTinyModelLearnsEnglishBytesAndTheSameSeedTrainsTheSameWeights() {
        TrainingConfig c = TrainingConfig.builder().steps(40).batchSize(8).optimizer(TrainingConfig.Optimizer.ADAM)
                .learningRate(0.003).build();
        LanguageModelTrainer t = new LanguageModelTrainer(Djl.engine());
        DjlTrainer.Outcome a = t.train(TINY, SMALL, MOBY, c, 1, DjlTrainer.Listener.NONE);
        DjlTrainer.Outcome b = t.train(TINY, SMALL, MOBY, c, 1, DjlTrainer.Listener.NONE);
        TrainingResult r = a.result();
        assertFalse(r.failed(), r.failure());
        // uniform over 256 bytes is ln 256 = 5.55 nats; English bytes after 40 steps are far more predictable
        assertTrue(r.validationLoss() < 3.6, "validation loss " + r.validationLoss());
        assertTrue(r.validationAccuracy() > 0.1, "next-byte accuracy " + r.validationAccuracy());
        assertEquals(40, r.steps());
        assertEquals(r.validationLoss(), b.result().validationLoss());
        assertArrayEquals(a.weights().get("wte").floats(), b.weights().get("wte").floats());
    }

    /** The trained model is the exported one: ONNX Runtime's prefill gives DJL's logits for the last position. */
    @Test
    void theTrainedWeightsExportAsAPrefillGraphThatComputesWhatDjlComputed() throws Exception {
        TrainingConfig c = TrainingConfig.builder().steps(5).batchSize(4).build();
        DjlTrainer.Outcome o = new LanguageModelTrainer(Djl.engine()).train(TINY, SMALL, MOBY, c, 2,
                DjlTrainer.Listener.NONE);
        Graph train = TINY.trainingGraph(SMALL, 64);
        Graph prefill = TINY.buildGraph(SMALL);
        long[] ids = Arrays.stream(MOBY.window(5000, 64)).asLongStream().toArray();
        float[] djl;
        try (NDManager m = Djl.engine().engine().newBaseManager(); GraphModule net = new GraphModule(train,
                o.weights(), m); NDScope scope = new NDScope()) {
            float[] all = net.forward(m.create(ids, new Shape(1, 64)), false).toFloatArray();
            djl = Arrays.copyOfRange(all, 63 * 256, 64 * 256);
        }
        Map<String, Tensor> ort = OrtRunner.run(OnnxExporter.defaults().toBytes(prefill, Weights.of(prefill,
                o.weights().asMap())), Map.of("input_ids", Tensor.ofLongs(io.hwnas.core.graph.Shape.of(1, 64), ids)));
        GraphModuleParityTest.assertCloseToScale(Map.of("logits", ort.get("logits")), Map.of("logits",
                Tensor.ofFloats(io.hwnas.core.graph.Shape.of(1, 256), djl)), "prefill of the trained model");
    }

    @Test
    void aVocabularyThatDoesNotCoverTheBytesIsRefused() {
        TransformerSpace small = TransformerSpace.builder().name("small-vocab").layers(1).dModel(32).heads(2)
                .ffnRatio(2).vocab(100).context(64).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new LanguageModelTrainer(Djl.engine()).train(small, small.decode("L1-d32-h2-f64-v100-c64"), MOBY,
                        TrainingConfig.builder().steps(1).build(), 1, DjlTrainer.Listener.NONE));
        assertTrue(e.getMessage().contains("vocabulary of 100") && e.getMessage().contains("256"), e.getMessage());
    }
}
