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

/** Makes roofline predictors; see {@link RooflineProvider}. */
final class RooflineTrainer implements PredictorTrainer {

    record Config(double peakGflops, double bandwidthGBs, boolean calibrate, int cacheSize) {}

    private final String options;
    private final Config config;
    private final SearchSpace space;
    private final Memo<Double> rooflineMs;

    RooflineTrainer(String options, Config config, SearchSpace space) {
        this.options = options;
        this.config = config;
        this.space = space;
        this.rooflineMs = new Memo<>(config.cacheSize(),
                a -> Figures.rooflineMs(space.buildGraph(a).cost(), config.peakGflops(), config.bandwidthGBs()));
    }

    @Override
    public LatencyPredictor train(LatencyDataset data) {
        Checks.sameSpace(RooflineProvider.NAME, space.name(), data);
        double scale = 1;
        double sdLog = Double.NaN;
        List<LatencyRecord> rs = data.records();
        if (config.calibrate()) {
            if (rs.isEmpty()) {
                throw new IllegalArgumentException("roofline:calibrate needs training rows, but " + data.source()
                        + " has none");
            }
            rs.parallelStream().forEach(r -> rooflineMs.get(r.architecture()));
            double[] logRatio = new double[rs.size()];
            double mean = 0;
            for (int i = 0; i < logRatio.length; i++) {
                logRatio[i] = Math.log(rs.get(i).latencyMs() / rooflineMs.get(rs.get(i).architecture()));
                mean += logRatio[i];
            }
            mean /= logRatio.length;
            double ss = 0;
            for (double l : logRatio) {
                ss += (l - mean) * (l - mean);
            }
            scale = Math.exp(mean);
            sdLog = logRatio.length > 1 ? Math.sqrt(ss / (logRatio.length - 1)) : Double.NaN;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("peak_gflops", Double.toString(config.peakGflops()));
        details.put("bandwidth_gbs", Double.toString(config.bandwidthGBs()));
        details.put("scale", Double.toString(scale));
        details.put("calibrated", Boolean.toString(config.calibrate()));
        if (config.calibrate()) {
            details.put("train_sha256", data.sha256());
            details.put("n_train", Integer.toString(rs.size()));
        }
        PredictorInfo info = new PredictorInfo(RooflineProvider.NAME, options, space.name(), data.device(), "",
                details);
        return new Predictor(info, scale, sdLog);
    }

    private final class Predictor implements LatencyPredictor {
        private final PredictorInfo info;
        private final double scale;
        private final double sdLog;

        Predictor(PredictorInfo info, double scale, double sdLog) {
            this.info = info;
            this.scale = scale;
            this.sdLog = sdLog;
        }

        @Override
        public PredictorInfo info() {
            return info;
        }

        /** The uncertainty, when calibrated, is the spread of the log ratios carried to ms (first order). */
        @Override
        public Prediction predict(Architecture architecture) {
            double ms = scale * rooflineMs.get(Checks.ofSpace(RooflineProvider.NAME, space.name(), architecture));
            return new Prediction(ms, Double.isNaN(sdLog) ? Double.NaN : ms * sdLog);
        }

        @Override
        public String toString() {
            return "roofline[" + info.spec() + ", scale " + scale + "]";
        }
    }
}
