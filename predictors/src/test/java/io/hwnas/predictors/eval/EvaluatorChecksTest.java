package io.hwnas.predictors.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorInfo;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What the evaluator checks and how it pools its figures, with a predictor simple enough to work out by hand: the
 * mean of its training latencies.
 */
class EvaluatorChecksTest {

    private static final SearchSpace NB201 = new Nb201Space();

    /** {@code latencies.length} distinct architectures with these latencies, in order. */
    private static LatencyDataset dataset(double... latencies) {
        SplittableRandom random = new SplittableRandom(3);
        List<LatencyRecord> rs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (rs.size() < latencies.length) {
            Architecture a = NB201.sample(random);
            if (!seen.contains(a.canonical())) {
                seen.add(a.canonical());
                rs.add(new LatencyRecord(a, latencies[rs.size()]));
            }
        }
        return new LatencyDataset("nb201", "synthetic", "by hand", rs, 0);
    }

    /** Predicts the mean latency of what it was trained on, for every architecture. */
    private static PredictorTrainer mean(int drop) {
        return data -> {
            double m = data.records().stream().mapToDouble(LatencyRecord::latencyMs).average().orElseThrow();
            return new LatencyPredictor() {
                @Override
                public PredictorInfo info() {
                    return new PredictorInfo(drop == 0 ? "mean" : "broken", "", "nb201", "synthetic", "", Map.of());
                }

                @Override
                public Prediction predict(Architecture architecture) {
                    return Prediction.of(m);
                }

                @Override
                public List<Prediction> predictAll(List<Architecture> architectures) {
                    List<Prediction> all = LatencyPredictor.super.predictAll(architectures);
                    return all.subList(0, all.size() - drop);
                }
            };
        };
    }

    @Test
    void eachFoldPredictsItsRowFromTheOtherRowsOnly() {
        LatencyDataset d = dataset(1, 2, 3);
        PredictorEvaluation e = Evaluator.kFold(mean(0), d, 3, 1);
        assertEquals(3, e.nTest());
        assertEquals(2, e.nTrain());
        assertEquals("mean", e.predictor());
        for (PredictorEvaluation.Item i : e.items()) {
            double othersMean = (6 - i.measuredMs()) / 2;
            assertEquals(othersMean, i.predictedMs(), 1e-12, i.architecture());
        }
        // errors 1.5, 0 and 1.5 ms: root mean square sqrt(1.5)
        assertEquals(Math.sqrt(1.5), e.rmseMs(), 1e-12);
    }

    @Test
    void threeRowsAreEnoughToEvaluate() {
        PredictorEvaluation e = Evaluator.holdout(mean(0), dataset(1, 2, 4), 0.3, 1);
        assertEquals(1, e.nTrain());
        assertEquals(2, e.nTest());
    }

    @Test
    void kFoldRefusesTooSmallADatasetNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Evaluator.kFold(mean(0), dataset(1, 2), 2, 1));
        assertEquals("evaluation needs at least 3 rows, but by hand has 2", e.getMessage());
    }

    @Test
    void aPredictorThatAnswersTooFewPredictionsIsNamed() {
        var e = assertThrows(IllegalStateException.class,
                () -> Evaluator.holdout(mean(1), dataset(1, 2, 3, 4, 5, 6), 0.5, 1));
        assertEquals("broken predictAll returned 2 predictions for 3 architectures", e.getMessage());
    }

    /**
     * Training and predicting happen inside the call: their times, in seconds and in microseconds per prediction,
     * cannot add up to more than the call took. No speed is asserted, only the units and the parts of a whole.
     */
    @Test
    void theTimesArePartsOfTheCallInTheirOwnUnits() {
        LatencyDataset d = dataset(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            PredictorEvaluation e = round == 0 ? Evaluator.holdout(mean(0), d, 0.5, 1)
                    : Evaluator.kFold(mean(0), d, 4, 1);
            double wallNanos = System.nanoTime() - t0;
            assertTrue(e.trainSeconds() >= 0 && e.trainSeconds() * 1e9 <= wallNanos,
                    e.trainSeconds() + " s training in a call of " + wallNanos + " ns");
            assertTrue(e.predictUs() >= 0 && e.predictUs() * 1e3 * e.nTest() <= wallNanos,
                    e.predictUs() + " us per prediction x " + e.nTest() + " in a call of " + wallNanos + " ns");
        }
    }
}
