package io.hwnas.predictors.features;

import io.hwnas.core.measure.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The names of a feature vector, in order. Its {@link #id()} (name and a hash of the names) is saved with a trained
 * predictor, so a predictor is never fed vectors laid out differently from those it learned.
 */
public record FeatureSchema(String name, List<String> names) {

    public FeatureSchema {
        Objects.requireNonNull(name, "name");
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("feature schema '" + name + "' has no features");
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("feature schema '" + name + "' repeats a feature name");
        }
    }

    public int size() {
        return names.size();
    }

    /** {@code name:first 12 hex digits of SHA-256 of the names}. */
    public String id() {
        return name + ":" + Sha256.of(String.join("\n", names).getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
