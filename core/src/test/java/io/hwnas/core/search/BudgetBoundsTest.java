package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.Budget.Comparison;
import org.junit.jupiter.api.Test;

/** A budget at its bound, each comparison and written form, and what it refuses. */
class BudgetBoundsTest {

    @Test
    void eachComparisonAtTheBoundAndEitherSideOfIt() {
        Budget atMost = Budget.parse("latency_ms<=5");
        assertTrue(atMost.admits(5));
        assertFalse(atMost.admits(5.0001));
        Budget below = Budget.parse("latency_ms<5");
        assertFalse(below.admits(5));
        assertTrue(below.admits(4.9999));
        Budget atLeast = Budget.parse("accuracy>=90");
        assertTrue(atLeast.admits(90));
        assertFalse(atLeast.admits(89.999));
        Budget above = Budget.parse("accuracy>90");
        assertEquals(Comparison.ABOVE, above.comparison());
        assertFalse(above.admits(90));
        assertTrue(above.admits(90.001));
    }

    @Test
    void theReversedOperatorsReadAsTheirUsualForms() {
        assertEquals(Comparison.AT_MOST, Budget.parse("latency_ms=<5").comparison());
        assertEquals(Comparison.AT_LEAST, Budget.parse("accuracy=>90").comparison());
        assertEquals("latency_ms<=5", Budget.parse("latency_ms=<5").toString());
        assertEquals("accuracy>=90", Budget.parse("accuracy=>90").toString());
    }

    @Test
    void aStrictBudgetMissedAtItsBoundIsViolatedAlbeitBarely() {
        double v = Budget.parse("latency_ms<5").violation(5);
        assertTrue(v > 0 && v < 1e-9, "violation " + v);
        assertEquals(0, Budget.parse("latency_ms<=5").violation(5));
    }

    @Test
    void violationsAreRelativeToTheBoundOnEitherSide() {
        assertEquals(0.5, Budget.parse("latency_ms<=4").violation(6), 1e-12);
        assertEquals(0.5, Budget.parse("latency_ms<4").violation(6), 1e-12);
        assertEquals(0.25, Budget.parse("accuracy>80").violation(60), 1e-12);
        assertEquals(0, Budget.parse("accuracy>80").violation(81));
    }

    @Test
    void aBoundOfZeroStillGivesAFiniteViolationAndDistance() {
        Budget zero = Budget.parse("params<=0");
        assertEquals(3 / 1e-12, zero.violation(3), 1);
        assertEquals(Math.abs(3 / 1e-12 - 1), zero.distance(3), 1);
        assertEquals(0, zero.violation(0));
    }

    @Test
    void distanceIsTheRelativeGapToTheBoundEitherWay() {
        Budget b = Budget.parse("latency_ms<=4");
        assertEquals(0.25, b.distance(5), 1e-12);
        assertEquals(0.25, b.distance(3), 1e-12);
        assertEquals(0, b.distance(4));
    }

    @Test
    void onlyLatencyBudgetsBindADevice() {
        assertFalse(Budget.parse("params<=1e6").binds("cpu"));
        assertFalse(Budget.parse("accuracy>=90").binds("cpu"));
        assertTrue(Budget.parse("cpu:latency_ms<=3").binds("cpu"));
        assertFalse(Budget.parse("cpu:latency_ms<=3").binds("cpu-1t"));
    }

    @Test
    void theBoundIsWrittenBackAsAWholeNumberWhenItIsOne() {
        assertEquals("5", Budget.parse("latency_ms<=5.0").boundText());
        assertEquals("2.5", Budget.parse("latency_ms<=2.5").boundText());
        assertEquals("1000000", Budget.parse("params<=1e6").boundText());
        assertEquals("-3", Budget.parse("accuracy>=-3").boundText());
        assertEquals("1.0E15", Budget.parse("flops<=1e15").boundText(), "too large for a plain integer");
        assertEquals("999999999999999", Budget.parse("flops<=999999999999999").boundText());
        assertEquals("cpu-1t:latency_ms<3.5", new Budget("cpu-1t", Metric.LATENCY_MS, Comparison.BELOW, 3.5)
                .toString());
    }

    @Test
    void eachComparisonKnowsItsSymbolAndSide() {
        assertEquals("<=", Comparison.AT_MOST.symbol());
        assertEquals("<", Comparison.BELOW.symbol());
        assertEquals(">=", Comparison.AT_LEAST.symbol());
        assertEquals(">", Comparison.ABOVE.symbol());
        assertTrue(Comparison.AT_MOST.upper() && Comparison.BELOW.upper());
        assertFalse(Comparison.AT_LEAST.upper() || Comparison.ABOVE.upper());
    }

    @Test
    void anInfiniteOrUnknownBoundIsRefused() {
        for (String bound : new String[] {"Infinity", "NaN", "-Infinity"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("latency_ms<=" + bound));
            assertEquals("budget 'latency_ms<=" + bound + "': the bound must be a finite number", e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Budget(null, Metric.LATENCY_MS, Comparison.AT_MOST, Double.POSITIVE_INFINITY));
        assertEquals("budget bound must be finite, but was Infinity", e.getMessage());
    }

    @Test
    void aBudgetBuiltInCodeRefusesADeviceOnAMetricThatHasNone() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Budget("cpu", Metric.PARAMS, Comparison.AT_MOST, 5));
        assertEquals("only latency budgets name a device, but 'cpu:params' does", e.getMessage());
        assertEquals("cpu", new Budget("cpu", Metric.WORST_LATENCY_MS, Comparison.AT_MOST, 5).device());
    }

    @Test
    void aBadExpressionIsQuotedWholeWithTheKnownMetrics() {
        var e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("latency_ms"));
        assertTrue(e.getMessage().startsWith("budget 'latency_ms' is not of the form [DEVICE:]METRIC OP VALUE"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("metrics: " + Metric.keys()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("speed<=5"));
        assertTrue(e.getMessage().startsWith("budget 'speed<=5': unknown metric 'speed'"), e.getMessage());
    }
}
