package io.hwnas.predictors.lut;

import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * Fits a {@link LookupTable} from whole-network latencies; see {@link LutProvider}.
 *
 * <p>The fit minimises {@code Σᵢ (yᵢ − Σⱼ xᵢⱼ wⱼ)² + Σⱼ λⱼ wⱼ²} over the block latencies {@code w} (x counts how often
 * network i holds block j), with {@code w ≥ 0} unless {@code nonneg=false}. The normal equations are small (one row
 * per block kind), so they are formed in full; Commons Math's Cholesky gives the unconstrained ridge solution, and
 * projected coordinate descent from its non-negative part, with a Lawson–Hanson step now and then, gives the
 * constrained one. Everything is sequential, so the same data gives the same table.
 */
final class LutTrainer implements PredictorTrainer {

    /**
     * @param ridge       penalty on block latencies, as a multiple of the training rows
     * @param nonNegative whether block latencies are kept ≥ 0
     */
    record Config(double ridge, boolean nonNegative) {}

    /** Penalty on base columns and floor on every column, per training row: keeps the system definite. */
    private static final double BASE_RIDGE = 1e-6;
    private static final int MAX_SWEEPS = 20_000;
    private static final double TOLERANCE_MS = 1e-9;
    private static final int POLISH_EVERY = 20;

    private final String options;
    private final Config config;
    private final String space;
    private final BlockLayout layout;

    LutTrainer(String options, Config config, String space, BlockLayout layout) {
        this.options = options;
        this.config = config;
        this.space = space;
        this.layout = layout;
    }

    @Override
    public LutPredictor train(LatencyDataset data) {
        if (!data.space().equals(space)) {
            throw new IllegalArgumentException("lut trainer is for space '" + space + "', but the dataset ("
                    + data.source() + ") is of space '" + data.space() + "'");
        }
        List<LatencyRecord> rs = data.records();
        int n = rs.size();
        if (n < 2) {
            throw new IllegalArgumentException("lut needs at least 2 training rows, but " + data.source() + " has "
                    + n);
        }
        int p = layout.columns();
        Design x = design(rs);
        for (int j = 0; j < p; j++) {
            x.gram()[j][j] += n * (layout.isBase(j) ? BASE_RIDGE : Math.max(BASE_RIDGE, config.ridge()));
        }
        double[] w = ridgeSolution(x.gram(), x.xty());
        int sweeps = config.nonNegative() ? coordinateDescent(x.gram(), x.xty(), w) : 0;
        Residuals res = residuals(x, w);
        double[] mean = new double[p];
        double[] variance = new double[p];
        for (int j = 0; j < p; j++) {
            if (x.networks()[j] > 0) {
                mean[j] = w[j];
                variance[j] = res.varianceSum()[j] / x.occurrences()[j];
            }
        }
        List<LookupTable.Entry> entries = fillUnseen(mean, variance, x.networks());
        PredictorInfo info = info(data, entries, sweeps, Math.sqrt(res.squares() / n));
        return new LutPredictor(info, layout, mean, variance, new LookupTable(entries));
    }

    /**
     * The training rows as block columns, and the normal equations' sums over them.
     *
     * @param rows        each network's block columns (a block held twice appears twice)
     * @param y           each network's latency
     * @param gram        {@code XᵀX}, before the ridge
     * @param xty         {@code Xᵀy}
     * @param occurrences how often each block occurs over all networks
     * @param networks    how many networks hold each block
     */
    private record Design(int[][] rows, double[] y, double[][] gram, double[] xty, double[] occurrences,
            int[] networks) {}

    private Design design(List<LatencyRecord> rs) {
        int n = rs.size();
        int p = layout.columns();
        int[][] rows = new int[n][];
        double[] y = new double[n];
        int[] buffer = new int[layout.maxActive()];
        double[][] g = new double[p][p];
        double[] xty = new double[p];
        double[] occurrences = new double[p];
        int[] count = new int[p];
        int[] lastRow = new int[p];
        Arrays.fill(lastRow, -1);
        for (int i = 0; i < n; i++) {
            int m = layout.activeColumns(rs.get(i).architecture(), buffer);
            rows[i] = Arrays.copyOf(buffer, m);
            y[i] = rs.get(i).latencyMs();
            for (int a : rows[i]) {
                xty[a] += y[i];
                occurrences[a]++;
                if (lastRow[a] != i) {
                    lastRow[a] = i;
                    count[a]++;
                }
                for (int b : rows[i]) {
                    g[a][b] += 1;
                }
            }
        }
        return new Design(rows, y, g, xty, occurrences, count);
    }

    /** Each block's sum of attributed squared residuals, and the sum of the squared residuals. */
    private record Residuals(double[] varianceSum, double squares) {}

    /**
     * Residuals, attributed to blocks by their share of the prediction (squared residual × share): summed over a
     * network's blocks this gives back its squared residual, so sqrt(Σ variances) is on the scale of the error.
     */
    private static Residuals residuals(Design x, double[] w) {
        double[] varianceSum = new double[w.length];
        double squares = 0;
        for (int i = 0; i < x.rows().length; i++) {
            double yHat = 0;
            double abs = 0;
            for (int a : x.rows()[i]) {
                yHat += w[a];
                abs += Math.abs(w[a]);
            }
            double r = x.y()[i] - yHat;
            squares += r * r;
            if (abs > 0) {
                for (int a : x.rows()[i]) {
                    varianceSum[a] += Math.abs(w[a]) / abs * r * r;
                }
            }
        }
        return new Residuals(varianceSum, squares);
    }

    private PredictorInfo info(LatencyDataset data, List<LookupTable.Entry> entries, int sweeps, double rmse) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("blocks", Integer.toString(layout.columns()));
        details.put("unseen", Long.toString(entries.stream().filter(LookupTable.Entry::fallback).count()));
        details.put("ridge", Double.toString(config.ridge()));
        details.put("nonneg", Boolean.toString(config.nonNegative()));
        details.put("descent_sweeps", Integer.toString(sweeps));
        details.put("train_rmse_ms", Double.toString(rmse));
        details.put("n_train", Integer.toString(data.records().size()));
        details.put("train_sha256", data.sha256());
        return new PredictorInfo(LutProvider.NAME, options, space, data.device(), "", details);
    }

    /** The unconstrained ridge solution, or zeros when Cholesky finds the system not definite enough. */
    private static double[] ridgeSolution(double[][] g, double[] xty) {
        try {
            RealVector w = new CholeskyDecomposition(MatrixUtils.createRealMatrix(g), 1e-12, 1e-14).getSolver()
                    .solve(MatrixUtils.createRealVector(xty));
            return w.toArray();
        } catch (NonPositiveDefiniteMatrixException e) {
            return new double[xty.length];
        }
    }

    /**
     * Projected coordinate descent on {@code ½wᵀGw − wᵀb} with {@code w ≥ 0}, from the non-negative part of
     * {@code w}; returns the sweeps taken. Each coordinate step is exact, so the objective never rises. Directions
     * that only the ridge term pins down (stages of nb201, bases against blocks in mbv3) are nearly flat, where
     * descent crawls; so every {@value #POLISH_EVERY} sweeps a Lawson–Hanson step takes the blocks above zero as free,
     * solves for them exactly (Cholesky) and walks towards that solution as far as stays feasible. When the result
     * also satisfies the optimality conditions (no gradient asks a zero block to grow) it is the answer.
     */
    static int coordinateDescent(double[][] g, double[] b, double[] w) {
        int p = w.length;
        for (int j = 0; j < p; j++) {
            w[j] = Math.max(0, w[j]);
        }
        double[] grad = gradient(g, b, w);
        double scale = 0;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double largest = 0;
            for (int j = 0; j < p; j++) {
                double next = Math.max(0, w[j] - grad[j] / g[j][j]);
                double delta = next - w[j];
                if (delta != 0) {
                    w[j] = next;
                    double[] column = g[j]; // symmetric: row j is column j
                    for (int k = 0; k < p; k++) {
                        grad[k] += column[k] * delta;
                    }
                    largest = Math.max(largest, Math.abs(delta));
                }
            }
            if (largest < TOLERANCE_MS) {
                return sweep;
            }
            if (sweep % POLISH_EVERY == 0) {
                if (polish(g, b, w)) {
                    grad = gradient(g, b, w);
                    if (optimal(w, grad, 1e-12 * Math.max(1, scale))) {
                        return sweep;
                    }
                }
            }
        }
        return MAX_SWEEPS;
    }

    private static double[] gradient(double[][] g, double[] b, double[] w) {
        int p = w.length;
        double[] grad = new double[p];
        for (int j = 0; j < p; j++) {
            double s = -b[j];
            for (int k = 0; k < p; k++) {
                s += g[j][k] * w[k];
            }
            grad[j] = s;
        }
        return grad;
    }

    private static boolean optimal(double[] w, double[] grad, double tolerance) {
        for (int j = 0; j < w.length; j++) {
            if (w[j] == 0 ? grad[j] < -tolerance : Math.abs(grad[j]) > tolerance * 1e3) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lawson and Hanson's inner loop from {@code w}: solve on the blocks above zero; while that solution has a block
     * at or below zero, move towards it only as far as keeps every block ≥ 0, drop the blocks that reach zero and
     * solve again. Never raises the objective (it is convex and each move is along a segment towards a minimiser of
     * a face). Returns whether {@code w} was changed.
     */
    private static boolean polish(double[][] g, double[] b, double[] w) {
        int p = w.length;
        int[] free = IntStream.range(0, p).filter(j -> w[j] > 0).toArray();
        boolean changed = false;
        while (free.length > 0) {
            double[][] gf = new double[free.length][free.length];
            double[] bf = new double[free.length];
            for (int i = 0; i < free.length; i++) {
                bf[i] = b[free[i]];
                for (int k = 0; k < free.length; k++) {
                    gf[i][k] = g[free[i]][free[k]];
                }
            }
            double[] z;
            try {
                z = new CholeskyDecomposition(MatrixUtils.createRealMatrix(gf), 1e-12, 1e-14).getSolver()
                        .solve(MatrixUtils.createRealVector(bf)).toArray();
            } catch (NonPositiveDefiniteMatrixException e) {
                return changed;
            }
            double step = 1;
            for (int i = 0; i < free.length; i++) {
                if (z[i] <= 0) {
                    double wi = w[free[i]];
                    step = Math.min(step, wi / (wi - z[i]));
                }
            }
            for (int i = 0; i < free.length; i++) {
                int j = free[i];
                w[j] = step == 1 ? z[i] : w[j] + step * (z[i] - w[j]);
                if (!(w[j] > 1e-15)) {
                    w[j] = 0;
                }
            }
            changed = true;
            if (step == 1) {
                return true;
            }
            free = Arrays.stream(free).filter(j -> w[j] > 0).toArray();
        }
        return changed;
    }

    /**
     * Gives each never-seen column the mean of the seen columns of its closest fallback group, and a variance that
     * adds the spread of those means to their mean variance, so an unseen block says it is less certain.
     */
    private List<LookupTable.Entry> fillUnseen(double[] mean, double[] variance, int[] count) {
        int p = mean.length;
        Map<String, List<Integer>> seenByGroup = new LinkedHashMap<>();
        for (int j = 0; j < p; j++) {
            if (count[j] > 0) {
                for (String group : groups(j)) {
                    seenByGroup.computeIfAbsent(group, k -> new ArrayList<>()).add(j);
                }
            }
        }
        double[] seenMean = mean.clone();
        double[] seenVariance = variance.clone();
        List<LookupTable.Entry> entries = new ArrayList<>(p);
        for (int j = 0; j < p; j++) {
            if (count[j] > 0) {
                entries.add(new LookupTable.Entry(layout.name(j), mean[j], variance[j], count[j], false, ""));
                continue;
            }
            String used = "";
            for (String group : groups(j)) {
                List<Integer> members = seenByGroup.get(group);
                if (members != null) {
                    double m = 0;
                    double v = 0;
                    for (int k : members) {
                        m += seenMean[k];
                        v += seenVariance[k];
                    }
                    m /= members.size();
                    double spread = 0;
                    for (int k : members) {
                        spread += (seenMean[k] - m) * (seenMean[k] - m);
                    }
                    mean[j] = m;
                    variance[j] = v / members.size() + spread / members.size();
                    used = group;
                    break;
                }
            }
            entries.add(new LookupTable.Entry(layout.name(j), mean[j], variance[j], 0, true, used));
        }
        return entries;
    }

    /** The layout's fallback groups, then every column of the same kind. */
    private List<String> groups(int column) {
        List<String> gs = new ArrayList<>(layout.fallbackGroups(column));
        gs.add(layout.isBase(column) ? "all bases" : "all blocks");
        return gs;
    }
}
