package io.hwnas.predictors.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.core.predict.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FewShotTransferTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    @TempDir
    static Path dir;

    private static LatencyTable table;

    @BeforeAll
    static void writeTable() throws IOException {
        table = Synthetic.table(dir, NB201, 600, 42);
    }

    private static FewShotTransfer.Builder mixFromAB() {
        return FewShotTransfer.builder().table(table).referenceColumns(List.of("a", "b")).targetColumn("mix")
                .samples(8).seed(3);
    }

    @Test
    void sameSeedGivesTheSameSamplesAndMetrics() {
        TransferResult r1 = mixFromAB().build().run();
        TransferResult r2 = mixFromAB().build().run();
        assertEquals(r1.sampled(), r2.sampled());
        assertEquals(r1.metrics(), r2.metrics());
        assertEquals(r1.predictor().referenceWeights(), r2.predictor().referenceWeights());
    }

    @Test
    void anotherSeedDrawsOtherSamples() {
        List<String> s3 = mixFromAB().build().run().sampled();
        List<String> s4 = mixFromAB().seed(4).build().run().sampled();
        assertNotEquals(s3, s4);
        assertEquals(8, s4.size());
    }

    @Test
    void recoversAnExactMixtureOfTheReferences() {
        TransferResult r = mixFromAB().build().run();
        assertEquals(2, r.predictor().referenceWeights().get("a"), 1e-3);
        assertEquals(0.5, r.predictor().referenceWeights().get("b"), 1e-3);
        assertEquals(1, r.predictor().intercept(), 1e-2);
        Metrics m = r.metrics();
        assertEquals(600 - 8, m.n());
        assertTrue(m.spearman() > 0.999, "spearman " + m.spearman());
        assertEquals(1, m.within5(), 0);
        assertEquals("mix", r.predictor().info().device());
        assertEquals("transfer", r.predictor().info().plugin());
    }

    @Test
    void samplesOnlyRowsWithATargetValueAndTestsOnAllOthers() {
        TransferResult r = FewShotTransfer.builder().table(table).referenceColumns(List.of("b"))
                .targetColumn("gappy").samples(20).seed(1).build().run();
        Set<String> empty = new HashSet<>();
        for (int i = 0; i < table.architectures().size(); i += 3) {
            empty.add(table.architectures().get(i).canonical());
        }
        Set<String> present = new HashSet<>();
        for (int i = 0; i < table.architectures().size(); i++) {
            if (i % 3 != 0) {
                present.add(table.architectures().get(i).canonical());
            }
        }
        for (String s : r.sampled()) {
            assertTrue(present.contains(s), s + " has no gappy value");
        }
        assertEquals(400 - 20, r.metrics().n());
    }

    @Test
    void predictsArchitecturesTheTableDoesNotHold() {
        TransferPredictor p = mixFromAB().build().run().predictor();
        Set<String> inTable = new HashSet<>();
        table.architectures().forEach(a -> inTable.add(a.canonical()));
        Architecture outside = NB201.enumerate().filter(a -> !inTable.contains(a.canonical())).findFirst()
                .orElseThrow();
        double a = 3 + Synthetic.cost(outside, Synthetic.A);
        double b = 2 + Synthetic.cost(outside, Synthetic.B);
        assertEquals(1 + 2 * a + 0.5 * b, p.predict(outside).latencyMs(), 1e-2);
    }

    @Test
    void trainsOnMeasurementsOfADeviceNoTableHas() {
        FewShotTransfer transfer = FewShotTransfer.builder().table(table).referenceColumns(List.of("a", "b"))
                .build();
        SplittableRandom random = new SplittableRandom(9);
        List<LatencyRecord> rs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Architecture x = NB201.sample(random);
            rs.add(new LatencyRecord(x, 0.5 + 3 * (2 + Synthetic.cost(x, Synthetic.B))));
        }
        TransferPredictor p = transfer.train(new LatencyDataset("nb201", "pixel9", "bench", rs, 0));
        assertEquals(0, p.referenceWeights().get("a"), 1e-3);
        assertEquals(3, p.referenceWeights().get("b"), 1e-3);
        assertEquals("pixel9", p.info().device());
    }

    @Test
    void refusesToPredictAnArchitectureOfAnotherSpace() {
        TransferPredictor p = mixFromAB().build().run().predictor();
        Architecture mbv3 = SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(1));
        assertMessage(() -> p.predict(mbv3), "not of space 'nb201'");
    }

    @Test
    void refusesUnknownColumnsListingThemAll() {
        assertMessage(() -> FewShotTransfer.builder().table(table).referenceColumns(List.of("a", "pixel", "tpu"))
                .targetColumn("jetson").build(), "unknown columns [pixel, tpu, jetson]");
    }

    @Test
    void refusesATargetThatIsAlsoAReference() {
        assertMessage(() -> mixFromAB().referenceColumns(List.of("a", "mix")).build(),
                "targetColumn 'mix' must not be one of referenceColumns");
    }

    @Test
    void refusesFewerThanTwoSamples() {
        assertMessage(() -> mixFromAB().samples(1).build(), "samples must be >= 2, but was 1");
    }

    @Test
    void refusesMoreSamplesThanRowsLeaveToTest() {
        assertMessage(() -> mixFromAB().samples(599).build(), "samples must be <= 598");
        assertMessage(() -> mixFromAB().targetColumn("gappy").samples(399).build(),
                "samples must be <= 398 (400 rows of 'gappy' have a value");
    }

    @Test
    void refusesEmptyOrRepeatedReferences() {
        assertMessage(() -> mixFromAB().referenceColumns(List.of()).build(), "referenceColumns must not be empty");
        assertMessage(() -> mixFromAB().referenceColumns(List.of("a", "a")).build(), "has 'a' twice");
    }

    @Test
    void refusesAMissingTableOrAMismatchedSpace() {
        assertMessage(() -> FewShotTransfer.builder().referenceColumns(List.of("a")).build(), "table must be set");
        assertMessage(() -> mixFromAB().space(SearchSpaces.builtIn().get("mbv3")).build(),
                "space 'mbv3' does not match the table's space 'nb201'");
    }

    @Test
    void runNeedsATargetAndSamples() {
        FewShotTransfer noTarget = FewShotTransfer.builder().table(table).referenceColumns(List.of("a")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, noTarget::run);
        assertTrue(e.getMessage().contains("targetColumn was not set"), e.getMessage());
    }

    @Test
    void trainRefusesTooFewRecordsOrAnotherSpace() {
        FewShotTransfer t = FewShotTransfer.builder().table(table).referenceColumns(List.of("a")).build();
        Architecture x = NB201.sample(new SplittableRandom(2));
        assertMessage(() -> t.train(new LatencyDataset("nb201", "d", "s", List.of(new LatencyRecord(x, 3)), 0)),
                "data must have >= 2 records to fit, but had 1");
        Architecture m = SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(2));
        assertMessage(() -> t.train(new LatencyDataset("mbv3", "d", "s", List.of(new LatencyRecord(m, 3),
                new LatencyRecord(m, 4)), 0)), "data is of space 'mbv3'");
    }

    private static void assertMessage(Executable e, String expected) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), "expected '" + expected + "' in: " + x.getMessage());
        assertFalse(x.getMessage().isBlank());
    }
}
