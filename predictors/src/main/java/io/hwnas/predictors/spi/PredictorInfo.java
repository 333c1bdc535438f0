package io.hwnas.predictors.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Identity of a trained predictor, saved with it and checked when it is loaded.
 *
 * @param plugin        provider name, e.g. {@code weka}
 * @param options       the plugin's options as the user gave them (e.g. {@code weka.classifiers.trees.M5P -M 4})
 * @param space         search space name
 * @param device        device or table column the latencies came from
 * @param featureSchema name and hash of the features, e.g. {@code nb201-v1:3f2a...}; empty for predictors that use
 *                      none
 * @param details       anything else worth keeping (kernel counts, fitted constants)
 */
public record PredictorInfo(String plugin, String options, String space, String device, String featureSchema,
        Map<String, String> details) {

    public PredictorInfo {
        Objects.requireNonNull(plugin, "plugin");
        options = options == null ? "" : options;
        Objects.requireNonNull(space, "space");
        device = device == null ? "" : device;
        featureSchema = featureSchema == null ? "" : featureSchema;
        details = Map.copyOf(details == null ? Map.of() : details);
    }

    /** {@code plugin} or {@code plugin:options}, as {@code --predictor} takes it. */
    public String spec() {
        return options.isEmpty() ? plugin : plugin + ":" + options;
    }
}
