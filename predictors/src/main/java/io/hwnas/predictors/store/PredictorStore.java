package io.hwnas.predictors.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Saves a trained predictor to one JSON file and loads it back, after Tribuo's provenance: the file holds the
 * predictor's identity (plugin, options, seed, space, device, feature schema), its provenance (tool, Java, OS, host,
 * library versions, time), held-out metrics if given, the training rows themselves with their SHA-256, and the
 * model's bytes. A model that no longer deserialises (Weka changed a class) is trained again from the stored rows
 * with the stored options and seed, which gives the same predictions, and the caller is told.
 *
 * <pre>{@code
 * PredictorStore.save(Path.of("pixel.predictor.json"), predictor, metrics);
 * LoadedPredictor l = PredictorStore.load(Path.of("pixel.predictor.json"), context, registry::get);
 * l.warnings().forEach(log::warn);     // "weka model did not load (...); trained again from 12500 stored rows ..."
 * }</pre>
 */
public final class PredictorStore {

    /** The format tag every file starts with; a later incompatible layout gets a new one. */
    public static final String FORMAT = "hwnas-predictor/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            // A saved predictor may be anyone's: a key named twice is refused, not read as its last value.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PredictorStore() {}

    /**
     * Writes {@code predictor} to {@code file}, replacing it atomically where the file system allows.
     *
     * @param metrics held-out accuracy to keep with it, or null
     */
    public static void save(Path file, PersistablePredictor predictor, Metrics metrics) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(predictor, "predictor");
        LatencyDataset data = predictor.trainingData();
        List<SavedPredictor.Row> rows = new ArrayList<>(data.size());
        for (LatencyRecord r : data.records()) {
            rows.add(new SavedPredictor.Row(r.architecture().canonical(), r.latencyMs()));
        }
        var info = predictor.info();
        SavedPredictor saved = new SavedPredictor(FORMAT, info.plugin(), info.options(), info.space(), info.device(),
                info.featureSchema(), info.details(), predictor.seed(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), Provenance.current(), metrics,
                new SavedPredictor.Training(data.source(), data.sha256(), rows),
                Base64.getEncoder().encodeToString(predictor.model()));
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // Whole or not at all, and never onto a FIFO or a device (AtomicFiles refuses those).
        AtomicFiles.write(file, JSON.writeValueAsBytes(saved));
    }

    /** The file's contents, without loading the model. */
    public static SavedPredictor read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        SavedPredictor saved;
        try {
            saved = JSON.readValue(file.toFile(), SavedPredictor.class);
        } catch (JsonProcessingException e) {
            throw new PredictorFileException(file, "not a saved predictor: " + e.getOriginalMessage(), e);
        } catch (java.io.CharConversionException e) {
            // Bytes Jackson takes for UTF-32 and then cannot decode: not JSON it can parse, and not a parse error.
            throw new PredictorFileException(file, "not a saved predictor: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(saved.format())) {
            throw new PredictorFileException(file, "format '" + saved.format() + "' is not '" + FORMAT + "'");
        }
        return saved;
    }

    /**
     * Loads a predictor for {@code context}'s space (its seed is ignored: the saved one is used).
     *
     * @param providers the plugin of a name, e.g. {@code registry::get}
     * @throws IllegalArgumentException when the file is for another space, or its plugin now computes other features
     *                                  than it learned, naming both
     * @throws PredictorFileException   when the file is unreadable or its rows fail their SHA-256
     */
    public static LoadedPredictor load(Path file, PredictorContext context,
            Function<String, ? extends PredictorProvider> providers) throws IOException {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(providers, "providers");
        SavedPredictor saved = read(file);
        SearchSpace space = context.space();
        if (!saved.space().equals(space.name())) {
            throw new IllegalArgumentException(file + ": predictor was trained for space '" + saved.space()
                    + "', not '" + space.name() + "'");
        }
        PredictorProvider provider = providers.apply(saved.plugin());
        if (provider == null) {
            throw new IllegalArgumentException(file + ": no predictor plugin '" + saved.plugin() + "'");
        }
        PredictorContext ctx = context.withSeed(saved.seed());
        PredictorRestorer restorer = provider instanceof PredictorRestorer r ? r : null;
        if (restorer != null && !saved.featureSchema().isEmpty()) {
            String now = restorer.featureSchema(ctx);
            if (!saved.featureSchema().equals(now)) {
                throw new IllegalArgumentException(file + ": predictor was trained on features '"
                        + saved.featureSchema() + "', not '" + now + "' (the " + saved.plugin()
                        + " features of this version); train it again");
            }
        }
        LatencyDataset data = dataset(file, saved, space);

        List<String> warnings = new ArrayList<>();
        if (restorer != null && !saved.model().isEmpty()) {
            try {
                byte[] bytes = Base64.getDecoder().decode(saved.model());
                LatencyPredictor p = restorer.restore(saved.info(), bytes, data, ctx);
                return new LoadedPredictor(p, saved, false, warnings);
            } catch (Exception | LinkageError e) {
                warnings.add(saved.plugin() + " model did not load (" + e + "); trained again from the "
                        + data.size() + " stored rows with options '" + saved.options() + "' and seed "
                        + saved.seed());
            }
        } else {
            warnings.add("no " + saved.plugin() + " model was saved; trained again from the " + data.size()
                    + " stored rows");
        }
        LatencyPredictor p = provider.trainer(saved.options(), ctx).train(data);
        return new LoadedPredictor(p, saved, true, warnings);
    }

    private static LatencyDataset dataset(Path file, SavedPredictor saved, SearchSpace space) throws IOException {
        List<LatencyRecord> rs = new ArrayList<>(saved.training().rows().size());
        int line = 0;
        for (SavedPredictor.Row row : saved.training().rows()) {
            try {
                rs.add(new LatencyRecord(space.decode(row.architecture()), row.latencyMs()));
            } catch (IllegalArgumentException e) {
                throw new PredictorFileException(file, "/training/rows/" + line + ": " + e.getMessage(), e);
            }
            line++;
        }
        LatencyDataset data = new LatencyDataset(space.name(), saved.device(), saved.training().source(), rs, 0);
        String sha = data.sha256();
        if (!sha.equals(saved.training().sha256())) {
            throw new PredictorFileException(file, "training rows do not match their SHA-256 (recorded "
                    + saved.training().sha256() + ", computed " + sha + ")");
        }
        return data;
    }
}
