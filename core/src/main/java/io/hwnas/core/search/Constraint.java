package io.hwnas.core.search;

import java.io.Serializable;
import java.util.List;

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
        if (budget.metric() == Metric.WORST_LATENCY_MS) {
            return predictedOnly && !c.extras().containsKey(Candidate.worstKey(device))
                    && c.latency(device).isPredicted() ? c.latency(device).predictedMs() : c.worstLatency(device);
        }
        return c.value(budget.metric(), device);
    }

    /** Relative violation (0 when met) with the best-known value. */
    public double violation(Candidate c) {
        return budget.violation(valueOf(c, false));
    }

    /** The keys of the constraints {@code c} violates, by its best-known values (empty: it is feasible). */
    public static List<String> violated(List<Constraint> constraints, Candidate c) {
        return constraints.stream().filter(k -> k.violation(c) > 0).map(Constraint::key).toList();
    }

    /** Whether {@code c} meets every constraint by its best-known values (measured where measured). */
    public static boolean met(List<Constraint> constraints, Candidate c) {
        return constraints.stream().allMatch(k -> k.violation(c) == 0);
    }

    /** Whether {@code c} meets every constraint by its predicted values (what the search believed before measuring). */
    public static boolean predictedMet(List<Constraint> constraints, Candidate c) {
        return constraints.stream().allMatch(k -> k.budget().admits(k.valueOf(c, true)));
    }

    @Override
    public String toString() {
        return key();
    }
}
