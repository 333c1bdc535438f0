package io.hwnas.predictors.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.OnnxImporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.trace.TracePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trained on real measurements and traces of nb201 networks on cpu-1t. */
class KernelPredictorTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final DeviceRegistry DEVICES = DeviceRegistry.builtIns();
    private static final DeviceProfile CPU_1T = DEVICES.get("cpu-1t");
    private static final KernelTraceSource TRACES = KernelTraceSource.caching(KernelTraceSource.ort(new TracePlan(2, 5)));

    private static LatencyDataset train;
    private static LatencyDataset test;
    private static KernelLatencyPredictor predictor;

    @TempDir
    static Path home;

    /**
     * 40 training and 15 test networks, each measured once; the truth is each measurement's minimum, the run least
     * disturbed by other processes on a shared machine (the kernels' medians are robust to them already).
     */
    @BeforeAll
    static void trainOnFortyNetworks() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Set<String> seen = new LinkedHashSet<>();
        List<LatencyRecord> records = new ArrayList<>();
        OrtProfiler profiler = new OrtProfiler();
        MeasurementPlan plan = MeasurementPlan.builder().warmupRuns(3).minRuns(10).maxRuns(10).build();
        while (records.size() < 55) {
            Architecture a = NB201.sample(random);
            if (!seen.add(a.canonical())) {
                continue;
            }
            Graph g = NB201.buildGraph(a);
            Path model = home.resolve("m.onnx");
            OnnxExporter.defaults().write(g, Weights.random(g, 1), model);
            double ms = profiler.measure(ProfileRequest.builder(model, CPU_1T).plan(plan).build()).stats().minMs();
            records.add(new LatencyRecord(a, ms));
        }
        train = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(0, 40), 0);
        test = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(40, 55), 0);
        KernelTrainer trainer = new KernelTrainer(KernelOptions.parse("runs=5,warmup=2"),
                PredictorContext.of(NB201, 11, home), DEVICES, TRACES);
        predictor = trainer.train(train);
    }

    @Test
    void ranksHeldOutNetworksLikeTheirMeasurements() {
        double[] measured = test.records().stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        double[] predicted = test.records().stream().mapToDouble(r -> predictor.predict(r.architecture()).latencyMs())
                .toArray();
        Metrics m = Metrics.of(measured, predicted);
        System.out.printf(Locale.ROOT, "kernel predictor, nb201 on cpu-1t, 40 train / 15 test: spearman %.3f, "
                + "MAPE %.1f %%; %s%n", m.spearman(), 100 * m.mape(), predictor.info().details());
        assertTrue(m.spearman() > 0.8, "spearman " + m.spearman());
        // The absolute level is checked only against gross errors (a unit slip gives a MAPE near 1 or far above):
        // on a shared 2-core VM the machine's speed drifts by tens of percent between the moment a network is
        // traced and the moment it is measured (0.63 seen in CI), while the ranking holds.
        assertTrue(m.mape() < 0.9, "MAPE " + m.mape());
    }

    @Test
    void describesItselfAndItsTraining() {
        assertEquals("kernel", predictor.info().plugin());
        assertEquals("warmup=2,runs=5", predictor.info().options());
        assertEquals("nb201", predictor.info().space());
        assertEquals("cpu-1t", predictor.info().device());
        assertEquals(KernelTrainer.SCHEMA.id(), predictor.info().featureSchema());
        assertEquals("40", predictor.info().details().get("networks"));
        assertTrue(predictor.kernelTypes().containsAll(Set.of("Conv", "Pool", "GlobalAveragePool", "Gemm")),
                predictor.kernelTypes().toString());
        assertTrue(predictor.overhead().scale() > 0);
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
        KernelTrainer t = new KernelProvider().trainer("device=cpu", PredictorContext.of(NB201, 1, home));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("device=cpu") && e.getMessage().contains("cpu-1t"), e.getMessage());
    }

    @Test
    void givenTracesAreUsedInsteadOfTracing() throws Exception {
        KernelTraceSource given = KernelTraceSource.of(java.util.Map.of());
        KernelTrainer t = new KernelTrainer(KernelOptions.DEFAULTS, PredictorContext.of(NB201, 1, home), DEVICES,
                given);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("no trace for nb201:"), e.getMessage());
    }

    @Test
    void isFoundByServiceLoader() {
        List<String> names = ServiceLoader.load(PredictorProvider.class).stream()
                .map(p -> p.get().name()).toList();
        assertTrue(names.contains("kernel"), names.toString());
    }

    @Test
    void leavesNoModelFilesBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("hwnas-kernel")
                    && p.getFileName().toString().endsWith(".onnx")), "temporary models left in " + tmp);
        }
    }
}
