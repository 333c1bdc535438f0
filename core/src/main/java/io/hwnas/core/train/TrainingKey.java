package io.hwnas.core.train;

import java.util.Objects;

/**
 * What makes two trainings the same, so that none is run twice: the space, the architecture's canonical string, the
 * dataset, the budget ({@link TrainingConfig#key()}) and the seed (initialisation, data order and split).
 */
public record TrainingKey(String space, String arch, String dataset, String budget, long seed) {

    public TrainingKey {
        requireText("space", space);
        requireText("arch", arch);
        requireText("dataset", dataset);
        requireText("budget", budget);
    }

    public static TrainingKey of(String space, String arch, String dataset, TrainingConfig config, long seed) {
        return new TrainingKey(space, arch, dataset, config.key(), seed);
    }

    /**
     * The key of a training that started from weights {@code origin} names (a pruned parent's) instead of seeded
     * ones: this key's budget with the origin after it, apart from a training from scratch, which has the budget alone.
     */
    public TrainingKey from(String origin) {
        requireText("origin", origin);
        return new TrainingKey(space, arch, dataset, budget + ";from=" + origin, seed);
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
