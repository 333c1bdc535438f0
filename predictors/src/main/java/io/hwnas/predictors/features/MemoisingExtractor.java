package io.hwnas.predictors.features;

import io.hwnas.core.space.Architecture;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers feature vectors by canonical string, least recently used out beyond {@code maxEntries}. The lock is held
 * only to look up and to store, never while a graph is built, so threads extract different architectures in
 * parallel (two threads asking for the same new one may both build it; they get equal vectors).
 */
final class MemoisingExtractor implements FeatureExtractor {

    private final FeatureExtractor inner;
    private final int maxEntries;
    private final Map<String, double[]> memo;

    MemoisingExtractor(FeatureExtractor inner, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, but was " + maxEntries);
        }
        this.inner = inner;
        this.maxEntries = maxEntries;
        this.memo = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > MemoisingExtractor.this.maxEntries;
            }
        };
    }

    int maxEntries() {
        return maxEntries;
    }

    /** How many vectors are remembered now. */
    int size() {
        synchronized (memo) {
            return memo.size();
        }
    }

    @Override
    public FeatureSchema schema() {
        return inner.schema();
    }

    @Override
    public double[] extract(Architecture architecture) {
        String key = architecture.space() + ":" + architecture.canonical();
        double[] v;
        synchronized (memo) {
            v = memo.get(key);
        }
        if (v == null) {
            v = inner.extract(architecture);
            synchronized (memo) {
                memo.put(key, v);
            }
        }
        return v.clone();
    }
}
