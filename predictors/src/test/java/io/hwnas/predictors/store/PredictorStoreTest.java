package io.hwnas.predictors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.weka.WekaPredictor;
import io.hwnas.predictors.weka.WekaProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saves real Weka predictors trained on 300 cells and loads them back, whole and damaged. */
class PredictorStoreTest {

    static final Path HOME = HwnasHome.fromEnvironment().dir();
    static final WekaProvider WEKA = new WekaProvider();
    static final Function<String, PredictorProvider> PLUGINS = name -> name.equals("weka") ? WEKA : null;
    static final ObjectMapper JSON = new ObjectMapper();

    static LatencyDataset train;
    static List<Architecture> probe;
    static WekaPredictor forest;
    static Metrics metrics;

    @BeforeAll
    static void train() {
        LatencyDataset all = SharedData.nb201("essential_ph_1_ms", 350, 9);
        train = all.withRecords(all.records().subList(0, 300), "train");
        LatencyDataset test = all.withRecords(all.records().subList(300, 350), "test");
        probe = test.records().stream().map(LatencyRecord::architecture).toList();
        forest = WEKA.trainer("weka.classifiers.trees.RandomForest -I 15", context(31)).train(train);
        double[] measured = test.records().stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        double[] predicted = forest.predictAll(probe).stream().mapToDouble(Prediction::latencyMs).toArray();
        metrics = Metrics.of(measured, predicted);
    }

    static PredictorContext context(long seed) {
        return PredictorContext.of(SharedData.NB201, seed, HOME);
    }

    static Path saved(Path dir) throws IOException {
        Path file = dir.resolve("sub/forest.predictor.json");
        PredictorStore.save(file, forest, metrics);
        return file;
    }

    static void edit(Path file, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(root);
        JSON.writeValue(file.toFile(), root);
    }

    @Test
    void roundTripKeepsPredictionsAndProvenance(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        // Another context seed: the saved one is used.
        LoadedPredictor l = PredictorStore.load(file, context(999), PLUGINS);
        assertFalse(l.retrained());
        assertEquals(List.of(), l.warnings());
        assertEquals(forest.predictAll(probe), l.predictor().predictAll(probe));
        assertEquals(forest.info(), l.predictor().info());

        SavedPredictor s = l.saved();
        assertEquals(PredictorStore.FORMAT, s.format());
        assertEquals("weka", s.plugin());
        assertEquals("weka.classifiers.trees.RandomForest -I 15", s.options());
        assertEquals("nb201", s.space());
        assertEquals("essential_ph_1_ms", s.device());
        assertEquals(WEKA.featureSchema(context(1)), s.featureSchema());
        assertEquals(31, s.seed());
        assertEquals(weka.core.Version.VERSION, s.details().get("weka.version"));
        assertEquals(System.getProperty("java.version"), s.provenance().javaVersion());
        assertEquals(train.sha256(), s.training().sha256());
        assertEquals(train.size(), s.training().rows().size());
        assertEquals(train.records().get(0).architecture().canonical(), s.training().rows().get(0).architecture());
        assertEquals(metrics, s.metrics());
        assertFalse(s.createdAt().isBlank());
    }

    @Test
    void aModelThatNoLongerLoadsIsTrainedAgainToTheSamePredictions(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        // A serialisation header naming a class that does not exist: what a renamed Weka class looks like.
        edit(file, root -> root.put("model", "rO0ABXNyAB13ZWthLmNsYXNzaWZpZXJzLnRyZWVzLk5vU3VjaA=="));
        LoadedPredictor l = PredictorStore.load(file, context(1), PLUGINS);
        assertTrue(l.retrained());
        assertEquals(1, l.warnings().size());
        String w = l.warnings().get(0);
        assertTrue(w.contains("did not load") && w.contains("300 stored rows") && w.contains("seed 31"), w);
        assertEquals(forest.predictAll(probe), l.predictor().predictAll(probe));

        edit(file, root -> root.put("model", "not base64 at all!"));
        LoadedPredictor again = PredictorStore.load(file, context(1), PLUGINS);
        assertTrue(again.retrained());
        assertEquals(forest.predictAll(probe), again.predictor().predictAll(probe));
    }

    @Test
    void aModelHoldingForeignClassesIsNotBuiltButTrainedAgain(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.HashMap<>(java.util.Map.of(new java.net.URL("http://hwnas.invalid/"), 1)));
        }
        edit(file, root -> root.put("model", java.util.Base64.getEncoder().encodeToString(bytes.toByteArray())));
        LoadedPredictor l = PredictorStore.load(file, context(1), PLUGINS);
        assertTrue(l.retrained());
        String w = l.warnings().get(0);
        assertTrue(w.contains("holds java.net.URL") && w.contains("trained again"), w);
        assertEquals(forest.predictAll(probe), l.predictor().predictAll(probe));
    }

    @Test
    void aGaussianProcessSavesNoModelAndIsTrainedAgainToTheSamePredictions(@TempDir Path dir) throws IOException {
        // Weka's GaussianProcesses keeps an MTJ matrix that Java cannot serialise.
        WekaPredictor gp = WEKA.trainer("weka.classifiers.functions.GaussianProcesses -L 0.1 -N 1 -K"
                + " \"weka.classifiers.functions.supportVector.RBFKernel -G 0.01\"", context(5)).train(train);
        Path file = dir.resolve("gp.predictor.json");
        PredictorStore.save(file, gp, metrics);
        LoadedPredictor l = PredictorStore.load(file, context(1), PLUGINS);
        assertTrue(l.retrained());
        assertEquals(List.of("no weka model was saved; trained again from the 300 stored rows"), l.warnings());
        assertEquals(gp.predictAll(probe), l.predictor().predictAll(probe));
    }

    @Test
    void refusesAPredictorOfAnotherSpace(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        PredictorContext mbv3 = PredictorContext.of(SearchSpaces.builtIn().get("mbv3"), 1, HOME);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictorStore.load(file, mbv3, PLUGINS));
        assertTrue(e.getMessage().contains("predictor was trained for space 'nb201', not 'mbv3'"), e.getMessage());
    }

    @Test
    void refusesAPredictorOfOtherFeatures(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        edit(file, root -> root.put("featureSchema", "nb201-v0:0123456789ab"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictorStore.load(file, context(1), PLUGINS));
        assertTrue(e.getMessage().contains("trained on features 'nb201-v0:0123456789ab', not '"
                + WEKA.featureSchema(context(1)) + "'"), e.getMessage());
    }

    @Test
    void refusesRowsThatDoNotMatchTheirChecksum(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        edit(file, root -> ((ArrayNode) root.get("training").get("rows").get(0)).set(1, JSON.valueToTree(1234.5)));
        PredictorFileException e = assertThrows(PredictorFileException.class,
                () -> PredictorStore.load(file, context(1), PLUGINS));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void refusesFilesThatAreNotSavedPredictors(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"hello\": ");
        PredictorFileException e = assertThrows(PredictorFileException.class, () -> PredictorStore.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        Path file = saved(dir);
        edit(file, root -> root.put("format", "hwnas-predictor/0"));
        e = assertThrows(PredictorFileException.class, () -> PredictorStore.read(file));
        assertTrue(e.getMessage().contains("'hwnas-predictor/0'"), e.getMessage());
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"format\": \"hwnas-predictor/0\","));
        e = assertThrows(PredictorFileException.class, () -> PredictorStore.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("Duplicate field 'format'"),
                e.getMessage());
    }

    @Test
    void bytesJacksonTakesForUtf32AreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        Path odd = dir.resolve("odd.predictor.json");
        // Three NULs then '{' look like UTF-32BE; 0x7fffffff is no character in it.
        Files.write(odd, new byte[] {0, 0, 0, '{', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        PredictorFileException e = assertThrows(PredictorFileException.class, () -> PredictorStore.read(odd));
        assertTrue(e.getMessage().startsWith(odd + ": not a saved predictor: ") && e.getMessage().contains("UTF-32"),
                e.getMessage());
    }

    @Test
    void refusesAnUnknownPlugin(@TempDir Path dir) throws IOException {
        Path file = saved(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PredictorStore.load(file, context(1), name -> null));
        assertTrue(e.getMessage().contains("no predictor plugin 'weka'"), e.getMessage());
    }
}
