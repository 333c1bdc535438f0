package io.hwnas.predictors.registry;

import java.util.Objects;

/**
 * A {@code --predictor NAME[:options]} value split at its first colon: {@code weka:weka.classifiers.trees.M5P -M 4}
 * is plugin {@code weka} with options {@code weka.classifiers.trees.M5P -M 4}; a colon inside the options is kept.
 *
 * @param name    the provider's name
 * @param options the text after the first colon, stripped; empty for the provider's defaults
 */
public record PredictorSpec(String name, String options) {

    public PredictorSpec {
        Objects.requireNonNull(name, "name");
        options = options == null ? "" : options.strip();
        if (name.isBlank()) {
            throw new IllegalArgumentException("predictor name must not be blank, but was '" + name + "'");
        }
    }

    /**
     * Splits {@code text} at its first colon.
     *
     * @throws IllegalArgumentException for blank text or a blank name, quoting the text
     */
    public static PredictorSpec parse(String text) {
        Objects.requireNonNull(text, "predictor spec");
        String t = text.strip();
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("predictor spec '" + text + "' has no name; expected NAME[:options], "
                    + "e.g. 'lut' or 'roofline:peak=100,bw=20'");
        }
        return new PredictorSpec(name, colon < 0 ? "" : t.substring(colon + 1));
    }

    /** {@code name} or {@code name:options}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return options.isEmpty() ? name : name + ":" + options;
    }
}
