package io.hwnas.predictors.store;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import java.util.List;
import java.util.Objects;

/**
 * Makes any trained predictor savable by keeping what trained it: its seed and rows, and no model bytes. Loading
 * trains it again from the rows ({@link PredictorStore#load}), which for the analytic, lookup-table and kernel
 * plugins is cheaper and safer than a serialised form of their own.
 */
public record RetrainOnLoad(LatencyPredictor predictor, long seed, LatencyDataset trainingData)
        implements PersistablePredictor {

    public RetrainOnLoad {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(trainingData, "trainingData");
    }

    /** {@code p} itself when it can save itself, else {@code p} wrapped. */
    public static PersistablePredictor of(LatencyPredictor p, long seed, LatencyDataset data) {
        return p instanceof PersistablePredictor pp ? pp : new RetrainOnLoad(p, seed, data);
    }

    @Override
    public PredictorInfo info() {
        return predictor.info();
    }

    @Override
    public Prediction predict(Architecture architecture) {
        return predictor.predict(architecture);
    }

    @Override
    public List<Prediction> predictAll(List<Architecture> architectures) {
        return predictor.predictAll(architectures);
    }

    @Override
    public byte[] model() {
        return new byte[0];
    }
}
