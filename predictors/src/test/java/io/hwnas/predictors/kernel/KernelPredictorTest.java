package io.hwnas.predictors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OnnxImporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trained on the traces of a pretend device whose kernels take a roofline's time ({@link RooflineTraces}), where the
 * truth is known exactly; the same predictor on ONNX Runtime's own traces and measurements is checked in the
 * command-line tool's tests, where that tracer is wired.
 */
class KernelPredictorTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final RooflineTraces ROOFLINE = new RooflineTraces();

    private static LatencyDataset train;
    private static LatencyDataset test;
    private static KernelLatencyPredictor predictor;

    @TempDir
    static Path home;

    private static PredictorContext context(long seed, KernelTracer tracer) {
        return PredictorContext.of(NB201, seed, home).withTracer(tracer);
    }

    /** 40 training and 15 test networks, their latency the pretend device's. */
    @BeforeAll
    static void trainOnFortyNetworks() {
        SplittableRandom random = new SplittableRandom(11);
        Set<String> seen = new LinkedHashSet<>();
        List<LatencyRecord> records = new ArrayList<>();
        while (records.size() < 55) {
            Architecture a = NB201.sample(random);
            if (seen.add(a.canonical())) {
                records.add(new LatencyRecord(a, ROOFLINE.latencyMs(NB201, a)));
            }
        }
        train = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(0, 40), 0);
        test = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(40, 55), 0);
        predictor = new KernelProvider().trainer("runs=5,warmup=2", context(11, ROOFLINE)).train(train);
    }

    @Test
    void predictsHeldOutNetworksOfTheTracedDevice() {
        double[] measured = test.records().stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        double[] predicted = test.records().stream().mapToDouble(r -> predictor.predict(r.architecture()).latencyMs())
                .toArray();
        Metrics m = Metrics.of(measured, predicted);
        assertTrue(m.spearman() > 0.95, "spearman " + m.spearman());
        assertTrue(m.mape() < 0.05, "MAPE " + m.mape());
    }

    @Test
    void describesItselfAndItsTraining() {
        assertEquals("kernel", predictor.info().plugin());
        assertEquals("warmup=2,runs=5", predictor.info().options());
        assertEquals("nb201", predictor.info().space());
        assertEquals("cpu-1t", predictor.info().device());
        assertEquals(KernelTrainer.SCHEMA.id(), predictor.info().featureSchema());
        assertEquals("40", predictor.info().details().get("networks"));
        assertEquals("roofline", predictor.info().details().get("ortVersion"));
        assertEquals("2 warm-up + 5 runs", predictor.info().details().get("trace"));
        assertTrue(predictor.kernelTypes().containsAll(Set.of("Conv", "Pool", "GlobalAveragePool", "Gemm")),
                predictor.kernelTypes().toString());
        assertTrue(predictor.overhead().scale() > 0);
    }

    @Test
    void splitsNetworksAtTheLevelTheTracesRanAt() {
        KernelLatencyPredictor p = new KernelProvider().trainer("", context(1,
                new RooflineTraces(OptimizationLevel.EXTENDED))).train(train);
        assertEquals("EXTENDED", p.info().details().get("optimizationLevel"));
        assertEquals("ALL", predictor.info().details().get("optimizationLevel"));
    }

    @Test
    void anImportedModelIsPredictedAsItsArchitecture() throws Exception {
        Architecture a = test.records().get(0).architecture();
        Graph g = NB201.buildGraph(a);
        Path file = home.resolve("mine.onnx");
        OnnxExporter.defaults().write(g, Weights.random(g, 3), file);
        double fromFile = predictor.predictGraph(OnnxImporter.read(file)).latencyMs();
        assertEquals(predictor.predict(a).latencyMs(), fromFile, 1e-9);
        double kernels = predictor.breakdown(g).stream().mapToDouble(KernelLatencyPredictor.KernelEstimate::predictedUs)
                .sum();
        assertTrue(kernels > 0);
    }

    @Test
    void refusesAnArchitectureOfAnotherSpace() {
        Architecture mbv3 = SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.predict(mbv3));
        assertTrue(e.getMessage().contains("nb201") && e.getMessage().contains("mbv3"), e.getMessage());
    }

    @Test
    void refusesADatasetOfAnotherDeviceThanTheOption() {
        KernelTrainer t = new KernelProvider().trainer("device=cpu", context(1, ROOFLINE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("device=cpu") && e.getMessage().contains("cpu-1t"), e.getMessage());
    }

    @Test
    void givenTracesAreUsedInsteadOfTracing() {
        KernelTrainer t = new KernelProvider().trainer("", context(1, KernelTracer.recorded(Map.of())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("no trace for nb201:"), e.getMessage());
    }

    @Test
    void withoutATracerTrainingSaysThatNoneWasLent() {
        KernelTrainer t = new KernelProvider().trainer("", PredictorContext.of(NB201, 1, home));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("no kernel tracer was lent"), e.getMessage());
    }

    @Test
    void aFailedTraceNamesTheNetworkAndTheDeviceAndKeepsItsCause() {
        MeasuringException cause = new MeasuringException("cannot load model m.onnx", "cpu-1t", null);
        KernelTrainer t = new KernelProvider().trainer("", context(1, (a, g, device, plan) -> {
            throw cause;
        }));
        KernelTraceException e = assertThrows(KernelTraceException.class, () -> t.train(train));
        assertTrue(e.getMessage().startsWith("cannot trace nb201:") && e.getMessage().contains(" on cpu-1t ")
                && e.getMessage().endsWith(": cannot load model m.onnx"), e.getMessage());
        assertSame(cause, e.getCause());
    }

    /**
     * The pretend device's traces taken on a machine {@code slow} times slower than its baseline, as a
     * drift-controlled trace sees it: every kernel that much longer, and the reference's run beside the kept run
     * that much longer than its baseline of 1 ms.
     */
    private static KernelTracer slowedButCorrected(double slow) {
        return (a, g, device, plan) -> {
            KernelTrace t = ROOFLINE.trace(a, g, device, plan);
            DriftReading d = DriftReading.of("nb201-m", "ab".repeat(32), List.of(t.modelRunsUs().get(0) * slow / 1000),
                    List.of(slow));
            return new KernelTrace(t.model(), t.deviceId(), t.settings(), t.ortVersion(), t.plan(),
                    t.kernels().stream().map(k -> k.corrected(1 / slow)).toList(), t.modelRunsUs(), t.traceMs(), d)
                    .calibrated(1.0);
        };
    }

    @Test
    void learnsFromKernelTimesCorrectedByTheTracesSpeedFactor() throws Exception {
        Architecture a = train.records().get(0).architecture();
        Graph g = NB201.buildGraph(a);
        List<Kernel> kernels = KernelDetector.forLevel(OptimizationLevel.ALL).detect(g);
        KernelTrace slowed = slowedButCorrected(1.6).trace(a, g, "cpu-1t", TracePlan.defaults());
        assertEquals(1.6, slowed.speedFactor().orElseThrow(), 1e-12);
        double[] raw = KernelTrainer.attribute(kernels, ROOFLINE.trace(a, g, "cpu-1t", TracePlan.defaults()));
        double[] corrected = KernelTrainer.attribute(kernels, slowed);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i], corrected[i], 1e-9 * raw[i], "kernel " + i);
        }

        KernelLatencyPredictor p = new KernelProvider().trainer("runs=5,warmup=2", context(11,
                slowedButCorrected(1.6))).train(train);
        for (LatencyRecord r : test.records()) {
            assertEquals(predictor.predict(r.architecture()).latencyMs(), p.predict(r.architecture()).latencyMs(),
                    1e-6, "as if traced at the baseline speed");
        }
        assertEquals("corrected by the speed factor (median 1.600 over 40 of 40 traces)",
                p.info().details().get("kernelTimes"));
        assertTrue(!predictor.info().details().containsKey("kernelTimes"), "traces without drift control");
    }

    @Test
    void isFoundByServiceLoader() {
        List<String> names = ServiceLoader.load(PredictorProvider.class).stream()
                .map(p -> p.get().name()).toList();
        assertTrue(names.contains("kernel"), names.toString());
    }
}
