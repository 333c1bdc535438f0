package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.OptimizationLevel;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.predict.Metrics;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.kernel.Kernel;
import io.hwnas.predictors.kernel.KernelDetector;
import io.hwnas.predictors.kernel.KernelLatencyPredictor;
import io.hwnas.predictors.kernel.KernelProvider;
import io.hwnas.predictors.kernel.KernelTrainer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel predictor on ONNX Runtime's own traces, through the tracer this tool lends it: on the devices of
 * {@code --device-dir}, split as ONNX Runtime really fuses, and trained on real measurements.
 */
class KernelTracingTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    @TempDir
    Path dir;

    private static KernelTracer tracer(List<Path> deviceDirs) {
        return Predictors.context(NB201, 1, deviceDirs).tracer();
    }

    @Test
    void tracesOnTheDevicesOfDeviceDir() throws Exception {
        Path profiles = Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(profiles.resolve("slow-cpu.json"), "{\"id\": \"slow-cpu\", \"threads\": 1, "
                + "\"optimizationLevel\": \"basic\"}");
        Architecture a = NB201.sample(new SplittableRandom(4));
        KernelTrace t = tracer(List.of(profiles)).trace(a, NB201.buildGraph(a), "slow-cpu", new TracePlan(0, 1));
        assertEquals("slow-cpu", t.deviceId());
        assertEquals(OptimizationLevel.BASIC, t.settings().optimizationLevel());
    }

    @Test
    void withDriftControlTracesCarryTheSpeedFactorAgainstTheDatabasesBaseline() throws Exception {
        Path db = dir.resolve("m.db");
        StringWriter err = new StringWriter();
        KernelTracer on = Predictors.context(NB201, 1, List.of(), DriftControl.ON, db, new PrintWriter(err)).tracer();
        Architecture a = NB201.sample(new SplittableRandom(4));
        KernelTrace t = on.trace(a, NB201.buildGraph(a), "cpu-1t", new TracePlan(1, 3));
        double factor = t.speedFactor().orElseThrow();
        for (int i = 0; i < t.kernels().size(); i++) {
            assertEquals(t.kernels().get(i).medianUs() / factor, t.correctedKernels().get(i).medianUs(), 0);
        }
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(db)) {
            assertEquals(3, store.baselines().size(), "calibrated into the database given");
        }
        assertTrue(err.toString().startsWith("hwnas: calibrating drift control on cpu-1t"), err.toString());

        Path none = dir.resolve("none.db");
        KernelTrace off = Predictors.context(NB201, 1, List.of(), DriftControl.OFF, none, new PrintWriter(err))
                .tracer().trace(a, NB201.buildGraph(a), "cpu-1t", new TracePlan(0, 1));
        assertTrue(off.speedFactor().isEmpty() && off.driftReading().isEmpty());
        assertTrue(Files.notExists(none), "no database opened without drift control");
    }

    @Test
    void predictorTrainLearnsCorrectedKernelTimesUnlessDriftControlIsOff() throws Exception {
        Path db = dir.resolve("m.db");
        CliTest.Result prof = CliTest.run(CliTest.concat(new String[] {"profile", "--space", "nb201", "--device",
            "cpu-1t", "--samples", "6", "--seed", "4", "--db", db.toString()}, CliTest.FAST));
        assertEquals(0, prof.code(), prof.err());
        for (String drift : List.of("on", "off")) {
            Path file = dir.resolve("k-" + drift + ".json");
            CliTest.Result t = CliTest.run("predictor", "train", "--space", "nb201", "--device", "cpu-1t", "--db",
                    db.toString(), "--predictor", "kernel:device=cpu-1t,runs=3,warmup=1", "--drift-control", drift,
                    "-o", file.toString());
            assertEquals(0, t.code(), t.err());
            assertEquals(drift.equals("on"), Files.readString(file).contains("corrected by the speed factor"), drift);
        }
    }

    @Test
    void anUnknownDriftControlWordIsOneLineAndExitTwo() {
        CliTest.Result r = CliTest.run("predictor", "train", "--space", "nb201", "--device", "cpu-1t", "--db",
                dir.resolve("m.db").toString(), "--predictor", "kernel", "--drift-control", "sometimes", "-o",
                dir.resolve("k.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--drift-control must be on or off, but was 'sometimes'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(Files.notExists(dir.resolve("k.json")));
    }

    /**
     * The detector's kernels against what ONNX Runtime reports running (at cpu-1t's level, ALL): the share of
     * detected kernels that got time from a traced kernel, i.e. that ORT ran rather than fused into another (too
     * fine a split lowers it), and the share that got it from two or more kernels ORT named after IR nodes (too
     * coarse a split raises it).
     */
    @Test
    void theDetectorAgreesWithTheKernelsOnnxRuntimeRunsForSampledNetworks() throws Exception {
        KernelDetector all = KernelDetector.forLevel(OptimizationLevel.ALL);
        KernelTracer ort = tracer(List.of());
        for (String space : List.of("nb201", "mbv3")) {
            SearchSpace s = SearchSpaces.builtIn().get(space);
            SplittableRandom random = new SplittableRandom(3);
            int detected = 0;
            int traced = 0;
            int merged = 0;
            for (int i = 0; i < (space.equals("nb201") ? 4 : 2); i++) {
                Architecture a = s.sample(random);
                Graph g = s.buildGraph(a);
                List<Kernel> kernels = all.detect(g);
                KernelTrace t = ort.trace(a, g, "cpu-1t", new TracePlan(0, 1));
                detected += kernels.size();
                for (double u : KernelTrainer.attribute(kernels, t)) {
                    traced += u > 0 ? 1 : 0;
                }
                merged += mergedKernels(kernels, t);
                Set<String> covered = new HashSet<>();
                kernels.forEach(k -> covered.addAll(k.irNodes()));
                assertEquals(g.nodes().size(), covered.size(), "every node in one kernel");
            }
            double share = (double) traced / detected;
            System.out.printf(Locale.ROOT, "%s: %d of %d detected kernels ran in ONNX Runtime (%.3f), %d hold two "
                    + "or more of its kernels%n", space, traced, detected, share, merged);
            assertTrue(share >= (space.equals("nb201") ? 0.97 : 0.9), space + ": " + share);
            assertTrue(merged <= 0.03 * detected, space + ": " + merged + " detected kernels hold several ORT kernels");
        }
    }

    /** Detected kernels that hold the anchors of two or more of ONNX Runtime's kernels. */
    private static int mergedKernels(List<Kernel> kernels, KernelTrace t) {
        int[] named = new int[kernels.size()];
        for (var tk : t.kernels()) {
            for (int j = 0; j < kernels.size(); j++) {
                if (tk.attributed() && kernels.get(j).irNodes().contains(tk.anchor())) {
                    named[j]++;
                }
            }
        }
        int merged = 0;
        for (int n : named) {
            merged += n > 1 ? 1 : 0;
        }
        return merged;
    }

    /**
     * 40 training and 15 test networks, each measured once on cpu-1t; the truth is each measurement's minimum, the
     * run least disturbed by other processes on a shared machine (the kernels' medians are robust to them already).
     */
    @Test
    void trainedOnRealTracesItRanksHeldOutNetworksLikeTheirMeasurements() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        Set<String> seen = new LinkedHashSet<>();
        List<LatencyRecord> records = new ArrayList<>();
        var cpu = DeviceRegistry.builtIns().get("cpu-1t").runner(new OrtProfiler());
        MeasurementPlan plan = MeasurementPlan.builder().warmupRuns(3).minRuns(10).maxRuns(10).build();
        while (records.size() < 55) {
            Architecture a = NB201.sample(random);
            if (!seen.add(a.canonical())) {
                continue;
            }
            Path model = dir.resolve("m.onnx");
            ExportedModel.export(NB201, a, 1).write(model);
            records.add(new LatencyRecord(a, cpu.measure(ModelRun.of(model, plan)).stats().minMs()));
        }
        LatencyDataset train = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(0, 40), 0);
        LatencyDataset test = new LatencyDataset("nb201", "cpu-1t", "test", records.subList(40, 55), 0);
        KernelLatencyPredictor p = new KernelProvider().trainer("runs=5,warmup=2",
                Predictors.context(NB201, 11, List.of())).train(train);
        double[] measured = test.records().stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        double[] predicted = test.records().stream().mapToDouble(r -> p.predict(r.architecture()).latencyMs())
                .toArray();
        Metrics m = Metrics.of(measured, predicted);
        System.out.printf(Locale.ROOT, "kernel predictor, nb201 on cpu-1t, 40 train / 15 test: spearman %.3f, "
                + "MAPE %.1f %%; %s%n", m.spearman(), 100 * m.mape(), p.info().details());
        assertTrue(m.spearman() > 0.8, "spearman " + m.spearman());
        // The absolute level is checked only against gross errors (a unit slip gives a MAPE near 1 or far above):
        // on a shared 2-core VM the machine's speed drifts by tens of percent between the moment a network is
        // traced and the moment it is measured (0.63 seen in CI), while the ranking holds.
        assertTrue(m.mape() < 0.9, "MAPE " + m.mape());
        assertEquals(OptimizationLevel.ALL.name(), p.info().details().get("optimizationLevel"));
    }
}
