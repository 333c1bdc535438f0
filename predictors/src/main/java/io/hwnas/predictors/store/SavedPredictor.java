package io.hwnas.predictors.store;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.PredictorInfo;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a saved predictor file: what it is, where it came from, the rows it learned (enough to train it
 * again), and its model. {@link PredictorStore} writes and reads it as JSON.
 *
 * @param format        {@value PredictorStore#FORMAT}
 * @param plugin        provider name, e.g. {@code weka}
 * @param options       the plugin's options as trained (for {@code weka}, the full regressor spec)
 * @param space         search space name
 * @param device        device or table column
 * @param featureSchema feature schema id, e.g. {@code nb201-v1:549a0934c941}; empty for plugins without features
 * @param details       the predictor's details (for {@code weka}: {@code weka.version}, target, seed, ...)
 * @param seed          the training seed
 * @param createdAt     when it was saved, ISO-8601 UTC
 * @param provenance    tool, Java, OS and host that saved it
 * @param metrics       accuracy on held-out data, when the caller had it; may be null
 * @param training      the training rows
 * @param model         the plugin's model bytes, base64; empty when the plugin keeps none
 */
public record SavedPredictor(String format, String plugin, String options, String space, String device,
        String featureSchema, Map<String, String> details, long seed, String createdAt, Provenance provenance,
        Metrics metrics, Training training, String model) {

    public SavedPredictor {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(training, "training");
        options = options == null ? "" : options;
        device = device == null ? "" : device;
        featureSchema = featureSchema == null ? "" : featureSchema;
        details = Map.copyOf(details == null ? Map.of() : details);
        model = model == null ? "" : model;
    }

    /** The identity the predictor reported when it was saved. */
    public PredictorInfo info() {
        return new PredictorInfo(plugin, options, space, device, featureSchema, details);
    }

    /**
     * The rows a predictor was trained on, in training order.
     *
     * @param source  where they came from
     * @param sha256  {@link io.hwnas.predictors.data.LatencyDataset#sha256()} of the rows, checked on loading
     * @param rows    canonical architecture and latency
     */
    public record Training(String source, String sha256, List<Row> rows) {

        public Training {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sha256, "sha256");
            rows = List.copyOf(rows);
        }
    }

    /** One training row, written as a two-element JSON array {@code ["|nor_conv_3x3~0|+...", 12.9]}. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    public record Row(String architecture, double latencyMs) {

        public Row {
            Objects.requireNonNull(architecture, "architecture");
        }
    }
}
