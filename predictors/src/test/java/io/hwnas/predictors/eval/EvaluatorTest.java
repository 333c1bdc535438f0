package io.hwnas.predictors.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.analytic.FlopsProvider;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.lut.LutProvider;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    @TempDir
    Path home;

    /** 0.01 ms per million MACs + 1 ms: the flops baseline fits it exactly. */
    private static LatencyDataset exactLine(int n) {
        SplittableRandom random = new SplittableRandom(11);
        List<LatencyRecord> rs = Stream.generate(() -> NB201.sample(random)).limit(n)
                .map(a -> new LatencyRecord(a, 0.01 * NB201.buildGraph(a).cost().macs() / 1e6 + 1)).toList();
        return new LatencyDataset("nb201", "synthetic", "exact line", rs, 0);
    }

    private PredictorTrainer flops() {
        return new FlopsProvider().trainer("fit=linear", PredictorContext.of(NB201, 1, home));
    }

    @Test
    void holdoutOfAnExactModelScoresPerfectly() {
        LatencyDataset d = exactLine(50);
        PredictorEvaluation e = Evaluator.holdout(flops(), d, 0.8, 1);
        assertEquals("flops:fit=linear", e.predictor());
        assertEquals(40, e.nTrain());
        assertEquals(10, e.nTest());
        assertEquals(0, e.rmseMs(), 1e-6);
        assertEquals(1, e.within5());
        assertEquals(1, e.spearman(), 1e-12);
        assertEquals("holdout 0.8 seed 1", e.protocol());
        assertEquals(d.sha256(), e.datasetSha256());
        assertEquals("synthetic", e.device());
        assertTrue(e.predictUs() > 0 && e.trainSeconds() > 0);
        assertTrue(e.items().stream().allMatch(i -> i.stdMs() >= 0));
    }

    @Test
    void kFoldPredictsEveryRowOnceAndPoolsTheMetrics() {
        LatencyDataset d = exactLine(30);
        PredictorEvaluation e = Evaluator.kFold(flops(), d, 5, 2);
        assertEquals(30, e.nTest());
        assertEquals(24, e.nTrain());
        assertEquals("5-fold seed 2", e.protocol());
        assertEquals(d.records().stream().map(r -> r.architecture().canonical()).sorted().toList(),
                e.items().stream().map(PredictorEvaluation.Item::architecture).sorted().toList());
        assertEquals(0, e.mape(), 1e-9);
    }

    @Test
    void sameSeedGivesTheSameEvaluationApartFromTiming() {
        LatencyDataset d = SharedData.nb201("2080ti_1_ms", 200, 3);
        PredictorTrainer lut = new LutProvider().trainer("", PredictorContext.of(NB201, 1, home));
        PredictorEvaluation a = Evaluator.holdout(lut, d, 0.75, 4);
        PredictorEvaluation b = Evaluator.holdout(lut, d, 0.75, 4);
        assertEquals(a.items(), b.items());
        assertEquals(a.kendall(), b.kendall());
    }

    @Test
    void refusesTooSmallADataset() {
        LatencyDataset d = exactLine(2);
        var e = assertThrows(IllegalArgumentException.class, () -> Evaluator.holdout(flops(), d, 0.5, 1));
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
    }

    @Test
    void tooFewRowsSaysWhichWereSetAsideAndWhy() {
        LatencyDataset one = exactLine(1);
        LatencyDataset d = new LatencyDataset("nb201", "ms", "t.csv#ms", one.records(), 4, List.of(
                new LatencyDataset.SetAside("with a zero or negative latency", 4, List.of(3, 4, 5, 6))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.holdout(flops(), d, 0.8, 1));
        assertEquals("evaluation needs at least 3 rows, but t.csv#ms has 1 (4 rows set aside: 4 rows with a zero or "
                + "negative latency (lines 3, 4, 5, 6))", e.getMessage());
    }
}
