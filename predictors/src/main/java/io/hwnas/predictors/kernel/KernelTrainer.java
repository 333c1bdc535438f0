package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.features.FeatureSchema;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.trace.KernelTiming;
import io.hwnas.profilers.trace.KernelTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Trains a {@link KernelLatencyPredictor} from whole-network latencies and per-kernel traces of the same networks.
 *
 * <p>A {@link LatencyDataset} holds only whole-network latencies, so the trainer traces every training architecture
 * itself on the device ({@link KernelTraceSource#ort}: export, run with ONNX Runtime's profiler, delete), or takes
 * traces given to it. Then:
 * <ol>
 *   <li>each network is split into kernels by {@link KernelDetector} at the device's optimisation level, the same
 *       split prediction uses, and each traced kernel's median time goes to the detected kernel that holds the IR
 *       node ORT named it after; a traced kernel that names no IR node (a layout reorder, a piece of an expanded
 *       HardSwish) goes to the detected kernel of the traced kernel before it. A detected kernel that received no
 *       time (ORT fused it into another) gives no training sample;</li>
 *   <li>one {@link KernelRegressor} per kernel type is fitted on the kernels' features and times, and one on all
 *       kernels for types seen at prediction but not here;</li>
 *   <li>the overhead is fitted by least squares: {@code measured = intercept + scale · Σ kernels +
 *       perKernel · kernels}, Σ kernels being the regressors' in-sample predictions for the detected kernels (as
 *       prediction will sum them), with the measured latencies of the dataset (falling back to
 *       {@code intercept = median(measured − Σ)} when there are too few networks or they do not determine it).</li>
 * </ol>
 * The dataset's latencies should come from the device traced on (the {@code device} option defaults to the
 * dataset's device, and a different one is refused).
 *
 * <pre>{@code
 * PredictorTrainer t = new KernelProvider().trainer("device=cpu-1t,runs=20", PredictorContext.of(nb201, 42, home));
 * LatencyPredictor p = t.train(dataset);   // traces each training architecture once
 * }</pre>
 */
public final class KernelTrainer implements PredictorTrainer {

    /** Names the feature vector layout saved with a predictor. */
    public static final FeatureSchema SCHEMA = new FeatureSchema("kernel-v1", KernelFeatures.VECTOR_NAMES);

    private final KernelOptions options;
    private final PredictorContext context;
    private final DeviceRegistry devices;
    private final KernelTraceSource source;

    public KernelTrainer(KernelOptions options, PredictorContext context, DeviceRegistry devices,
            KernelTraceSource source) {
        this.options = Objects.requireNonNull(options, "options");
        this.context = Objects.requireNonNull(context, "context");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.source = Objects.requireNonNull(source, "source");
    }

    public KernelOptions options() {
        return options;
    }

    /** One training network, traced and split. */
    private record Traced(LatencyRecord record, List<Kernel> kernels, double[] kernelUs, KernelTrace trace) {}

    /**
     * @throws IllegalArgumentException when the dataset is of another space, has fewer than 2 records, or names
     *                                  another device than the {@code device} option
     * @throws KernelTraceException     when tracing a training network fails
     */
    @Override
    public KernelLatencyPredictor train(LatencyDataset data) {
        Objects.requireNonNull(data, "data");
        SearchSpace space = context.space();
        if (!data.space().equals(space.name())) {
            throw new IllegalArgumentException("dataset " + data.source() + " is of space '" + data.space()
                    + "', but the trainer's space is '" + space.name() + "'");
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("dataset " + data.source() + " has " + data.size()
                    + " records; the kernel predictor needs at least 2");
        }
        String deviceId = options.device() != null ? options.device() : data.device();
        if (!deviceId.equals(data.device())) {
            throw new IllegalArgumentException("kernel option device=" + deviceId + " differs from the dataset's "
                    + "device '" + data.device() + "'; the overhead must be fitted to latencies of the traced device");
        }
        DeviceProfile device = devices.get(deviceId);
        KernelDetector detector = KernelDetector.forLevel(device.settings().optimizationLevel());

        List<Traced> traced = new ArrayList<>();
        for (LatencyRecord r : data.records()) {
            Graph graph = space.buildGraph(r.architecture());
            KernelTrace trace;
            try {
                trace = source.trace(r.architecture(), graph, device);
            } catch (ProfilingException e) {
                throw new KernelTraceException("cannot trace " + r.architecture() + " on " + deviceId
                        + " to train the kernel predictor", e);
            }
            List<Kernel> kernels = detector.detect(graph);
            traced.add(new Traced(r, kernels, attribute(kernels, trace), trace));
        }

        Map<String, List<double[]>> x = new TreeMap<>();
        Map<String, List<Double>> y = new TreeMap<>();
        List<double[]> allX = new ArrayList<>();
        List<Double> allY = new ArrayList<>();
        int detected = 0;
        int matched = 0;
        for (Traced t : traced) {
            for (int i = 0; i < t.kernels.size(); i++) {
                detected++;
                if (t.kernelUs[i] > 0) {
                    matched++;
                    Kernel k = t.kernels.get(i);
                    double[] v = k.features().vector();
                    x.computeIfAbsent(k.type(), s -> new ArrayList<>()).add(v);
                    y.computeIfAbsent(k.type(), s -> new ArrayList<>()).add(t.kernelUs[i]);
                    allX.add(v);
                    allY.add(t.kernelUs[i]);
                }
            }
        }
        if (allX.isEmpty()) {
            throw new IllegalStateException("no traced kernel of " + data.size() + " networks could be matched to "
                    + "the IR; the traces do not name the graphs' nodes");
        }
        Map<String, KernelRegressor> regressors = new LinkedHashMap<>();
        for (String type : x.keySet()) {
            regressors.put(type, KernelRegressor.fit(x.get(type), y.get(type), options.ridge(), options.neighbours()));
        }
        KernelRegressor fallback = KernelRegressor.fit(allX, allY, options.ridge(), options.neighbours());
        KernelLatencyPredictor.Overhead overhead = overhead(traced, regressors, fallback);

        Map<String, String> details = new LinkedHashMap<>();
        details.put("networks", Integer.toString(traced.size()));
        details.put("kernelSamples", Integer.toString(allX.size()));
        details.put("kernelTypes", regressors.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().samples() + "/" + e.getValue().distinctShapes())
                .toList().toString());
        details.put("detectedKernelsTraced", String.format(Locale.ROOT, "%.3f", (double) matched / detected));
        details.put("overhead", String.format(Locale.ROOT, "%.4f ms + %.4f * kernels + %.5f ms/kernel",
                overhead.interceptMs(), overhead.scale(), overhead.perKernelMs()));
        details.put("optimizationLevel", detector.level().name());
        details.put("ortVersion", traced.get(0).trace.ortVersion());
        details.put("trace", options.plan().warmupRuns() + " warm-up + " + options.plan().runs() + " runs");
        details.put("meanTraceMs", String.format(Locale.ROOT, "%.1f",
                traced.stream().mapToDouble(t -> t.trace.traceMs()).average().orElse(0)));
        details.put("trainingData", data.sha256());
        details.put("seed", Long.toString(context.seed()));
        PredictorInfo info = new PredictorInfo(KernelProvider.NAME, options.spec(), space.name(), deviceId,
                SCHEMA.id(), details);
        return new KernelLatencyPredictor(info, space, detector, regressors, fallback, overhead);
    }

    /** Traced kernel times (µs) per detected kernel, by the rule in the class comment. */
    static double[] attribute(List<Kernel> kernels, KernelTrace trace) {
        Map<String, Integer> kernelOfNode = new HashMap<>();
        for (int i = 0; i < kernels.size(); i++) {
            for (String n : kernels.get(i).irNodes()) {
                kernelOfNode.put(n, i);
            }
        }
        double[] us = new double[kernels.size()];
        int last = -1;
        for (KernelTiming k : trace.kernels()) {
            Integer at = null;
            for (String n : k.irNodes()) {
                at = kernelOfNode.get(n);
                if (at != null) {
                    break;
                }
            }
            if (at != null) {
                last = at;
            }
            if (last >= 0) {
                us[last] += k.medianUs();
            }
        }
        return us;
    }

    /**
     * Fits the overhead on the kernels' <em>predicted</em> sums, as prediction will use them: a detected kernel
     * that ORT fused away is priced here as it will be then.
     */
    private static KernelLatencyPredictor.Overhead overhead(List<Traced> traced,
            Map<String, KernelRegressor> regressors, KernelRegressor fallback) {
        int n = traced.size();
        double[] measured = new double[n];
        double[] sum = new double[n];
        double[] count = new double[n];
        for (int i = 0; i < n; i++) {
            Traced t = traced.get(i);
            measured[i] = t.record.latencyMs();
            for (Kernel k : t.kernels) {
                sum[i] += regressors.getOrDefault(k.type(), fallback).predictUs(k.features().vector()) / 1000;
            }
            count[i] = t.kernels.size();
        }
        if (n >= 6) {
            try {
                OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
                double[][] xs = new double[n][];
                for (int i = 0; i < n; i++) {
                    xs[i] = new double[] {sum[i], count[i]};
                }
                ols.newSampleData(measured, xs);
                double[] b = ols.estimateRegressionParameters();
                if (b[1] > 0 && Double.isFinite(b[0]) && Double.isFinite(b[2])) {
                    return new KernelLatencyPredictor.Overhead(b[0], b[1], b[2]);
                }
            } catch (IllegalArgumentException e) { // SingularMatrixException among others
                // all networks alike in kernel count or sum: fall through to the intercept alone
            }
        }
        double[] gap = new double[n];
        for (int i = 0; i < n; i++) {
            gap[i] = measured[i] - sum[i];
        }
        java.util.Arrays.sort(gap);
        double median = n % 2 == 1 ? gap[n / 2] : (gap[n / 2 - 1] + gap[n / 2]) / 2;
        return new KernelLatencyPredictor.Overhead(median, 1, 0);
    }
}
