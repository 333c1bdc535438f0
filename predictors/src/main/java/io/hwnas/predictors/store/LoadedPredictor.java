package io.hwnas.predictors.store;

import io.hwnas.predictors.spi.LatencyPredictor;
import java.util.List;
import java.util.Objects;

/**
 * A predictor read back by {@link PredictorStore#load}.
 *
 * @param predictor ready to predict
 * @param saved     the file's contents
 * @param retrained whether the model was trained again from the stored rows because its bytes did not load
 * @param warnings  what the caller should tell the user (why it was retrained); empty when all went as saved
 */
public record LoadedPredictor(LatencyPredictor predictor, SavedPredictor saved, boolean retrained,
        List<String> warnings) {

    public LoadedPredictor {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(saved, "saved");
        warnings = List.copyOf(warnings);
    }
}
