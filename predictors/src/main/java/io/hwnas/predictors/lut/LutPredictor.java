package io.hwnas.predictors.lut;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;

/**
 * A trained lookup table: latency = base + Σ block means over the architecture's blocks, standard deviation =
 * sqrt(Σ their variances). A block never seen in training borrows its group's mean and a larger variance (see
 * {@link LookupTable.Entry#fallback()}). Immutable and thread-safe; reads only the genome.
 */
public final class LutPredictor implements LatencyPredictor {

    private final PredictorInfo info;
    private final BlockLayout layout;
    private final double[] mean;
    private final double[] variance;
    private final LookupTable table;

    LutPredictor(PredictorInfo info, BlockLayout layout, double[] mean, double[] variance, LookupTable table) {
        this.info = info;
        this.layout = layout;
        this.mean = mean.clone();
        this.variance = variance.clone();
        this.table = table;
    }

    @Override
    public PredictorInfo info() {
        return info;
    }

    public LookupTable table() {
        return table;
    }

    @Override
    public Prediction predict(Architecture architecture) {
        if (!architecture.space().equals(info.space())) {
            throw new IllegalArgumentException("lut predictor of space '" + info.space() + "' cannot predict "
                    + architecture);
        }
        int[] columns = new int[layout.maxActive()];
        int n;
        try {
            n = layout.activeColumns(architecture, columns);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("lut: genome of " + architecture + " does not fit space '"
                    + info.space() + "': " + architecture.genome(), e);
        }
        double ms = 0;
        double var = 0;
        for (int i = 0; i < n; i++) {
            ms += mean[columns[i]];
            var += variance[columns[i]];
        }
        return new Prediction(ms, Math.sqrt(var));
    }

    @Override
    public String toString() {
        return "lut[" + info.spec() + " on " + info.device() + ", " + table.entries().size() + " entries, "
                + table.unseen() + " unseen]";
    }
}
