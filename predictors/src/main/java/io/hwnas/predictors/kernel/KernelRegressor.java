package io.hwnas.predictors.kernel;

import io.hwnas.core.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Latency of one kernel type from its shape: a ridge regression of {@code ln(µs)} on the standardised
 * {@link KernelFeatures#vector()}, plus a local correction from the nearest training kernels.
 *
 * <p>Why both: a kernel type's latency follows a power law in its sizes (MACs, bytes), which the log-linear part
 * extrapolates to shapes never measured, while a network space repeats a modest number of exact kernel shapes,
 * whose measured times the correction reproduces. The correction is a Gaussian-weighted mean of the {@code k}
 * nearest training points' residuals, shrunk toward zero ({@code Σ w r / (Σ w + 0.05)}, bandwidth 0.5 standard
 * deviations), so it fades to the regression away from measured shapes.
 *
 * <p>Identical feature vectors are merged first (the median of their log times), so repeated kernels neither
 * dominate the fit nor slow prediction. Immutable and thread-safe.
 */
final class KernelRegressor {

    private static final double BANDWIDTH = 0.5;
    private static final double SHRINK = 0.05;
    private static final double FLOOR_US = 0.5;

    private final double[] mean;
    private final double[] scale;
    private final double[] beta; // intercept first
    private final double[][] points;
    private final double[] residuals;
    private final int neighbours;
    private final int samples;

    private KernelRegressor(double[] mean, double[] scale, double[] beta, double[][] points, double[] residuals,
            int neighbours, int samples) {
        this.mean = mean;
        this.scale = scale;
        this.beta = beta;
        this.points = points;
        this.residuals = residuals;
        this.neighbours = neighbours;
        this.samples = samples;
    }

    /**
     * Fits one kernel type.
     *
     * @param x          feature vectors, all of one length
     * @param us         measured latencies in microseconds (values below 0.5 count as 0.5)
     * @param ridge      penalty on the standardised coefficients (not the intercept), > 0
     * @param neighbours how many nearest training points correct a prediction, >= 0
     */
    static KernelRegressor fit(List<double[]> x, List<Double> us, double ridge, int neighbours) {
        if (x.isEmpty() || x.size() != us.size()) {
            throw new IllegalArgumentException("need as many latencies as feature vectors, at least one; got "
                    + x.size() + " vectors and " + us.size() + " latencies");
        }
        Map<List<Double>, List<Double>> merged = new LinkedHashMap<>();
        for (int i = 0; i < x.size(); i++) {
            merged.computeIfAbsent(Arrays.stream(x.get(i)).boxed().toList(), k -> new ArrayList<>())
                    .add(Math.log(Math.max(FLOOR_US, us.get(i))));
        }
        int n = merged.size();
        int d = x.get(0).length;
        double[][] raw = new double[n][];
        double[] y = new double[n];
        int r = 0;
        for (Map.Entry<List<Double>, List<Double>> e : merged.entrySet()) {
            raw[r] = e.getKey().stream().mapToDouble(Double::doubleValue).toArray();
            y[r++] = Stats.median(e.getValue());
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (double[] p : raw) {
                s += p[j];
            }
            mean[j] = s / n;
            double v = 0;
            for (double[] p : raw) {
                v += (p[j] - mean[j]) * (p[j] - mean[j]);
            }
            double sd = Math.sqrt(v / n);
            scale[j] = sd > 1e-9 ? sd : 1;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(raw[i], mean, scale);
        }
        double[] beta = ridge(z, y, ridge);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = y[i] - linear(beta, z[i]);
        }
        return new KernelRegressor(mean, scale, beta, z, residuals, neighbours, x.size());
    }

    /** Predicted latency in microseconds. */
    double predictUs(double[] x) {
        double[] z = standardise(x, mean, scale);
        double log = linear(beta, z) + correction(z);
        return Math.exp(log);
    }

    int samples() {
        return samples;
    }

    int distinctShapes() {
        return points.length;
    }

    private double correction(double[] z) {
        if (neighbours == 0) {
            return 0;
        }
        int k = Math.min(neighbours, points.length);
        double[] best = new double[k];
        int[] which = new int[k];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int i = 0; i < points.length; i++) {
            double dist = 0;
            for (int j = 0; j < z.length; j++) {
                double t = z[j] - points[i][j];
                dist += t * t;
            }
            if (dist < best[k - 1]) {
                int at = k - 1;
                while (at > 0 && best[at - 1] > dist) {
                    best[at] = best[at - 1];
                    which[at] = which[at - 1];
                    at--;
                }
                best[at] = dist;
                which[at] = i;
            }
        }
        double weighted = 0;
        double weights = 0;
        for (int i = 0; i < k; i++) {
            double w = Math.exp(-best[i] / (2 * BANDWIDTH * BANDWIDTH));
            weighted += w * residuals[which[i]];
            weights += w;
        }
        return weighted / (weights + SHRINK);
    }

    private static double[] standardise(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    private static double linear(double[] beta, double[] z) {
        double s = beta[0];
        for (int j = 0; j < z.length; j++) {
            s += beta[j + 1] * z[j];
        }
        return s;
    }

    /** Solves {@code (ZᵀZ + λ·I') b = Zᵀy} with a leading intercept column that is not penalised. */
    private static double[] ridge(double[][] z, double[] y, double lambda) {
        int n = z.length;
        int p = z[0].length + 1;
        RealMatrix a = new Array2DRowRealMatrix(p, p);
        RealVector b = new ArrayRealVector(p);
        for (int i = 0; i < n; i++) {
            double[] row = new double[p];
            row[0] = 1;
            System.arraycopy(z[i], 0, row, 1, p - 1);
            for (int r = 0; r < p; r++) {
                b.addToEntry(r, row[r] * y[i]);
                for (int c = 0; c < p; c++) {
                    a.addToEntry(r, c, row[r] * row[c]);
                }
            }
        }
        for (int j = 1; j < p; j++) {
            a.addToEntry(j, j, lambda);
        }
        try {
            return new LUDecomposition(a).getSolver().solve(b).toArray();
        } catch (SingularMatrixException e) {
            double[] mean = new double[p]; // cannot happen with λ > 0 and n >= 1, but keep a sane answer
            mean[0] = Arrays.stream(y).average().orElse(0);
            return mean;
        }
    }

}
