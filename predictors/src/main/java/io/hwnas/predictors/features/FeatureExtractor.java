package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;

/** Turns an architecture into a fixed-length feature vector. Thread-safe. */
public interface FeatureExtractor {

    FeatureSchema schema();

    /** A new array of {@code schema().size()} values. */
    double[] extract(Architecture architecture);
}
