package io.hwnas.training.exits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Shape;
import io.hwnas.core.graph.TensorData;
import io.hwnas.core.graph.reference.ReferenceInterpreter;
import io.hwnas.core.graph.reference.Tensor;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OrtRunner;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.train.TrainingConfig;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.djl.DjlEngine;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.djl.GraphModule;
import io.hwnas.training.djl.HeadOutputs;
import io.hwnas.training.oracle.TrainingOracle;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network with two exits trained for real on the shipped digits (all heads jointly), once for the class: its
 * policy, its oracle and its paths exported to ONNX.
 */
class EarlyExitTrainingTest {

    static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|"
            + "nor_conv_3x3~2|";
    static final Architecture BOTH = EE.decode(CELL + "#x1=0.9,x2=0.9");
    static final ImageDataset DIGITS = Datasets.get("digits");

    @TempDir
    static Path tmp;
    static SqliteTrainingStore store;
    static TrainingService service;
    static final List<String> trained = new ArrayList<>();
    static EarlyExitOracle oracle;

    @BeforeAll
    static void train() throws Exception {
        store = SqliteTrainingStore.open(tmp.resolve("t.db"));
        DjlTrainer trainer = new DjlTrainer(DjlEngine.start(HwnasHome.fromEnvironment().dir(), 0));
        service = new TrainingService(EE, DIGITS, TrainingConfig.builder().steps(60).batchSize(32).build(), 1, store,
                trainer, true);
        oracle = new EarlyExitOracle(new TrainingOracle(service, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                trained.add(a.canonical());
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        }), EE);
        oracle.accuracy(BOTH);
    }

    @Test
    void everyThresholdOfOneNetworkIsScoredFromOneTraining() throws Exception {
        Architecture other = EE.decode(CELL + "#x1=0.5,x2=0.99");
        double a = oracle.accuracy(BOTH);
        double b = oracle.accuracy(other);
        assertEquals(1, trained.size(), "trained: " + trained);
        assertEquals(1L, store.count());
        assertTrue(a > 30 && b > 30, a + " " + b);
        // a lower threshold takes at least as many at x1
        assertTrue(oracle.shares(other)[0] >= oracle.shares(BOTH)[0], oracle.shares(other)[0] + " < "
                + oracle.shares(BOTH)[0]);
        for (Architecture x : List.of(BOTH, other)) {
            double[] s = oracle.shares(x);
            assertEquals(3, s.length);
            assertEquals(1, s[0] + s[1] + s[2], 1e-12);
        }
        Map<String, Double> extras = oracle.extras(BOTH);
        assertEquals(List.of("exit_accuracy[x1]", "exit_accuracy[x2]", "final_accuracy"), List.copyOf(extras.keySet()));
    }

    /** A generation handed to an executor: the architectures of one network are one task, trained once. */
    @Test
    void aBatchOfOneNetworksThresholdsIsOneTrainingTask() throws Exception {
        List<String> here = new ArrayList<>();
        TrainingService own = new TrainingService(EE, DIGITS, service.config(), 1,
                SqliteTrainingStore.open(tmp.resolve("batch.db")), service.trainer(), true);
        EarlyExitOracle o = new EarlyExitOracle(new TrainingOracle(own, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                here.add(a.canonical());
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        }), EE);
        Architecture a = EE.decode(CELL + "#x1=0.6,x2=off");
        Architecture b = EE.decode(CELL + "#x1=0.95,x2=off");
        Architecture c = EE.decode(CELL + "#x1=off,x2=0.7");
        o.prefetch(List.of(a, b, c), LocalExecutor.sequential());
        assertEquals(List.of(a.canonical(), c.canonical()), here, "one task per network");
        assertTrue(own.stored(b).isPresent());
        o.accuracy(a);
        o.accuracy(b);
        o.accuracy(c);
        assertEquals(2, here.size(), "scoring the thresholds trains nothing more: " + here);
    }

    @Test
    void thresholdZeroSendsEveryImageOutAtTheFirstExitAndAboveOneNoneEarly() {
        HeadOutputs h = service.heads(BOTH, false);
        assertEquals(DIGITS.size() - service.split().train().length - service.split().test().length, h.images());
        ExitPolicy.Result all = ExitPolicy.apply(h, new double[] {0, 0});
        assertArrayEquals(new double[] {1, 0, 0}, all.shares(), 0);
        ExitPolicy.Result none = ExitPolicy.apply(h, new double[] {1.01, 1.01});
        assertArrayEquals(new double[] {0, 0, 1}, none.shares(), 0);
        // the final classifier alone is what the trainer scored on the validation split
        assertEquals(service.stored(BOTH).orElseThrow().validationAccuracy(), none.accuracy(), 1e-12);
    }

    /** Each exit's path, cut from the trained network, runs in ONNX Runtime as in DJL and the reference. */
    @Test
    void eachExitsPathExportsWithTheTrainedWeightsAndRunsAlikeInOnnxRuntimeDjlAndTheReference() throws Exception {
        Weights trainedWeights = service.weights(BOTH).orElseThrow();
        int batch = 3;
        float[] x = new float[batch * DIGITS.imageSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (DIGITS.pixels()[service.split().validation()[0] * DIGITS.imageSize() + i] - 5f) / 6f;
        }
        Tensor input = Tensor.ofFloats(Shape.of(batch, 1, 8, 8), x);
        for (String path : List.of("x1", "x2", "")) {
            Graph g = EE.buildGraph(BOTH, GraphOptions.DEFAULTS.inputChannels(1).inputSize(8).classes(10), path);
            Weights w = trainedWeights.restrictTo(g);
            Map<String, Tensor> ort = OrtRunner.run(OnnxExporter.defaults().toBytes(g, w), Map.of("input", input));
            Map<String, Tensor> ref = new ReferenceInterpreter(g, w).run(Map.of("input", TensorData.ofFloats(x)),
                    batch);
            Map<String, Tensor> djl = djl(g, w, input);
            assertEquals(g.outputs().size(), ort.size());
            for (Graph.Port p : g.outputs()) {
                assertClose(ref.get(p.name()), ort.get(p.name()), "ORT " + path + " " + p.name());
                assertClose(ref.get(p.name()), djl.get(p.name()), "DJL " + path + " " + p.name());
            }
        }
    }

    private static Map<String, Tensor> djl(Graph g, Weights w, Tensor input) {
        DjlEngine engine = DjlEngine.start(HwnasHome.fromEnvironment().dir(), 0);
        try (NDManager m = engine.engine().newBaseManager(); GraphModule net = new GraphModule(g, w, m);
                NDScope scope = new NDScope()) {
            NDArray in = m.create(input.floats(), new ai.djl.ndarray.types.Shape(input.dims()));
            Map<String, Tensor> out = new LinkedHashMap<>();
            net.forward(Map.of("input", in), false).forEach((k, v) -> out.put(k, Tensor.ofFloats(
                    Shape.of(java.util.Arrays.stream(v.getShape().getShape()).mapToInt(Math::toIntExact).toArray()),
                    v.toFloatArray())));
            return out;
        }
    }

    /** Relative to the logits' largest magnitude: float32 against the reference's double. */
    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.dims(), actual.dims(), what);
        float[] e = expected.floats();
        float[] a = actual.floats();
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            diff = Math.max(diff, Math.abs((double) a[i] - e[i]));
        }
        assertTrue(diff / scale <= 1e-4, what + ": " + diff + " of " + scale);
    }
}
