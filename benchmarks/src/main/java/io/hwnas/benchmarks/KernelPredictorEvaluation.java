package io.hwnas.benchmarks;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.measure.trace.KernelTracer;
import io.hwnas.core.measure.trace.TracePlan;
import io.hwnas.core.onnx.OnnxExporter;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.kernel.KernelLatencyPredictor;
import io.hwnas.predictors.kernel.KernelOptions;
import io.hwnas.predictors.kernel.KernelTrainer;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.profilers.measure.Calibration;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfileRequest;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.profilers.trace.OrtTracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The kernel predictor's accuracy on this machine: samples distinct architectures, measures each (OrtProfiler) and
 * traces each (OrtTracer), trains on a seeded 80 % and reports {@link Metrics} on the other 20 %, against the median
 * and, separately, the minimum of each measurement (the minimum is the run least disturbed by other processes).
 *
 * <p>Run with {@code bench/kernel-predictor.sh [SPACE=nb201] [SAMPLES=200] [DEVICE=cpu-1t] [SEED=7] [RUNS=20]}, or
 * {@code java -cp benchmarks/target/benchmarks.jar io.hwnas.benchmarks.KernelPredictorEvaluation nb201 200 cpu-1t 7
 * 20 on}. The sixth argument is drift control ({@code on}, the default, as the tool's): each measurement and each
 * trace times the nearest reference model beside its runs and is calibrated against the device's baseline (measured
 * once into a scratch database), so the "median" truth is the corrected median and the kernels' times are corrected
 * (raw / speed factor); {@code off} gives raw medians and raw kernel times. The "min" truth is the raw minimum.
 */
public final class KernelPredictorEvaluation {

    private KernelPredictorEvaluation() {}

    /** Each architecture's measurement (median and minimum) and trace. */
    private record Taken(List<LatencyRecord> medians, List<LatencyRecord> minimums, Map<String, KernelTrace> traces,
            double traceMs) {}

    public static void main(String[] args) throws Exception {
        String spaceName = args.length > 0 ? args[0] : "nb201";
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String deviceId = args.length > 2 ? args[2] : "cpu-1t";
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : TracePlan.DEFAULT_RUNS;
        DriftControl drift = args.length > 5 ? DriftControl.parse(args[5]) : DriftControl.ON;

        SearchSpace space = SearchSpaces.builtIn().get(spaceName);
        DeviceProfile device = DeviceRegistry.builtIns().get(deviceId);
        TracePlan plan = new TracePlan(TracePlan.DEFAULT_WARMUP_RUNS, runs);
        OrtTracer tracer = new OrtTracer();
        Path dir = Files.createTempDirectory("hwnas-kernel-eval");
        Taken taken;
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("baselines.db"))) {
            Calibrated calibrated = new Calibrated(drift, device.runner(new OrtProfiler()), store, deviceId);
            taken = measureAndTrace(space, sample(space, samples, seed), device, tracer, plan, dir, calibrated);
        } finally {
            io.hwnas.core.io.Trees.delete(dir);
        }
        System.out.printf(Locale.ROOT, "%s, %d architectures on %s, ORT %s; trace: %d warm-up + %d runs, "
                + "%.0f ms per trace on average; drift control %s%n", spaceName, samples, deviceId,
                tracer.ortVersion(), plan.warmupRuns(), plan.runs(), taken.traceMs() / samples, drift.word());
        KernelTracer recorded = KernelTracer.recorded(taken.traces());
        for (String truth : List.of("median", "min")) {
            LatencyDataset data = new LatencyDataset(spaceName, deviceId, "measured " + truth,
                    truth.equals("median") ? taken.medians() : taken.minimums(), 0);
            KernelTrainer trainer = new KernelTrainer(KernelOptions.parse("runs=" + runs),
                    PredictorContext.of(space, seed, dir).withTracer(recorded));
            evaluate(truth, trainer, data.split(0.8, seed));
        }
    }

    private static List<Architecture> sample(SearchSpace space, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new LinkedHashSet<>();
        List<Architecture> archs = new ArrayList<>();
        while (archs.size() < samples) {
            Architecture a = space.sample(random);
            if (seen.add(a.canonical())) {
                archs.add(a);
            }
        }
        return archs;
    }

    /** Under drift control, readings calibrated against each reference's baseline, calibrated once. */
    private record Calibrated(DriftControl drift, ModelRunner runner, SqliteMeasurementStore store, String deviceId) {

        Measurement measurement(Measurement m) throws Exception {
            if (!drift.on()) {
                return m;
            }
            DriftReading r = m.driftReading().orElseThrow();
            return m.toBuilder().drift(r.calibrated(baselineMs(r.referenceSha256()))).build();
        }

        KernelTrace trace(KernelTrace t) throws Exception {
            return drift.on() ? t.calibrated(baselineMs(t.driftReading().orElseThrow().referenceSha256())) : t;
        }

        private double baselineMs(String sha256) throws Exception {
            return Calibration.baseline(runner, store, sha256, deviceId, System.err::println).baselineMs();
        }
    }

    private static Taken measureAndTrace(SearchSpace space, List<Architecture> archs, DeviceProfile device,
            OrtTracer tracer, TracePlan plan, Path dir, Calibrated calibrated) throws Exception {
        OrtProfiler profiler = new OrtProfiler();
        MeasurementPlan measure = MeasurementPlan.defaults();
        List<LatencyRecord> medians = new ArrayList<>();
        List<LatencyRecord> minimums = new ArrayList<>();
        Map<String, KernelTrace> traces = new HashMap<>();
        double traceMs = 0;
        long start = System.nanoTime();
        for (int i = 0; i < archs.size(); i++) {
            Architecture a = archs.get(i);
            var g = space.buildGraph(a);
            Path model = dir.resolve("m" + i + ".onnx");
            OnnxExporter.defaults().write(g, Weights.random(g, 42), model);
            Measurement m = calibrated.measurement(profiler.measure(ProfileRequest.builder(model, device)
                    .plan(measure).drift(calibrated.drift()).build()));
            KernelTrace t = calibrated.trace(tracer.trace(model, device, plan, g, calibrated.drift()));
            traceMs += t.traceMs();
            traces.put(a.canonical(), t);
            medians.add(new LatencyRecord(a, m.latencyMs(calibrated.drift())));
            minimums.add(new LatencyRecord(a, m.stats().minMs()));
            Files.delete(model);
            if ((i + 1) % 20 == 0) {
                System.err.printf(Locale.ROOT, "%d/%d measured and traced (%.0f s)%n", i + 1, archs.size(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return new Taken(medians, minimums, traces, traceMs);
    }

    private static void evaluate(String truth, KernelTrainer trainer, LatencyDataset.Split split) {
        long t0 = System.nanoTime();
        KernelLatencyPredictor p = trainer.train(split.train());
        double trainS = (System.nanoTime() - t0) / 1e9;
        double[] measured = split.test().records().stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        long t1 = System.nanoTime();
        double[] predicted = split.test().records().stream()
                .mapToDouble(r -> p.predict(r.architecture()).latencyMs()).toArray();
        double predictMs = (System.nanoTime() - t1) / 1e6 / measured.length;
        Metrics m = Metrics.of(measured, predicted);
        System.out.printf(Locale.ROOT, "truth=%-6s train %d / test %d: spearman %.3f, kendall %.3f, MAPE %.1f %%, "
                + "within 10 %% %.0f %%, RMSE %.3f ms; fit %.2f s, %.2f ms per prediction%n", truth,
                split.train().size(), split.test().size(), m.spearman(), m.kendall(), 100 * m.mape(),
                100 * m.within10(), m.rmseMs(), trainS, predictMs);
        System.out.println("  " + p.info().details());
    }
}
