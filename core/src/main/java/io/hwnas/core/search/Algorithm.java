package io.hwnas.core.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The search algorithms ({@link Algorithms} builds each on MOEA Framework), by the names users give them. */
public enum Algorithm {
    /** NSGA-II. */
    NSGA2,
    /** NSGA-III, for three or more objectives. */
    NSGA3,
    /** Random search, a baseline. */
    RANDOM,
    /** Regularised (aging) evolution, multi-objective. */
    REGEVO,
    /** Surrogate-assisted evolution ({@link SurrogateEvolution}): many children bred, few evaluated; the default. */
    SAEA,
    /** NSGA-II whose children are screened by surrogates ({@link ScreenedVariation}). */
    SNSGA2;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The algorithm named {@code name} (any case); an unknown one fails listing the known ones. */
    @JsonCreator
    public static Algorithm parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.key().equals(n)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown algorithm '" + name + "'; known: " + Arrays.stream(values())
                        .map(Algorithm::key).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return key();
    }
}
