package io.hwnas.predictors.weka;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every listed Weka learner on 300 training rows of one device, tested on 200 others. */
class WekaProviderTest {

    static final String DEVICE = "1080ti_1_ms";
    static final Path HOME = HwnasHome.fromEnvironment().dir();

    static LatencyDataset train;
    static LatencyDataset test;
    static final WekaProvider PROVIDER = new WekaProvider();

    @BeforeAll
    static void data() {
        LatencyDataset.Split s = SharedData.nb201(DEVICE, 500, 5).split(0.6, 5);
        train = s.train();
        test = s.test();
    }

    static PredictorContext context(long seed) {
        return PredictorContext.of(SharedData.NB201, seed, HOME);
    }

    static Metrics evaluate(LatencyPredictor p, LatencyDataset data) {
        List<LatencyRecord> rs = data.records();
        double[] measured = rs.stream().mapToDouble(LatencyRecord::latencyMs).toArray();
        double[] predicted = p.predictAll(rs.stream().map(LatencyRecord::architecture).toList()).stream()
                .mapToDouble(Prediction::latencyMs).toArray();
        return Metrics.of(measured, predicted);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "weka.classifiers.trees.M5P -M 4",
        "weka.classifiers.trees.RandomForest -I 30",
        "weka.classifiers.functions.GaussianProcesses -L 0.1 -N 1 -K \"weka.classifiers.functions.supportVector.RBFKernel -G 0.01\"",
        "weka.classifiers.functions.SMOreg -C 1.0 -N 1 -K \"weka.classifiers.functions.supportVector.PolyKernel -E 2.0\"",
        "weka.classifiers.functions.LinearRegression -S 1 -R 1.0E-4",
        "weka.classifiers.lazy.IBk -K 5 -I",
        "weka.classifiers.functions.MultilayerPerceptron -N 200 -H 16"})
    void eachLearnerPredictsHeldOutCells(String options) {
        WekaTrainer trainer = PROVIDER.trainer(options, context(42));
        WekaPredictor p = trainer.train(train);
        Metrics m = evaluate(p, test);
        assertTrue(m.mape() < 0.15, trainer.spec().shortName() + ": MAPE " + m.mape());
        assertTrue(m.spearman() > 0.8, trainer.spec().shortName() + ": Spearman " + m.spearman());
        assertEquals("weka", p.info().plugin());
        assertEquals(trainer.spec().text(), p.info().options());
        assertEquals(DEVICE, p.info().device());
        assertEquals(PROVIDER.featureSchema(context(42)), p.info().featureSchema());
        assertEquals(weka.core.Version.VERSION, p.info().details().get("weka.version"));
        // Its saved form passes the model filter and predicts the same (a model Weka cannot serialise saves none
        // and is trained again on load).
        byte[] saved = p.model();
        assertEquals(options.contains("GaussianProcesses"), saved.length == 0, "model bytes: " + saved.length);
        if (saved.length > 0) {
            LatencyPredictor back = assertDoesNotThrow(() -> PROVIDER.restore(p.info(), saved, train, context(42)));
            List<Architecture> some = test.records().stream().limit(20).map(LatencyRecord::architecture).toList();
            assertEquals(p.predictAll(some), back.predictAll(some));
        }
    }

    @Test
    void aSavedModelHoldingOtherClassesIsRefusedBeforeTheyAreBuilt() throws Exception {
        // URLDNS: a HashMap keyed by a URL makes a DNS query as it is read, the smallest such gadget.
        java.util.HashMap<java.net.URL, String> gadget = new java.util.HashMap<>();
        gadget.put(new java.net.URL("http://hwnas.invalid/"), "x");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(gadget);
        }
        WekaPredictor p = PROVIDER.trainer("", context(42)).train(train);
        var e = assertThrows(java.io.InvalidClassException.class,
                () -> PROVIDER.restore(p.info(), bytes.toByteArray(), train, context(42)));
        assertEquals("saved weka model holds java.net.URL, which a Weka model does not; refused before it was built",
                e.getMessage());
    }

    @Test
    void aSavedModelClaimingAHugeArrayIsRefused() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new double[4]);
        }
        byte[] b = bytes.toByteArray();
        // The array's length is the last int before its 4 x 8 bytes of values.
        java.nio.ByteBuffer.wrap(b).putInt(b.length - 32 - 4, 1_000_000_000);
        WekaPredictor p = PROVIDER.trainer("", context(42)).train(train);
        var e = assertThrows(java.io.InvalidClassException.class,
                () -> PROVIDER.restore(p.info(), b, train, context(42)));
        assertEquals("saved weka model holds an array of 1000000000 elements, which a Weka model does not; refused"
                + " before it was built", e.getMessage());
    }

    @Test
    void gaussianProcessReportsItsUncertainty() {
        WekaPredictor p = PROVIDER.trainer("weka.classifiers.functions.GaussianProcesses -L 0.1 -N 1 "
                + "-K \"weka.classifiers.functions.supportVector.RBFKernel -G 0.01\"", context(42)).train(train);
        Prediction near = p.predict(test.records().get(0).architecture());
        assertTrue(near.hasUncertainty() && near.stdMs() > 0, near.toString());
        assertTrue(near.stdMs() < near.latencyMs(), "a log-space sigma well below 1: " + near);
    }

    @Test
    void forestReportsTheSpreadOfItsTrees() {
        WekaPredictor p = PROVIDER.trainer("weka.classifiers.trees.RandomForest -I 20", context(42)).train(train);
        Prediction pr = p.predict(test.records().get(0).architecture());
        assertTrue(pr.hasUncertainty() && pr.stdMs() > 0, pr.toString());
    }

    @Test
    void defaultIsOpCostSumThenM5PWithoutUncertainty() {
        WekaTrainer t = PROVIDER.trainer("", context(42));
        assertEquals(WekaRegressorSpec.DEFAULT, t.spec());
        assertEquals("io.hwnas.predictors.weka.OpCostRegressor -W weka.classifiers.trees.M5P -- -M 10",
                t.spec().text());
        assertFalse(t.train(train).predict(test.records().get(0).architecture()).hasUncertainty());
    }

    @Test
    void sameDataOptionsAndSeedGiveTheSamePredictions() {
        String forest = "weka.classifiers.trees.RandomForest -I 20 -num-slots 2";
        List<Architecture> archs = test.records().stream().map(LatencyRecord::architecture).toList();
        List<Prediction> a = PROVIDER.trainer(forest, context(7)).train(train).predictAll(archs);
        List<Prediction> b = new WekaProvider().trainer(forest, context(7)).train(train).predictAll(archs);
        assertEquals(a, b);
        List<Prediction> c = PROVIDER.trainer(forest, context(8)).train(train).predictAll(archs);
        assertNotEquals(a, c, "another seed grows other trees");
    }

    @Test
    void unknownClassIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.trainer("weka.classifiers.trees.M5Q -M 4", context(1)));
        assertTrue(e.getMessage().contains("'weka.classifiers.trees.M5Q'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PROVIDER.trainer("M5P", context(1)));
        assertTrue(e.getMessage().contains("'M5P'") && e.getMessage().contains("full name"), e.getMessage());
    }

    @Test
    void classifierThatCannotPredictNumbersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.trainer("weka.classifiers.trees.J48", context(1)));
        assertTrue(e.getMessage().contains("weka.classifiers.trees.J48") && e.getMessage().contains("numbers"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.trainer("java.lang.String", context(1)));
        assertTrue(e.getMessage().contains("'java.lang.String' is not a Weka classifier"), e.getMessage());
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.trainer("weka.classifiers.trees.M5P -Q 3", context(1)));
        assertTrue(e.getMessage().contains("-Q"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PROVIDER.trainer(
                "weka.classifiers.functions.GaussianProcesses -K \"weka.classifiers.functions.supportVector.NoKernel\"",
                context(1)));
        assertTrue(e.getMessage().contains("NoKernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PROVIDER.trainer("weka.classifiers.trees.M5P \"-M 4", context(1)));
        assertTrue(e.getMessage().contains("'weka.classifiers.trees.M5P \"-M 4'"), e.getMessage());
    }

    @Test
    void refusesDataOfAnotherSpaceOrTooSmall() {
        WekaTrainer t = PROVIDER.trainer("", PredictorContext.of(SearchSpaces.builtIn().get("mbv3"), 1, HOME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.train(train));
        assertTrue(e.getMessage().contains("'nb201'") && e.getMessage().contains("'mbv3'"), e.getMessage());
        LatencyDataset one = train.withRecords(train.records().subList(0, 1), "one");
        e = assertThrows(IllegalArgumentException.class, () -> PROVIDER.trainer("", context(1)).train(one));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    @Test
    void specReadsBackWhatItPrints() {
        WekaRegressorSpec s = WekaRegressorSpec.parse("  weka.classifiers.functions.GaussianProcesses -L 0.1 "
                + "-K \"weka.classifiers.functions.supportVector.RBFKernel -G 0.01\"");
        assertEquals("weka.classifiers.functions.GaussianProcesses", s.classifier());
        assertEquals(List.of("-L", "0.1", "-K", "weka.classifiers.functions.supportVector.RBFKernel -G 0.01"),
                s.options());
        assertEquals(s, WekaRegressorSpec.parse(s.text()));
        assertEquals(WekaRegressorSpec.DEFAULT, WekaRegressorSpec.parse("   "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WekaRegressorSpec("-M", List.of()));
        assertTrue(e.getMessage().contains("'-M'"), e.getMessage());
    }

    @Test
    void serviceLoaderFindsThePlugin() {
        List<String> names = StreamSupport.stream(ServiceLoader.load(PredictorProvider.class).spliterator(), false)
                .map(PredictorProvider::name).toList();
        assertTrue(names.contains("weka"), names.toString());
    }

    @Test
    void wekaKeepsItsHomeUnderTheToolsHome() {
        PROVIDER.trainer("", context(1));
        assertEquals(HOME.resolve("weka").toAbsolutePath().normalize().toString(), System.getProperty("WEKA_HOME"));
        assertEquals("true", System.getProperty("weka.packageManager.offline"));
        assertEquals(HOME.resolve("weka").toString(), weka.core.WekaPackageManager.WEKA_HOME.toString());
    }
}
