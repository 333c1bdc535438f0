package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Mbv3Space;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import java.util.Objects;

/**
 * The default feature extractor of each space.
 *
 * <pre>{@code
 * FeatureExtractor f = Features.forSpace(SearchSpaces.builtIn().get("nb201"));
 * double[] x = f.extract(arch);          // builds the graph once, then answers from memory
 * String id = f.schema().id();           // "nb201-v1:…", saved with every trained predictor
 * }</pre>
 *
 * <p>Extracting builds the architecture's graph, a few milliseconds; a predictor asked about the same architectures
 * again and again (a search revisits many) should not pay that twice, so {@link #forSpace} memoises.
 */
public final class Features {

    /** How many architectures {@link #forSpace} remembers: all of nb201, and some 100 MB of mbv3 vectors. */
    public static final int DEFAULT_MEMO_ENTRIES = 100_000;

    private Features() {}

    /** The space's own extractor ({@code nb201}, {@code mbv3}, else the generic one), memoised. */
    public static FeatureExtractor forSpace(SearchSpace space) {
        return memoise(uncached(space), DEFAULT_MEMO_ENTRIES);
    }

    /** The space's own extractor, building the graph on every call. */
    public static FeatureExtractor uncached(SearchSpace space) {
        Objects.requireNonNull(space, "space");
        if (space instanceof Nb201Space nb201) {
            return new Nb201Features(nb201);
        }
        if (space instanceof Mbv3Space mbv3) {
            return new Mbv3Features(mbv3);
        }
        return new GenericFeatures(space);
    }

    /** A thread-safe wrapper that keeps up to {@code maxEntries} vectors by canonical string, least recently used out. */
    public static FeatureExtractor memoise(FeatureExtractor extractor, int maxEntries) {
        Objects.requireNonNull(extractor, "extractor");
        if (extractor instanceof MemoisingExtractor m && m.maxEntries() == maxEntries) {
            return m;
        }
        return new MemoisingExtractor(extractor, maxEntries);
    }

    static void requireSpace(String space, Architecture a) {
        Objects.requireNonNull(a, "architecture");
        if (!space.equals(a.space())) {
            throw new IllegalArgumentException("architecture '" + a.canonical() + "' is of search space '" + a.space()
                    + "', but these features are for '" + space + "'");
        }
    }
}
