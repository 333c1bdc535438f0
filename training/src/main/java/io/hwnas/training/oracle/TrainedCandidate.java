package io.hwnas.training.oracle;

import io.hwnas.core.train.TrainingResult;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a {@link TrainingTask} brings back to the search: the training's result (a failed training is a result too)
 * and its trained parameters, flat in the graph's initializer order (null when not kept or when it failed).
 */
public record TrainedCandidate(TrainingResult result, float[] weights) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TrainedCandidate {
        Objects.requireNonNull(result, "result");
    }
}
