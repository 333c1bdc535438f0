package io.hwnas.predictors.transfer;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Latency as a constant plus one cost per decision: {@code intercept + Σ_d cost[d][gene_d]}, the lookup-table model
 * of FBNet and nn-Meter at the granularity of a space's decisions (an nb201 edge's operation, an mbv3 block's kernel
 * or expansion). Choice 0 of each dimension is the baseline and costs 0; an {@link Architecture#INACTIVE inactive}
 * gene adds nothing. Immutable.
 *
 * <p>Fitted by least squares over a whole table column, it is a denoised copy of that device: it averages out
 * measurement noise and a phone's whole-millisecond rounding over thousands of rows, and it can cost architectures
 * the table lacks. On NAS-Bench-201 (HELP's five devices) it ranks the measured latencies with a Spearman of
 * 0.93–0.99 (lowest for the phone with 39 distinct whole-ms values). It counts every edge, live or not, and rightly
 * so for those tables: they were measured in PyTorch, which runs dead edges too, and counts of live operations
 * (what {@code Nb201Space.buildGraph} costs) add nothing to the fit.
 *
 * <pre>{@code
 * AdditiveLatencyModel gpu = AdditiveLatencyModel.fit(nb201, table.architectures(), table.column("1080ti_1_ms"));
 * double ms = gpu.predict(nb201.decode("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|...|"));
 * }</pre>
 */
public final class AdditiveLatencyModel {

    private final String space;
    private final List<Dimension> dimensions;
    private final double intercept;
    private final double[][] costs;

    private AdditiveLatencyModel(String space, List<Dimension> dimensions, double intercept, double[][] costs) {
        this.space = space;
        this.dimensions = List.copyOf(dimensions);
        this.intercept = intercept;
        this.costs = new double[costs.length][];
        for (int d = 0; d < costs.length; d++) {
            this.costs[d] = costs[d].clone();
        }
    }

    /**
     * Least squares over the rows whose latency is a positive number ({@code NaN} rows are skipped). A tiny relative
     * ridge keeps a choice that no row uses at cost 0 instead of failing.
     *
     * @throws IllegalArgumentException when the lengths differ, an architecture is of another space, or fewer than
     *                                  two rows have a latency
     */
    public static AdditiveLatencyModel fit(SearchSpace space, List<Architecture> architectures, double[] latencies) {
        Objects.requireNonNull(space, "space");
        if (architectures.size() != latencies.length) {
            throw new IllegalArgumentException(architectures.size() + " architectures but " + latencies.length
                    + " latencies");
        }
        List<Dimension> dims = space.dimensions();
        int[] offset = new int[dims.size()];
        int p = 1;
        for (int d = 0; d < dims.size(); d++) {
            offset[d] = p - 1; // column of choice c is offset[d] + c, for c >= 1
            p += dims.get(d).size() - 1;
        }
        double[][] ata = new double[p][p];
        double[] atb = new double[p];
        int[] active = new int[dims.size() + 1];
        int rows = 0;
        for (int i = 0; i < latencies.length; i++) {
            double y = latencies[i];
            if (!(y > 0) || !Double.isFinite(y)) {
                continue;
            }
            Architecture a = architectures.get(i);
            checkGenome(space.name(), dims, a);
            int n = 0;
            active[n++] = 0;
            for (int d = 0; d < dims.size(); d++) {
                int g = a.gene(d);
                if (g > 0) {
                    active[n++] = offset[d] + g;
                }
            }
            for (int u = 0; u < n; u++) {
                atb[active[u]] += y;
                for (int v = 0; v < n; v++) {
                    ata[active[u]][active[v]] += 1;
                }
            }
            rows++;
        }
        if (rows < 2) {
            throw new IllegalArgumentException("need at least 2 rows with a positive latency to fit, but got " + rows);
        }
        double[] beta = Linear.solveSymmetric(ata, atb, Linear.relativeRidge(ata, 1e-9));
        double[][] costs = new double[dims.size()][];
        for (int d = 0; d < dims.size(); d++) {
            costs[d] = new double[dims.get(d).size()];
            for (int c = 1; c < costs[d].length; c++) {
                costs[d][c] = beta[offset[d] + c];
            }
        }
        return new AdditiveLatencyModel(space.name(), dims, beta[0], costs);
    }

    /** {@code constant + Σ_j weights[j] · models[j]}: one model again, since each is linear in the same decisions. */
    static AdditiveLatencyModel combine(double constant, double[] weights, List<AdditiveLatencyModel> models) {
        AdditiveLatencyModel first = models.get(0);
        double c = constant;
        double[][] costs = new double[first.costs.length][];
        for (int d = 0; d < costs.length; d++) {
            costs[d] = new double[first.costs[d].length];
        }
        for (int j = 0; j < models.size(); j++) {
            AdditiveLatencyModel m = models.get(j);
            if (!m.space.equals(first.space) || !m.dimensions.equals(first.dimensions)) {
                throw new IllegalArgumentException("models of different spaces: " + first.space + ", " + m.space);
            }
            c += weights[j] * m.intercept;
            for (int d = 0; d < costs.length; d++) {
                for (int k = 0; k < costs[d].length; k++) {
                    costs[d][k] += weights[j] * m.costs[d][k];
                }
            }
        }
        return new AdditiveLatencyModel(first.space, first.dimensions, c, costs);
    }

    /**
     * @throws IllegalArgumentException for an architecture of another space or a gene out of range
     */
    public double predict(Architecture architecture) {
        checkGenome(space, dimensions, architecture);
        double s = intercept;
        for (int d = 0; d < costs.length; d++) {
            int g = architecture.gene(d);
            if (g > 0) {
                s += costs[d][g];
            }
        }
        return s;
    }

    public String space() {
        return space;
    }

    public double intercept() {
        return intercept;
    }

    /** The cost of choosing {@code choice} (an index) in {@code dimension}, relative to choice 0. */
    public double cost(int dimension, int choice) {
        return costs[dimension][choice];
    }

    /** {@code dimension=choice:cost} for every non-baseline choice, in genome order: a readable record of the fit. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        for (int d = 0; d < costs.length; d++) {
            for (int c = 1; c < costs[d].length; c++) {
                out.add(dimensions.get(d).name() + "=" + dimensions.get(d).choices().get(c) + ":"
                        + String.format(java.util.Locale.ROOT, "%.4g", costs[d][c]));
            }
        }
        return out;
    }

    private static void checkGenome(String space, List<Dimension> dims, Architecture a) {
        Objects.requireNonNull(a, "architecture");
        if (!a.space().equals(space)) {
            throw new IllegalArgumentException("architecture " + a + " is not of space '" + space + "'");
        }
        if (a.genome().size() != dims.size()) {
            throw new IllegalArgumentException("architecture " + a + " has " + a.genome().size() + " genes, space '"
                    + space + "' has " + dims.size() + " dimensions");
        }
        for (int d = 0; d < dims.size(); d++) {
            int g = a.gene(d);
            if (g >= dims.get(d).size()) {
                throw new IllegalArgumentException("architecture " + a + ": gene " + d + " (" + dims.get(d).name()
                        + ") must be < " + dims.get(d).size() + ", but was " + g);
            }
        }
    }
}
