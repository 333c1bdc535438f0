package io.hwnas.predictors.kernel;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.trace.KernelTiming;
import io.hwnas.core.measure.trace.KernelTrace;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.stats.Stats;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.features.FeatureSchema;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Trains a {@link KernelLatencyPredictor} from whole-network latencies and per-kernel traces of the same networks.
 *
 * <p>A {@link LatencyDataset} holds only whole-network latencies, so the trainer has every training architecture
 * traced on the device by the context's {@link PredictorContext#tracer() tracer} (the command-line tool's exports
 * the network and runs it with ONNX Runtime's profiler; tests give traces taken before). Then:
 * <ol>
 *   <li>each network is split into kernels by {@link KernelDetector} at the traced device's optimisation level, the
 *       same split prediction uses, and each traced kernel's median time goes to the detected kernel that holds the
 *       IR node ORT named it after; a traced kernel that names no IR node (a layout reorder, a piece of an expanded
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
 * <p>A drift-controlled trace's kernel times are taken {@linkplain KernelTrace#correctedKernels() corrected} for
 * the machine's speed while it was traced (raw time / speed factor), as the dataset's latencies are under drift
 * control; a trace without a speed factor gives its raw times, as before.
 *
 * <pre>{@code
 * PredictorTrainer t = new KernelProvider().trainer("device=cpu-1t,runs=20",
 *         PredictorContext.of(nb201, 42, home).withTracer(tracer));
 * LatencyPredictor p = t.train(dataset);   // traces each training architecture once
 * }</pre>
 */
public final class KernelTrainer implements PredictorTrainer {

    /** Names the feature vector layout saved with a predictor. */
    public static final FeatureSchema SCHEMA = new FeatureSchema("kernel-v1", KernelFeatures.VECTOR_NAMES);

    private final KernelOptions options;
    private final PredictorContext context;

    public KernelTrainer(KernelOptions options, PredictorContext context) {
        this.options = Objects.requireNonNull(options, "options");
        this.context = Objects.requireNonNull(context, "context");
    }

    public KernelOptions options() {
        return options;
    }

    /** One training network, traced and split. */
    private record Traced(LatencyRecord record, List<Kernel> kernels, double[] kernelUs, KernelTrace trace) {}

    /** The regressors fitted on the traced kernels, and how many detected kernels got time. */
    private record Fit(Map<String, KernelRegressor> regressors, KernelRegressor fallback, int samples,
            double tracedShare) {}

    /**
     * @throws IllegalArgumentException when the dataset is of another space, has fewer than 2 records, or names
     *                                  another device than the {@code device} option
     * @throws KernelTraceException     when tracing a training network fails
     */
    @Override
    public KernelLatencyPredictor train(LatencyDataset data) {
        Objects.requireNonNull(data, "data");
        String deviceId = deviceOf(data);
        List<KernelTrace> traces = trace(data, deviceId);
        // the level the traces ran at: ORT fuses by it, and prediction must split networks the same way
        KernelDetector detector = KernelDetector.forLevel(traces.get(0).settings().optimizationLevel());
        List<Traced> traced = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            LatencyRecord r = data.records().get(i);
            List<Kernel> kernels = detector.detect(context.space().buildGraph(r.architecture()));
            traced.add(new Traced(r, kernels, attribute(kernels, traces.get(i)), traces.get(i)));
        }
        Fit fit = fit(traced, data.size());
        KernelLatencyPredictor.Overhead overhead = overhead(traced, fit.regressors(), fit.fallback());
        PredictorInfo info = new PredictorInfo(KernelProvider.NAME, options.spec(), context.space().name(), deviceId,
                SCHEMA.id(), details(data, traced, fit, overhead, detector));
        return new KernelLatencyPredictor(info, context.space(), detector, fit.regressors(), fit.fallback(),
                overhead);
    }

    /** The device to trace on: the option's, which must be the dataset's. */
    private String deviceOf(LatencyDataset data) {
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
        return deviceId;
    }

    /** Every training network's trace, in the dataset's order. */
    private List<KernelTrace> trace(LatencyDataset data, String deviceId) {
        List<KernelTrace> traces = new ArrayList<>();
        for (LatencyRecord r : data.records()) {
            Graph graph = context.space().buildGraph(r.architecture());
            try {
                traces.add(context.tracer().trace(r.architecture(), graph, deviceId, options.plan()));
            } catch (MeasuringException e) {
                throw new KernelTraceException("cannot trace " + r.architecture() + " on " + deviceId
                        + " to train the kernel predictor", e);
            }
        }
        return traces;
    }

    /** One regressor per kernel type, and one on all kernels, on the detected kernels that received time. */
    private Fit fit(List<Traced> traced, int networks) {
        Map<String, List<double[]>> x = new TreeMap<>();
        Map<String, List<Double>> y = new TreeMap<>();
        List<double[]> allX = new ArrayList<>();
        List<Double> allY = new ArrayList<>();
        int detected = 0;
        for (Traced t : traced) {
            for (int i = 0; i < t.kernels.size(); i++) {
                detected++;
                if (t.kernelUs[i] > 0) {
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
            throw new IllegalStateException("no traced kernel of " + networks + " networks could be matched to "
                    + "the IR; the traces do not name the graphs' nodes");
        }
        Map<String, KernelRegressor> regressors = new LinkedHashMap<>();
        for (String type : x.keySet()) {
            regressors.put(type, KernelRegressor.fit(x.get(type), y.get(type), options.ridge(), options.neighbours()));
        }
        KernelRegressor fallback = KernelRegressor.fit(allX, allY, options.ridge(), options.neighbours());
        return new Fit(regressors, fallback, allX.size(), (double) allX.size() / detected);
    }

    private Map<String, String> details(LatencyDataset data, List<Traced> traced, Fit fit,
            KernelLatencyPredictor.Overhead overhead, KernelDetector detector) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("networks", Integer.toString(traced.size()));
        details.put("kernelSamples", Integer.toString(fit.samples()));
        details.put("kernelTypes", fit.regressors().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().samples() + "/" + e.getValue().distinctShapes())
                .toList().toString());
        details.put("detectedKernelsTraced", String.format(Locale.ROOT, "%.3f", fit.tracedShare()));
        details.put("overhead", String.format(Locale.ROOT, "%.4f ms + %.4f * kernels + %.5f ms/kernel",
                overhead.interceptMs(), overhead.scale(), overhead.perKernelMs()));
        details.put("optimizationLevel", detector.level().name());
        details.put("ortVersion", traced.get(0).trace.ortVersion());
        details.put("trace", options.plan().warmupRuns() + " warm-up + " + options.plan().runs() + " runs");
        details.put("meanTraceMs", String.format(Locale.ROOT, "%.1f",
                traced.stream().mapToDouble(t -> t.trace.traceMs()).average().orElse(0)));
        double[] factors = traced.stream().map(t -> t.trace.speedFactor()).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        if (factors.length > 0) { // only under drift control, so that a predictor without it reads as before
            details.put("kernelTimes", String.format(Locale.ROOT, "corrected by the speed factor (median %.3f over "
                    + "%d of %d traces)", Stats.median(factors), factors.length, traced.size()));
        }
        details.put("trainingData", data.sha256());
        details.put("seed", Long.toString(context.seed()));
        return details;
    }

    /**
     * Traced kernel times (µs) per detected kernel, by the rule in the class comment; corrected for the machine's
     * speed when the trace has a speed factor.
     */
    public static double[] attribute(List<Kernel> kernels, KernelTrace trace) {
        Map<String, Integer> kernelOfNode = new HashMap<>();
        for (int i = 0; i < kernels.size(); i++) {
            for (String n : kernels.get(i).irNodes()) {
                kernelOfNode.put(n, i);
            }
        }
        double[] us = new double[kernels.size()];
        int last = -1;
        for (KernelTiming k : trace.correctedKernels()) {
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
