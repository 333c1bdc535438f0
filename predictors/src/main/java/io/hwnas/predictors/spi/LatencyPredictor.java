package io.hwnas.predictors.spi;

import io.hwnas.core.space.Architecture;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable, trained latency model for one search space on one device. Thread-safe: a search predicts from
 * several threads at once.
 */
public interface LatencyPredictor {

    /** What this predictor is: plugin, options, space, device, feature schema. */
    PredictorInfo info();

    Prediction predict(Architecture architecture);

    /** Predicts many; plugins override this where a batch is cheaper than one call each. */
    default List<Prediction> predictAll(List<Architecture> architectures) {
        List<Prediction> out = new ArrayList<>(architectures.size());
        for (Architecture a : architectures) {
            out.add(predict(a));
        }
        return out;
    }
}
