package io.hwnas.predictors.analytic;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fits {@code latency = a·x + b} with a, b ≥ 0, x the MACs (or FLOPs) in millions. */
final class FlopsTrainer implements PredictorTrainer {

    /**
     * @param useFlops  FLOPs instead of MACs
     * @param relative  minimise Σ((ŷ − y)/y)² instead of Σ(ŷ − y)²
     * @param cacheSize architectures memoised
     */
    record Config(boolean useFlops, boolean relative, int cacheSize) {}

    private final String options;
    private final Config config;
    private final SearchSpace space;
    /** Shared by every predictor this trainer makes: the figures depend on the architecture only. */
    private final Memo<Figures> figures;

    FlopsTrainer(String options, Config config, SearchSpace space) {
        this.options = options;
        this.config = config;
        this.space = space;
        this.figures = new Memo<>(config.cacheSize(), a -> Figures.of(space.buildGraph(a).cost()));
    }

    @Override
    public LatencyPredictor train(LatencyDataset data) {
        Checks.sameSpace(FlopsProvider.NAME, space.name(), data);
        List<LatencyRecord> rs = data.records();
        if (rs.size() < 2) {
            throw new IllegalArgumentException("flops needs at least 2 training rows, but " + data.source() + " has "
                    + rs.size());
        }
        // building graphs is the slow part; the figures are pure, so filling the memo in parallel changes nothing
        rs.parallelStream().forEach(r -> figures.get(r.architecture()));
        int n = rs.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = feature(rs.get(i).architecture());
            y[i] = rs.get(i).latencyMs();
            w[i] = config.relative() ? 1 / (y[i] * y[i]) : 1;
        }
        double[] ab = fitNonNegative(x, y, w);
        double a = ab[0];
        double b = ab[1];
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double r = a * x[i] + b - y[i];
            ss += w[i] * r * r;
        }
        double sd = Math.sqrt(ss / Math.max(1, n - 2)); // ms, or a fraction of the prediction when relative
        Map<String, String> details = new LinkedHashMap<>();
        details.put("feature", config.useFlops() ? "flops" : "macs");
        details.put("fit", config.relative() ? "relative" : "linear");
        details.put("slope_ms_per_million", Double.toString(a));
        details.put("intercept_ms", Double.toString(b));
        details.put("residual_sd", Double.toString(sd) + (config.relative() ? " (relative)" : " ms"));
        details.put("n_train", Integer.toString(n));
        details.put("train_sha256", data.sha256());
        PredictorInfo info = new PredictorInfo(FlopsProvider.NAME, options, space.name(), data.device(), "",
                details);
        return new Predictor(info, a, b, sd);
    }

    private double feature(Architecture a) {
        Figures f = figures.get(a);
        return (config.useFlops() ? f.flops() : f.macs()) / 1e6;
    }

    /**
     * Weighted least squares for a line with a, b ≥ 0: the unconstrained solution when feasible, else the better of
     * the two edge solutions (through the origin, or flat at the weighted mean). Exact for two parameters.
     */
    static double[] fitNonNegative(double[] x, double[] y, double[] w) {
        double s = 0;
        double sx = 0;
        double sxx = 0;
        double sy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            s += w[i];
            sx += w[i] * x[i];
            sxx += w[i] * x[i] * x[i];
            sy += w[i] * y[i];
            sxy += w[i] * x[i] * y[i];
        }
        double det = sxx * s - sx * sx;
        if (det > 1e-12 * sxx * s) {
            double a = (sxy * s - sx * sy) / det;
            double b = (sxx * sy - sx * sxy) / det;
            if (a >= 0 && b >= 0) {
                return new double[] {a, b};
            }
        }
        double[] origin = {sxx > 0 ? Math.max(0, sxy / sxx) : 0, 0};
        double[] flat = {0, sy / s};
        return loss(origin, x, y, w) <= loss(flat, x, y, w) ? origin : flat;
    }

    private static double loss(double[] ab, double[] x, double[] y, double[] w) {
        double l = 0;
        for (int i = 0; i < x.length; i++) {
            double r = ab[0] * x[i] + ab[1] - y[i];
            l += w[i] * r * r;
        }
        return l;
    }

    private final class Predictor implements LatencyPredictor {
        private final PredictorInfo info;
        private final double a;
        private final double b;
        private final double sd;

        Predictor(PredictorInfo info, double a, double b, double sd) {
            this.info = info;
            this.a = a;
            this.b = b;
            this.sd = sd;
        }

        @Override
        public PredictorInfo info() {
            return info;
        }

        @Override
        public Prediction predict(Architecture architecture) {
            double ms = a * feature(Checks.ofSpace(FlopsProvider.NAME, space.name(), architecture)) + b;
            return new Prediction(ms, config.relative() ? ms * sd : sd);
        }

        @Override
        public String toString() {
            return "flops[" + info.spec() + " on " + info.device() + ": " + a + " ms/M + " + b + " ms]";
        }
    }
}
