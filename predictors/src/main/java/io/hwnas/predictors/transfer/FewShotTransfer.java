package io.hwnas.predictors.transfer;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Few-shot transfer of a latency predictor to a new device: reference devices measured on a whole table, plus
 * {@code k} measurements on the target, give a predictor for the target.
 *
 * <p><b>Method.</b> Two steps, each a small, well-understood estimator.
 * <ol>
 *   <li><em>Denoise the references.</em> Each reference column is fitted over all its rows by an
 *       {@link AdditiveLatencyModel} (a constant plus one cost per decision: per nb201 edge and operation). This
 *       keeps what the devices have in common, the cost of each operation, and drops per-row measurement noise and a
 *       phone's whole-ms rounding. It matters: in a prototype on NAS-Bench-201 (ridge regression, k = 10, five
 *       seeds) the raw reference latencies gave the target a mean Spearman of 0.92, the denoised ones 0.96. The
 *       per-row residuals of the references carry nothing about the target's: adding them does not improve even a
 *       fit on all 15,625 rows.</li>
 *   <li><em>Mix them to fit the target.</em> {@code target(a) ≈ b + Σ_j w_j · ref_j(a)} with every {@code w_j ≥ 0}
 *       and a free {@code b}, fitted on the k samples by a robust MM-type estimate
 *       ({@code RobustNonNegativeFit}: a least-absolute-deviations start, then Tukey's bisquare). Non-negative
 *       weights are the prior: a new device behaves like a blend of known ones, never like a known one upside down.
 *       With four references and five to ten samples this is the regularisation that works: in the prototype,
 *       ridge regression on the same features with the penalty chosen by leave-one-out ranked worse at k = 5, 10
 *       and 20 (0.937, 0.949, 0.963 against 0.956, 0.958, 0.964, ten seeds), and picking the single best reference
 *       by leave-one-out was no better. Robustness matters because a phone column has spikes (a 49 ms row where
 *       its operations predict 24 ms): one such row among ten turned a least-squares (or Huber) fit toward a GPU
 *       reference and the target's Spearman from 0.97 to 0.80.</li>
 * </ol>
 * Linear in milliseconds, not in logs: a network runs its operations one after another, so latencies add, and the
 * additive model fits each device better in ms than in log ms. A mixture of additive models is additive, so the
 * resulting {@link TransferPredictor} is one per-decision cost table and predicts any architecture of the space,
 * whether the table holds it or not.
 *
 * <p><b>Evaluation protocol ({@link #run()}).</b> The k target samples are drawn uniformly, with the seed, from the
 * target column's rows that have a value; the predictor is then scored with {@link Metrics} on every other such row.
 * On HELP's NAS-Bench-201 table, each of its five devices the target and the other four the references, k = 10
 * gives a mean Spearman of 0.964 over seeds 1–5 (0.957 at k = 5, 0.966 at k = 50; HELP reports 0.932 at k = 10 on
 * its own six devices): {@code bench/transfer-curve.sh}.
 *
 * <pre>{@code
 * LatencyTable table = LatencyTable.read(csv, nb201, "arch_str");
 * TransferResult r = FewShotTransfer.builder().table(table)
 *         .referenceColumns(List.of("1080ti_1_ms", "2080ti_1_ms", "silver_4114_ms", "samsung_a50_ms"))
 *         .targetColumn("essential_ph_1_ms").samples(10).seed(1).build().run();
 * r.metrics().spearman();
 *
 * // A device that no table has: fit on its own k measurements.
 * TransferPredictor p = transfer.train(measuredOnPhone);  // a LatencyDataset of k records
 * }</pre>
 */
public final class FewShotTransfer implements PredictorTrainer {

    /** The provider-style name recorded in {@link PredictorInfo#plugin()}. */
    public static final String PLUGIN = "transfer";

    private final LatencyTable table;
    private final SearchSpace space;
    private final List<String> referenceColumns;
    private final String targetColumn;
    private final int samples;
    private final long seed;
    private final List<AdditiveLatencyModel> references;

    private FewShotTransfer(Builder b, SearchSpace space, List<AdditiveLatencyModel> references) {
        this.table = b.table;
        this.space = space;
        this.referenceColumns = List.copyOf(b.referenceColumns);
        this.targetColumn = b.targetColumn;
        this.samples = b.samples;
        this.seed = b.seed;
        this.references = List.copyOf(references);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, for variants (another target, k or seed). */
    public Builder toBuilder() {
        Builder b = new Builder().table(table).space(space).referenceColumns(referenceColumns).seed(seed);
        b.targetColumn = targetColumn;
        b.samples = samples;
        return b;
    }

    /**
     * Draws the samples from the target column, fits on them and scores on all other rows of the column.
     *
     * @throws IllegalStateException when no {@code targetColumn} or {@code samples} was set
     */
    public TransferResult run() {
        if (targetColumn == null || samples == Builder.UNSET) {
            throw new IllegalStateException("run() needs targetColumn(...) and samples(...); targetColumn was "
                    + (targetColumn == null ? "not set" : "'" + targetColumn + "'") + ", samples "
                    + (samples == Builder.UNSET ? "not set" : samples));
        }
        double[] target = table.column(targetColumn);
        List<Architecture> archs = table.architectures();
        int[] rows = presentRows(target);
        // Partial Fisher-Yates: the first k of a seeded uniform shuffle of the present rows.
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples; i++) {
            int j = i + random.nextInt(rows.length - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        List<LatencyRecord> train = new ArrayList<>(samples);
        List<String> sampled = new ArrayList<>(samples);
        boolean[] isSample = new boolean[target.length];
        for (int i = 0; i < samples; i++) {
            train.add(new LatencyRecord(archs.get(rows[i]), target[rows[i]]));
            sampled.add(archs.get(rows[i]).canonical());
            isSample[rows[i]] = true;
        }
        LatencyDataset data = new LatencyDataset(space.name(), targetColumn, table.file().getFileName() + "#"
                + targetColumn + " (" + samples + " samples, seed " + seed + ")", train, 0);
        TransferPredictor predictor = train(data);

        int nTest = rows.length - samples;
        double[] measured = new double[nTest];
        double[] predicted = new double[nTest];
        int n = 0;
        for (int i = 0; i < target.length; i++) {
            if (!Double.isNaN(target[i]) && !isSample[i]) {
                measured[n] = target[i];
                predicted[n] = predictor.predict(archs.get(i)).latencyMs();
                n++;
            }
        }
        return new TransferResult(predictor, sampled, Metrics.of(measured, predicted));
    }

    /**
     * Fits the target on these measurements (of any architectures of the space, in the table or not).
     *
     * @throws IllegalArgumentException when {@code data} is of another space or has fewer than 2 records
     */
    @Override
    public TransferPredictor train(LatencyDataset data) {
        Objects.requireNonNull(data, "data");
        if (!data.space().equals(space.name())) {
            throw new IllegalArgumentException("data is of space '" + data.space() + "', the references of '"
                    + space.name() + "'");
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("data must have >= 2 records to fit, but had " + data.size() + " ("
                    + data.source() + ")");
        }
        int k = data.size();
        double[][] x = new double[k][references.size()];
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            LatencyRecord r = data.records().get(i);
            y[i] = r.latencyMs();
            for (int j = 0; j < references.size(); j++) {
                x[i][j] = references.get(j).predict(r.architecture());
            }
        }
        RobustNonNegativeFit fit = RobustNonNegativeFit.fit(x, y);
        double[] w = fit.weights();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        for (int j = 0; j < w.length; j++) {
            weights.put(referenceColumns.get(j), w[j]);
            details.put("weight." + referenceColumns.get(j), fmt(w[j]));
        }
        int outliers = 0;
        for (double rw : fit.rowWeights()) {
            if (rw == 0) {
                outliers++;
            }
        }
        details.put("intercept_ms", fmt(fit.intercept()));
        details.put("scale_ms", fmt(fit.scale()));
        details.put("samples", Integer.toString(k));
        details.put("outliers", Integer.toString(outliers));
        details.put("references", table.file().getFileName() + " " + referenceColumns);
        details.put("training_sha256", data.sha256());
        details.put("training_source", data.source());
        PredictorInfo info = new PredictorInfo(PLUGIN, "refs=" + String.join(",", referenceColumns), space.name(),
                data.device(), "", details);
        AdditiveLatencyModel model = AdditiveLatencyModel.combine(fit.intercept(), w, references);
        return new TransferPredictor(info, model, weights, fit.intercept(), fit.scale());
    }

    public List<String> referenceColumns() {
        return referenceColumns;
    }

    /** The denoised model of reference column {@code name}. */
    public AdditiveLatencyModel referenceModel(String name) {
        int i = referenceColumns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no reference column '" + name + "'; references: " + referenceColumns);
        }
        return references.get(i);
    }

    private static int[] presentRows(double[] column) {
        int n = 0;
        for (double v : column) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        int[] rows = new int[n];
        n = 0;
        for (int i = 0; i < column.length; i++) {
            if (!Double.isNaN(column[i])) {
                rows[n++] = i;
            }
        }
        return rows;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** Configuration; {@link #build()} checks it and fits the reference models. */
    public static final class Builder {

        static final int UNSET = -1;

        private LatencyTable table;
        private SearchSpace space;
        private List<String> referenceColumns = List.of();
        private String targetColumn;
        private int samples = UNSET;
        private long seed;

        private Builder() {}

        /** The table holding the reference columns (and, for {@link #run()}, the target column). */
        public Builder table(LatencyTable table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /** The table's space; by default the built-in space named by the table's architectures. */
        public Builder space(SearchSpace space) {
            this.space = Objects.requireNonNull(space, "space");
            return this;
        }

        public Builder referenceColumns(List<String> columns) {
            this.referenceColumns = List.copyOf(Objects.requireNonNull(columns, "referenceColumns"));
            return this;
        }

        /** The column to sample from and score against in {@link #run()}; not needed for {@link #train}. */
        public Builder targetColumn(String column) {
            this.targetColumn = Objects.requireNonNull(column, "targetColumn");
            return this;
        }

        /** k, the number of target rows {@link #run()} samples: at least 2, and at least 2 rows must stay to test. */
        public Builder samples(int k) {
            this.samples = k;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field and value: no table, no or repeated or unknown
         *                                  reference columns (all unknown names listed), a target that is also a
         *                                  reference, {@code samples} out of range, a space that does not match
         */
        public FewShotTransfer build() {
            if (table == null) {
                throw new IllegalArgumentException("table must be set");
            }
            if (referenceColumns.isEmpty()) {
                throw new IllegalArgumentException("referenceColumns must not be empty, but was []");
            }
            Set<String> seen = new HashSet<>();
            for (String c : referenceColumns) {
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("referenceColumns must not repeat a column, but has '" + c
                            + "' twice: " + referenceColumns);
                }
            }
            List<String> known = table.columns();
            List<String> unknown = new ArrayList<>();
            for (String c : referenceColumns) {
                if (!known.contains(c)) {
                    unknown.add(c);
                }
            }
            if (targetColumn != null && !known.contains(targetColumn)) {
                unknown.add(targetColumn);
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown columns " + unknown + " in referenceColumns/targetColumn; "
                        + table.file().getFileName() + " has " + known);
            }
            if (targetColumn != null && referenceColumns.contains(targetColumn)) {
                throw new IllegalArgumentException("targetColumn '" + targetColumn
                        + "' must not be one of referenceColumns " + referenceColumns);
            }
            if (samples != UNSET && samples < 2) {
                throw new IllegalArgumentException("samples must be >= 2, but was " + samples);
            }
            if (samples != UNSET && targetColumn != null) {
                int present = presentRows(table.column(targetColumn)).length;
                if (samples > present - 2) {
                    throw new IllegalArgumentException("samples must be <= " + (present - 2) + " (" + present
                            + " rows of '" + targetColumn + "' have a value; 2 must stay to test), but was "
                            + samples);
                }
            }
            SearchSpace s = resolveSpace();
            List<AdditiveLatencyModel> refs = new ArrayList<>();
            for (String c : referenceColumns) {
                try {
                    refs.add(AdditiveLatencyModel.fit(s, table.architectures(), table.column(c)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("referenceColumns '" + c + "': " + e.getMessage(), e);
                }
            }
            return new FewShotTransfer(this, s, refs);
        }

        private SearchSpace resolveSpace() {
            List<Architecture> archs = table.architectures();
            if (archs.isEmpty()) {
                throw new IllegalArgumentException("table " + table.file() + " has no rows");
            }
            String name = archs.get(0).space();
            if (space != null) {
                if (!space.name().equals(name)) {
                    throw new IllegalArgumentException("space '" + space.name() + "' does not match the table's space '"
                            + name + "'");
                }
                return space;
            }
            return SearchSpaces.builtIn().find(name).orElseThrow(() -> new IllegalArgumentException("table space '"
                    + name + "' is not built in; pass space(...); built in: " + SearchSpaces.builtIn().names()));
        }
    }
}
