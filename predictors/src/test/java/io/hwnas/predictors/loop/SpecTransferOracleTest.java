package io.hwnas.predictors.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.transfer.SpecSheet;
import io.hwnas.predictors.transfer.SpecTransfer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec-sheet device following a measured reference through a real search. The reference "measures" the Xeon
 * column of the HELP table, so the test knows what the search measured.
 */
class SpecTransferOracleTest {

    private static final SearchSpace NB201 = SharedData.NB201;
    private static final String XEON = "silver_4114_ms";

    @TempDir
    Path tmp;

    private static SpecTransfer transfer() {
        return SpecTransfer.builder().space(NB201).reference(new SpecSheet(XEON, 704, 115.2, 10))
                .target(new SpecSheet("phone", 73.6, 14.9, 4)).build();
    }

    @Test
    void aFollowerIsRefittedOnEveryMeasurementOfItsReferenceAndNeverMeasures() throws IOException {
        LatencyTable t = SharedData.nb201Table();
        double[] ms = t.column(XEON);
        Map<String, Double> truth = new HashMap<>();
        for (int i = 0; i < ms.length; i++) {
            truth.put(t.architectures().get(i).canonical(), ms[i]);
        }
        LatencyMeasurer xeon = (a, graph) -> OptionalDouble.of(truth.get(a.canonical()));
        PredictorInLoopOracle loop = PredictorInLoopOracle.start(XEON, NB201, "flops", PredictorRegistry.discover(
                getClass().getClassLoader()).trainer("flops", PredictorContext.of(NB201, 1, tmp)), xeon,
                NB201.enumerate().limit(8).toList());
        SpecTransferOracle phone = SpecTransferOracle.following("phone", transfer(), loop, "transferred from "
                + XEON);
        assertEquals(LatencyKind.SPEC, phone.kind());
        assertEquals(Set.of(XEON), phone.learnsFrom());
        assertEquals("8", phone.predictor().info().details().get("samples"));

        SearchResult r = SearchRun.run(SearchSetup.builder().space(NB201)
                .accuracy(TableOracles.nb201("nb201:cifar10", NB201)).latency(phone).latency(loop).evaluations(60)
                .population(10).seed(2).measurePerGeneration(2).out(tmp.resolve("run")).build(), SearchListener.NONE);

        int rows = loop.measurements().size();
        assertTrue(rows > 8, "the search measured on the reference: " + rows);
        assertEquals(Integer.toString(rows), phone.predictor().info().details().get("samples"),
                "the last fit saw every reference measurement");
        assertTrue((int) phone.describe().get("fits") > 2, phone.describe().toString());
        for (Candidate c : r.candidates()) {
            assertTrue(!c.latency("phone").isMeasured(), "nothing is measured on a spec sheet");
            Architecture a = NB201.decode(c.arch());
            assertEquals(phone.predictor().predict(a).latencyMs(), c.latency("phone").predictedMs(), 1e-12);
        }
    }

    @Test
    void aFixedTransferNeedsThreeReferenceRows() {
        LatencyDataset two = new LatencyDataset("nb201", XEON, "two rows", SharedData.nb201Table().dataset(XEON)
                .records().subList(0, 2), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecTransferOracle.fixed("phone", transfer(), XEON, two, "test"));
        assertTrue(e.getMessage().contains("needs at least 3 measurements on the reference " + XEON + ", but had 2"),
                e.getMessage());
        assertEquals(List.of(), List.copyOf(SpecTransferOracle.fixed("phone", transfer(), XEON,
                SharedData.nb201Table().dataset(XEON).withRecords(SharedData.nb201Table().dataset(XEON).records()
                        .subList(0, 3), "3 rows"), "test").learnsFrom()));
    }
}
