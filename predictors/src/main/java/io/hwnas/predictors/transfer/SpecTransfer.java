package io.hwnas.predictors.transfer;

import io.hwnas.core.graph.NodeCost;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.analytic.Memo;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Latency on a device that cannot be measured here (a spec sheet only), learned from real measurements on a
 * reference device that can be, and carried over with both devices' spec-sheet figures.
 *
 * <p><b>Model.</b> From an architecture's graph (per node, batch 1) and a device's peak P (GFLOP/s) and bandwidth B
 * (GB/s): the compute time at peak {@code C = Σ flops / P}, the memory time at full bandwidth
 * {@code M = Σ bytes moved / B} (both in ms), and the number of operators {@code N}. On the reference's measurements
 * <pre>
 *   t_ref ≈ b + w_c·C_ref + w_m·M_ref + w_o·N        (w_c, w_m, w_o ≥ 0; b free)
 * </pre>
 * is fitted by {@link RobustNonNegativeFit} (a few wild measurements do not steer it), and the target is predicted as
 * <pre>
 *   t_tgt = s·b + w_c·C_tgt + w_m·M_tgt + s·w_o·N
 * </pre>
 * <b>The assumption</b>: the target reaches the same fraction of its spec-sheet figures as the reference does of its
 * own ({@code 1/w_c} of its peak, {@code 1/w_m} of its bandwidth). The fixed cost {@code b} and the cost per operator
 * {@code w_o} are a runtime's CPU work (dispatch, allocation, waking a thread pool), which runs on one core: they are
 * scaled by {@code s = reference's per-core peak / target's per-core peak}, per-core peak being peak / the cores the
 * model runs on, the one figure on a spec sheet that tells one core's speed (clock × SIMD width). A GPU or NPU
 * ({@link SpecSheet#cores()} 0) is dispatched by a host CPU its sheet does not describe: there {@code s = 1}, the host
 * assumed as fast as the reference's core.
 *
 * <p><b>Why this shape.</b> A raw roofline at batch 1 is wildly optimistic on most devices (HELP's five devices in
 * PyTorch run nb201 cells 10 to 300 times slower than their rooflines) because it assumes the peak and ignores the
 * per-operator overhead; one scale factor fitted on a reference ("calibrated roofline") fixes the first within one
 * device but carries the reference's overhead over as if it were compute. Separate weights for compute, memory and
 * overhead let each carry over by its own rule. The split is additive (compute plus memory time) rather than a
 * per-node {@code max(compute, memory)}: in a prototype on 300 nb201 cells measured on this machine's {@code cpu-1t}
 * (plain non-negative least squares on all of them) the additive form fitted the reference to a MAPE of 5.1 % (87 %
 * of cells within ±10 %) against 8.1 % (73 %) for the per-node maximum, and the two transferred to {@code cpu}
 * (2 threads) equally well (MAPE 20–21 % with K = 20). Non-negative weights are the prior that no cost makes a network
 * faster; a free intercept absorbs what does not scale with the graph.
 *
 * <p><b>What it cannot know.</b> The fraction of peak is a property of a runtime on a chip at batch 1, and it does not
 * carry across device classes: in PyTorch a 10-core Xeon reaches about 1/50 of its AVX-512 peak on nb201 cells and
 * HELP's phones 1/3 to 1/8 of their NEON peak, so a Xeon reference predicts a phone 5 to 7.5 times too slow. Nor do
 * more cores than the reference's speed a batch-1 network up in proportion: ONNX Runtime ran nb201 cells 1.5 times
 * faster on two threads than on one, where the transfer assumes 2. Figures and comparisons: docs/BENCHMARKS.md,
 * "Spec-sheet transfer (issue 6)". Ranking comes from the graph costs alone, so it is as good as they are.
 *
 * <pre>{@code
 * SpecTransfer t = SpecTransfer.builder().space(nb201)
 *         .reference(new SpecSheet("cpu-1t", 83.1, 30.0, 1))
 *         .target(new SpecSheet("rpi5", 153.6, 17.1, 4)).build();
 * SpecTransferPredictor p = t.train(cpu1tMeasurements);      // at least 3 records
 * double ms = p.predict(arch).latencyMs();
 * SpecTransferComparison c = t.compare(referenceRows, targetRows, 20, 1);   // against the rooflines
 * }</pre>
 */
public final class SpecTransfer implements PredictorTrainer {

    /** The provider-style name recorded in {@link PredictorInfo#plugin()}. */
    public static final String PLUGIN = "spec-transfer";

    /** The fewest reference measurements to fit on: four unknowns, but non-negativity and the intercept's free. */
    public static final int MIN_ROWS = 3;

    private final SearchSpace space;
    private final SpecSheet reference;
    private final SpecSheet target;
    private final double overheadScale;
    private final GraphCosts costs;

    private SpecTransfer(SearchSpace space, SpecSheet reference, SpecSheet target, GraphCosts costs) {
        this.space = space;
        this.reference = reference;
        this.target = target;
        double r = reference.corePeakGflops();
        double t = target.corePeakGflops();
        this.overheadScale = Double.isNaN(r) || Double.isNaN(t) ? 1 : r / t;
        this.costs = costs;
    }

    /**
     * Every node's FLOPs and bytes moved of the architectures costed so far, memoised: building and costing a graph
     * takes a millisecond or more, so transfers to several targets over one table share one (see
     * {@link Builder#costs}).
     */
    public static final class GraphCosts {
        private final SearchSpace space;
        private final Memo<long[][]> memo;

        /** @param capacity how many architectures to keep (about 2.5 kB each for nb201) */
        public GraphCosts(SearchSpace space, int capacity) {
            this.space = Objects.requireNonNull(space, "space");
            this.memo = new Memo<>(capacity, a -> {
                List<NodeCost> nodes = space.buildGraph(a).cost().perNode();
                long[][] fb = new long[2][nodes.size()];
                for (int i = 0; i < fb[0].length; i++) {
                    fb[0][i] = nodes.get(i).flops();
                    fb[1][i] = nodes.get(i).bytesMoved();
                }
                return fb;
            });
        }

        long[][] of(Architecture a) {
            return memo.get(a);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public SearchSpace space() {
        return space;
    }

    public SpecSheet reference() {
        return reference;
    }

    public SpecSheet target() {
        return target;
    }

    /** {@code s}, the factor the fixed and per-operator costs are carried to the target with. */
    public double overheadScale() {
        return overheadScale;
    }

    /**
     * Fits the model on measurements of the reference device.
     *
     * @throws IllegalArgumentException when {@code data} is of another space or has fewer than {@link #MIN_ROWS}
     *                                  records, naming the reference and the count
     */
    @Override
    public SpecTransferPredictor train(LatencyDataset data) {
        Objects.requireNonNull(data, "data");
        if (!data.space().equals(space.name())) {
            throw new IllegalArgumentException("spec transfer is for space '" + space.name() + "', but the reference "
                    + "measurements (" + data.source() + ") are of space '" + data.space() + "'");
        }
        if (data.size() < MIN_ROWS) {
            throw new IllegalArgumentException("spec transfer to " + target.device() + " needs at least " + MIN_ROWS
                    + " measurements on the reference " + reference.device() + ", but had " + data.size() + " ("
                    + data.source() + ")");
        }
        int k = data.size();
        double[][] x = new double[k][];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            LatencyRecord r = data.records().get(i);
            x[i] = costs(r.architecture()).referenceFeatures();
            y[i] = r.latencyMs();
        }
        RobustNonNegativeFit fit = RobustNonNegativeFit.fit(x, y);
        double[] w = fit.weights();
        int outliers = 0;
        for (double rw : fit.rowWeights()) {
            if (rw == 0) {
                outliers++;
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reference", reference.toString());
        details.put("target", target.toString());
        details.put("intercept_ms", fmt(fit.intercept()));
        details.put("weight.compute", fmt(w[0]));
        details.put("weight.memory", fmt(w[1]));
        details.put("per_operator_ms", fmt(w[2]));
        details.put("overhead_scale", fmt(overheadScale));
        details.put("scale_ms", fmt(fit.scale()));
        details.put("samples", Integer.toString(k));
        details.put("outliers", Integer.toString(outliers));
        details.put("training_sha256", data.sha256());
        details.put("training_source", data.source());
        PredictorInfo info = new PredictorInfo(PLUGIN, "reference=" + reference.device(), space.name(),
                target.device(), "", details);
        return new SpecTransferPredictor(info, this, fit.intercept(), w[0], w[1], w[2], fit.scale());
    }

    /**
     * The benchmark: fits on {@code k} rows drawn uniformly (with the seed) from {@code referenceRows}, and scores
     * three predictors of the target against every row of {@code targetRows}: the raw roofline of the target's
     * figures, that roofline times one scale fitted on the same k reference rows (the geometric mean of measured
     * over roofline on the reference), and this transfer.
     *
     * @throws IllegalArgumentException when k is below {@link #MIN_ROWS} or above the reference rows, or the target
     *                                  has fewer than 2 rows
     */
    public SpecTransferComparison compare(LatencyDataset referenceRows, LatencyDataset targetRows, int k, long seed) {
        Objects.requireNonNull(referenceRows, "referenceRows");
        Objects.requireNonNull(targetRows, "targetRows");
        List<LatencyRecord> refs = referenceRows.records();
        if (k < MIN_ROWS || k > refs.size()) {
            throw new IllegalArgumentException("samples must be in [" + MIN_ROWS + ", " + refs.size() + "] (the rows "
                    + "of " + referenceRows.source() + "), but was " + k);
        }
        if (targetRows.size() < 2) {
            throw new IllegalArgumentException("the target " + targetRows.source() + " needs at least 2 rows to score "
                    + "on, but has " + targetRows.size());
        }
        int[] order = new int[refs.size()];
        Arrays.setAll(order, i -> i);
        // Partial Fisher-Yates: the first k of a seeded uniform shuffle.
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<LatencyRecord> train = new ArrayList<>(k);
        List<String> sampled = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            train.add(refs.get(order[i]));
            sampled.add(refs.get(order[i]).architecture().canonical());
        }
        targetRows.records().parallelStream().forEach(r -> costs(r.architecture()));
        SpecTransferPredictor p = train(referenceRows.withRecords(train, "(" + k + " rows, seed " + seed + ")"));
        double logScale = 0;
        for (LatencyRecord r : train) {
            logScale += Math.log(r.latencyMs() / costs(r.architecture()).referenceRooflineMs());
        }
        double scale = Math.exp(logScale / k);
        int n = targetRows.size();
        double[] measured = new double[n];
        double[] roofline = new double[n];
        double[] calibrated = new double[n];
        double[] transfer = new double[n];
        for (int i = 0; i < n; i++) {
            LatencyRecord r = targetRows.records().get(i);
            measured[i] = r.latencyMs();
            roofline[i] = costs(r.architecture()).targetRooflineMs();
            calibrated[i] = scale * roofline[i];
            transfer[i] = p.predict(r.architecture()).latencyMs();
        }
        List<SpecTransferComparison.Scored> scored = List.of(
                SpecTransferComparison.Scored.of("roofline", measured, roofline),
                SpecTransferComparison.Scored.of("roofline calibrated on the reference", measured, calibrated),
                SpecTransferComparison.Scored.of("spec transfer", measured, transfer));
        return new SpecTransferComparison(p, sampled, scale, scored);
    }

    Costs costs(Architecture a) {
        if (!a.space().equals(space.name())) {
            throw new IllegalArgumentException("spec transfer of space '" + space.name() + "' cannot cost " + a);
        }
        return Costs.of(costs.of(a), reference, target);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * What the model needs of one architecture's graph, at both devices' figures.
     *
     * @param nodes the number of operators
     */
    record Costs(double referenceComputeMs, double referenceMemoryMs, double targetComputeMs, double targetMemoryMs,
            int nodes, double referenceRooflineMs, double targetRooflineMs) {

        /** @param nodes each node's FLOPs ({@code nodes[0]}) and bytes moved ({@code nodes[1]}) */
        static Costs of(long[][] nodes, SpecSheet reference, SpecSheet target) {
            double flops = 0;
            double bytes = 0;
            double refRoof = 0;
            double tgtRoof = 0;
            // 1 GFLOP/s = 1e6 FLOP per ms; 1 GB/s = 1e6 bytes per ms
            double rp = reference.peakGflops() * 1e6;
            double rb = reference.bandwidthGBs() * 1e6;
            double tp = target.peakGflops() * 1e6;
            double tb = target.bandwidthGBs() * 1e6;
            for (int i = 0; i < nodes[0].length; i++) {
                double f = nodes[0][i];
                double b = nodes[1][i];
                flops += f;
                bytes += b;
                refRoof += Math.max(f / rp, b / rb);
                tgtRoof += Math.max(f / tp, b / tb);
            }
            return new Costs(flops / rp, bytes / rb, flops / tp, bytes / tb, nodes[0].length, refRoof, tgtRoof);
        }

        double[] referenceFeatures() {
            return new double[] {referenceComputeMs, referenceMemoryMs, nodes};
        }
    }

    /** Configuration; {@link #build()} checks it. */
    public static final class Builder {

        private SearchSpace space;
        private SpecSheet reference;
        private SpecSheet target;
        private GraphCosts costs;

        private Builder() {}

        public Builder space(SearchSpace space) {
            this.space = Objects.requireNonNull(space, "space");
            return this;
        }

        /** The measured device's figures. */
        public Builder reference(SpecSheet reference) {
            this.reference = Objects.requireNonNull(reference, "reference");
            return this;
        }

        /** The spec-sheet device's figures. */
        public Builder target(SpecSheet target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * The graph costs to use, shared with other transfers of the same space; by default a memo of its own, of
         * 16,384 architectures.
         */
        public Builder costs(GraphCosts costs) {
            this.costs = Objects.requireNonNull(costs, "costs");
            return this;
        }

        /** @throws IllegalArgumentException naming whichever of space, reference and target is not set */
        public SpecTransfer build() {
            List<String> missing = new ArrayList<>();
            if (space == null) {
                missing.add("space");
            }
            if (reference == null) {
                missing.add("reference (the measured device's spec sheet)");
            }
            if (target == null) {
                missing.add("target (the spec-sheet device)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("spec transfer needs " + String.join(", ", missing)
                        + " to be set");
            }
            if (costs != null && !costs.space.name().equals(space.name())) {
                throw new IllegalArgumentException("costs are of space '" + costs.space.name() + "', the transfer of '"
                        + space.name() + "'");
            }
            return new SpecTransfer(space, reference, target, costs != null ? costs : new GraphCosts(space, 16384));
        }
    }
}
