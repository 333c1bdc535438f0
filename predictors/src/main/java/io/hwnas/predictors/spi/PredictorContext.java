package io.hwnas.predictors.spi;

import io.hwnas.core.space.SearchSpace;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a provider may need to build a trainer: the space, the seed, the tool's home folder (Weka keeps its own
 * home under it) and, for analytic predictors, the device's published figures.
 *
 * @param peakGflops        device peak GFLOP/s, or empty when unknown
 * @param bandwidthGBs      device memory bandwidth in GB/s, or empty when unknown
 */
public record PredictorContext(SearchSpace space, long seed, Path home, OptionalDouble peakGflops,
        OptionalDouble bandwidthGBs) {

    public PredictorContext {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(home, "home");
        peakGflops = peakGflops == null ? OptionalDouble.empty() : peakGflops;
        bandwidthGBs = bandwidthGBs == null ? OptionalDouble.empty() : bandwidthGBs;
    }

    public static PredictorContext of(SearchSpace space, long seed, Path home) {
        return new PredictorContext(space, seed, home, OptionalDouble.empty(), OptionalDouble.empty());
    }
}
