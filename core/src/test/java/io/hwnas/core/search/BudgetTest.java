package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void parsesTheDocumentedForms() {
        Budget a = Budget.parse("latency_ms<=5");
        assertNull(a.device());
        assertEquals(Metric.LATENCY_MS, a.metric());
        assertEquals(5, a.bound());
        Budget b = Budget.parse("params<=1e6");
        assertEquals(Metric.PARAMS, b.metric());
        assertEquals(1e6, b.bound());
        Budget c = Budget.parse(" cpu-1t : latency_ms < 3.5 ");
        assertEquals("cpu-1t", c.device());
        assertEquals(Budget.Comparison.BELOW, c.comparison());
        assertEquals("cpu-1t:latency_ms<3.5", c.toString());
        assertEquals(Budget.Comparison.AT_LEAST, Budget.parse("accuracy>=90").comparison());
    }

    @Test
    void theWorstCaseLatencyIsABudgetOnOneDeviceOrEvery() {
        Budget one = Budget.parse("cpu-1t:worst_latency_ms<=4");
        assertEquals(Metric.WORST_LATENCY_MS, one.metric());
        assertEquals("cpu-1t:worst_latency_ms<=4", one.toString());
        assertTrue(one.binds("cpu-1t"));
        assertFalse(one.binds("cpu"));
        assertTrue(Budget.parse("worst_latency_ms<=4").binds("cpu"));
        assertFalse(Metric.WORST_LATENCY_MS.fromGraph());
        assertTrue(Budget.parse("latency_ms<=5").binds("cpu"));
    }

    @Test
    void violationIsRelativeToTheBoundAndZeroInside() {
        Budget b = Budget.parse("latency_ms<=5");
        assertEquals(0, b.violation(5));
        assertEquals(0.2, b.violation(6), 1e-12);
        assertTrue(b.admits(4.9));
        assertFalse(Budget.parse("latency_ms<5").admits(5));
        assertEquals(0.1, Budget.parse("accuracy>=90").violation(81), 1e-12);
    }

    @Test
    void badExpressionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("latency<=5"));
        assertTrue(e.getMessage().contains("unknown metric 'latency'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("latency_ms=5"));
        assertTrue(e.getMessage().contains("'latency_ms=5'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("latency_ms<=fast"));
        assertTrue(e.getMessage().contains("'fast' is not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Budget.parse("cpu:params<=5"));
        assertTrue(e.getMessage().contains("only latency budgets name a device"), e.getMessage());
    }
}
