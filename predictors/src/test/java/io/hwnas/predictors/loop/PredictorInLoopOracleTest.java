package io.hwnas.predictors.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predictor in the loop, end to end with a real Weka predictor. The "device" is the Essential PH-1 phone of
 * the HELP table: each measurement is a published measurement read from the table, so that the test knows the truth
 * for every architecture and counts what the search measured.
 */
class PredictorInLoopOracleTest {

    private static final SearchSpace NB201 = SharedData.NB201;
    private static final String PHONE = "essential_ph_1_ms";

    @TempDir
    Path tmp;

    private static Map<String, Double> truth() {
        LatencyTable t = SharedData.nb201Table();
        double[] ms = t.column(PHONE);
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < ms.length; i++) {
            m.put(t.architectures().get(i).canonical(), ms[i]);
        }
        return m;
    }

    private static PredictorTrainer weka() {
        return PredictorRegistry.discover(PredictorInLoopOracleTest.class.getClassLoader()).trainer("weka", PredictorContext.of(NB201, 1, Path.of(".")));
    }

    private static List<Architecture> sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Architecture> out = new ArrayList<>();
        while (out.size() < n) {
            Architecture a = NB201.sample(r);
            if (out.stream().noneMatch(b -> b.canonical().equals(a.canonical()))) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void theFinalFrontIsMeasuredAndPredictionViolationsAreReported() throws IOException {
        Map<String, Double> truth = truth();
        AtomicInteger measurements = new AtomicInteger();
        LatencyMeasurer phone = (a, graph) -> {
            measurements.incrementAndGet();
            return OptionalDouble.of(truth.get(a.canonical()));
        };
        PredictorInLoopOracle oracle = PredictorInLoopOracle.start(PHONE, NB201, "weka", weka(), phone,
                sample(20, 3));
        assertEquals(20, measurements.get());
        double median = oracle.warmupLatencies().stream().sorted().toList().get(10);
        SearchResult r = SearchRun.run(SearchSetup.builder().space(NB201)
                .accuracy(TableOracles.nb201("nb201:cifar10", NB201)).latency(oracle)
                .budget(Budget.parse("latency_ms<=" + median)).evaluations(200).population(20).seed(5)
                .measurePerGeneration(3).out(tmp).build(), SearchListener.NONE);

        // Every front member is measured, and its measurement is the truth.
        assertTrue(r.feasible());
        for (Candidate c : r.front()) {
            LatencyEstimate e = c.latency(PHONE);
            assertTrue(e.isMeasured(), "front member not measured: " + c.arch());
            assertEquals(truth.get(c.arch()), e.measuredMs(), 1e-9);
            assertTrue(e.isPredicted(), "the prediction made before measuring is kept");
            assertTrue(e.measuredMs() <= median, c.arch());
        }
        // The loop measured some candidates each generation but far fewer than it evaluated.
        long measured = r.candidates().stream().filter(c -> c.latency(PHONE).isMeasured()).count();
        assertTrue(measured >= r.history().size() && measured < r.candidates().size() / 2,
                measured + " measured of " + r.candidates().size());
        assertEquals(20 + measured - warmupAmong(r, truth), measurements.get());
        // The violation count is what the measurements say of the predictions, never hidden.
        int expected = 0;
        int predictedFeasible = 0;
        for (Candidate c : r.candidates()) {
            LatencyEstimate e = c.latency(PHONE);
            if (e.isMeasured() && e.isPredicted() && e.predictedMs() <= median) {
                predictedFeasible++;
                expected += e.measuredMs() > median ? 1 : 0;
            }
        }
        assertEquals(expected, r.violations().size());
        assertEquals(predictedFeasible, r.predictedFeasibleMeasured());
        assertTrue((int) oracle.describe().get("fits") > 1, "refitted as it measured");
        assertFalse(Double.isNaN(r.violationRate()));
    }

    /** Candidates that were in the warm-up sample were not measured twice. */
    private static int warmupAmong(SearchResult r, Map<String, Double> truth) {
        List<String> warm = sample(20, 3).stream().map(Architecture::canonical).toList();
        return (int) r.candidates().stream().filter(c -> warm.contains(c.arch()) && c.latency(PHONE).isMeasured())
                .count();
    }
}
