package io.hwnas.core.search;

import java.io.Serializable;

/**
 * A budget as the search applies it: one per budget, and one per device for a latency budget that binds several.
 *
 * @param device the latency device it reads, or {@code null}
 */
public record Constraint(Budget budget, String device) implements Serializable {

    public String key() {
        return (device == null ? "" : device + ":") + budget.metric().key() + budget.comparison().symbol()
                + budget.boundText();
    }

    public double valueOf(Candidate c, boolean predictedOnly) {
        if (budget.metric() == Metric.LATENCY_MS) {
            LatencyEstimate e = c.latency(device);
            return predictedOnly && e.isPredicted() ? e.predictedMs() : e.bestMs();
        }
        return c.value(budget.metric(), device);
    }

    /** Relative violation (0 when met) with the best-known value. */
    public double violation(Candidate c) {
        return budget.violation(valueOf(c, false));
    }

    @Override
    public String toString() {
        return key();
    }
}
