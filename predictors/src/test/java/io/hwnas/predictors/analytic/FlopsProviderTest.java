package io.hwnas.predictors.analytic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.LatencyPredictorContract;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FlopsProviderTest extends LatencyPredictorContract {

    @Override
    protected PredictorProvider provider() {
        return new FlopsProvider();
    }

    /** Latency exactly 0.01 ms per million MACs + 2 ms, on 40 sampled cells. */
    private static LatencyDataset exactLine() {
        SplittableRandom random = new SplittableRandom(3);
        List<LatencyRecord> rs = Stream.generate(() -> NB201.sample(random)).limit(40)
                .map(a -> new LatencyRecord(a, 0.01 * NB201.buildGraph(a).cost().macs() / 1e6 + 2)).toList();
        return new LatencyDataset("nb201", "synthetic", "exact line", rs, 0);
    }

    @Test
    void recoversAnExactLineWithBothFits() {
        LatencyDataset d = exactLine();
        for (String fit : List.of("relative", "linear")) {
            LatencyPredictor p = provider().trainer("fit=" + fit, PredictorContext.of(NB201, 1, home)).train(d);
            assertEquals(0.01, Double.parseDouble(p.info().details().get("slope_ms_per_million")), 1e-9, fit);
            assertEquals(2, Double.parseDouble(p.info().details().get("intercept_ms")), 1e-6, fit);
            for (LatencyRecord r : d.records()) {
                assertEquals(r.latencyMs(), p.predict(r.architecture()).latencyMs(), 1e-6);
            }
        }
    }

    @Test
    void neverFitsANegativeInterceptSoPredictionsStayPositive() {
        // latency falls with MACs: the best line with a, b >= 0 is flat at the mean
        SplittableRandom random = new SplittableRandom(4);
        List<LatencyRecord> rs = Stream.generate(() -> NB201.sample(random)).limit(30)
                .map(a -> new LatencyRecord(a, 1000.0 / (1 + NB201.buildGraph(a).cost().macs() / 1e6))).toList();
        LatencyPredictor p = provider().trainer("fit=linear", PredictorContext.of(NB201, 1, home))
                .train(new LatencyDataset("nb201", "synthetic", "falling", rs, 0));
        assertTrue(Double.parseDouble(p.info().details().get("slope_ms_per_million")) >= 0);
        assertTrue(Double.parseDouble(p.info().details().get("intercept_ms")) >= 0);
        for (LatencyRecord r : rs) {
            assertTrue(p.predict(r.architecture()).latencyMs() > 0);
        }
    }

    @Test
    void memoisesFewerArchitecturesThanItPredictsWhenTheCacheIsSmall() {
        LatencyDataset d = exactLine();
        LatencyPredictor small = provider().trainer("cache=4", PredictorContext.of(NB201, 1, home)).train(d);
        LatencyPredictor big = provider().trainer("", PredictorContext.of(NB201, 1, home)).train(d);
        for (LatencyRecord r : d.records()) {
            assertEquals(big.predict(r.architecture()), small.predict(r.architecture()));
        }
    }

    @Test
    void rejectsUnknownOptionNamingItAndTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> provider().trainer("feature=params", PredictorContext.of(NB201, 1, home)));
        assertTrue(e.getMessage().contains("feature") && e.getMessage().contains("params"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class,
                () -> provider().trainer("slope=2", PredictorContext.of(NB201, 1, home)));
        assertTrue(u.getMessage().contains("'slope'") && u.getMessage().contains("[cache, feature, fit]"),
                u.getMessage());
    }

    @Test
    void refusesADatasetAndAnArchitectureOfAnotherSpace() {
        var trainer = provider().trainer("", PredictorContext.of(NB201, 1, home));
        Architecture mbv3 = io.hwnas.core.space.SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(1));
        LatencyDataset other = new LatencyDataset("mbv3", "x", "other", List.of(new LatencyRecord(mbv3, 1),
                new LatencyRecord(mbv3, 2)), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.train(other));
        assertTrue(e.getMessage().contains("'mbv3'"), e.getMessage());
        LatencyPredictor p = trainer.train(exactLine());
        var f = assertThrows(IllegalArgumentException.class, () -> p.predict(mbv3));
        assertTrue(f.getMessage().contains("mbv3"), f.getMessage());
    }
}
