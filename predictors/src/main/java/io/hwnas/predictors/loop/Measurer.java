package io.hwnas.predictors.loop;

import io.hwnas.core.space.Architecture;
import java.util.OptionalDouble;

/**
 * Takes (or finds already taken) a real measurement of one architecture on one device: the median latency in ms.
 * The command-line tool's implementation exports the model, finds it in the measurement database or measures it
 * with ONNX Runtime, and stores it at once.
 */
@FunctionalInterface
public interface Measurer {

    /** The median latency in ms; empty when the measurement failed (the implementation reports why). */
    OptionalDouble measure(Architecture architecture);
}
