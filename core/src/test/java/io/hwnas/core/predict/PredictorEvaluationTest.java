package io.hwnas.core.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorEvaluationTest {

    private static final List<PredictorEvaluation.Item> ITEMS = List.of(
            new PredictorEvaluation.Item("a", 1.0, 1.1, Double.NaN),
            new PredictorEvaluation.Item("b", 2.0, 1.9, 0.2));

    private static PredictorEvaluation.Builder valid() {
        return PredictorEvaluation.builder().predictor("lut").space("nb201").device("1080ti_1_ms").source("t.csv")
                .protocol("holdout 0.8 seed 1").nTrain(8).rmseMs(0.1).mape(0.075).within5(0.5).within10(1.0)
                .spearman(1.0).kendall(1.0).predictUs(0.3).trainSeconds(0.01).items(ITEMS);
    }

    @Test
    void builderSetsTestCountFromItemsAndRoundTripsThroughToBuilder() {
        PredictorEvaluation e = valid().build();
        assertEquals(2, e.nTest());
        assertEquals(e, e.toBuilder().build());
    }

    @Test
    void allowsUndefinedRankCorrelationForConstantPredictions() {
        PredictorEvaluation e = valid().spearman(Double.NaN).kendall(Double.NaN).build();
        assertTrue(Double.isNaN(e.spearman()));
    }

    @Test
    void rejectsTestCountThatDisagreesWithItems() {
        var e = assertThrows(IllegalArgumentException.class, () -> valid().nTest(3).build());
        assertTrue(e.getMessage().contains("nTest"), e.getMessage());
    }

    @Test
    void rejectsShareAboveOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> valid().within10(1.5).build());
        assertTrue(e.getMessage().contains("within10") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void rejectsNegativeRmseAndZeroTrainingRows() {
        var rmse = assertThrows(IllegalArgumentException.class, () -> valid().rmseMs(-1).build());
        assertTrue(rmse.getMessage().contains("rmseMs"), rmse.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> valid().nTrain(0).build());
        assertTrue(n.getMessage().contains("nTrain"), n.getMessage());
    }

    @Test
    void rejectsItemWithNonPositiveMeasurement() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PredictorEvaluation.Item("a", 0.0, 1.0, Double.NaN));
        assertTrue(e.getMessage().contains("measuredMs"), e.getMessage());
    }
}
