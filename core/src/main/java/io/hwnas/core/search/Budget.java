package io.hwnas.core.search;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hardware budget: a bound on one metric, optionally on one device only. The search treats it as a constraint
 * (constrained domination: a feasible candidate beats an infeasible one, and of two infeasible ones the smaller
 * violation wins), never as a penalty folded into an objective.
 *
 * <p>Written {@code [DEVICE:]METRIC OP VALUE}, with {@code OP} one of {@code <=}, {@code <}, {@code >=}, {@code >}:
 * {@code latency_ms<=5}, {@code params<=1e6}, {@code cpu-1t:latency_ms<=3}, {@code accuracy>=90},
 * {@code cpu-1t:worst_latency_ms<=4} (the longest path of a network with early exits). A latency budget without a
 * device binds every device of the search.
 *
 * @param device the device it binds, or {@code null} for every device (only meaningful for latency)
 */
public record Budget(String device, Metric metric, Comparison comparison, double bound) implements Serializable {

    private static final Pattern FORM = Pattern.compile(
            "\\s*(?:([A-Za-z0-9][A-Za-z0-9._-]*)\\s*:)?\\s*([A-Za-z_]+)\\s*(<=|>=|<|>|=<|=>)\\s*(\\S+)\\s*");

    /** How the value must compare with the bound. Strict and non-strict differ only at the bound itself. */
    public enum Comparison {
        AT_MOST("<="), BELOW("<"), AT_LEAST(">="), ABOVE(">");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean upper() {
            return this == AT_MOST || this == BELOW;
        }
    }

    public Budget {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("budget bound must be finite, but was " + bound);
        }
        if (device != null && !metric.perDevice()) {
            throw new IllegalArgumentException("only latency budgets name a device, but '" + device + ":"
                    + metric.key() + "' does");
        }
    }

    /** Parses {@code [DEVICE:]METRIC OP VALUE}; a bad expression fails quoting it and saying what is wrong. */
    @JsonCreator
    public static Budget parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("budget '" + text + "' is not of the form [DEVICE:]METRIC OP VALUE, "
                    + "e.g. 'latency_ms<=5', 'params<=1e6' or 'cpu-1t:latency_ms<=3'; metrics: " + Metric.keys());
        }
        Metric metric;
        try {
            metric = Metric.parse(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("budget '" + text + "': " + e.getMessage(), e);
        }
        Comparison c = switch (m.group(3)) {
            case "<=", "=<" -> Comparison.AT_MOST;
            case "<" -> Comparison.BELOW;
            case ">=", "=>" -> Comparison.AT_LEAST;
            default -> Comparison.ABOVE;
        };
        double v;
        try {
            v = Double.parseDouble(m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("budget '" + text + "': '" + m.group(4) + "' is not a number", e);
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("budget '" + text + "': the bound must be a finite number");
        }
        if (m.group(1) != null && !metric.perDevice()) {
            throw new IllegalArgumentException("budget '" + text + "': only latency budgets name a device");
        }
        return new Budget(m.group(1), metric, c, v);
    }

    /** Whether the budget binds a latency ({@code latency_ms}, {@code worst_latency_ms}) on {@code deviceId}. */
    public boolean binds(String deviceId) {
        return metric.perDevice() && (device == null || device.equals(deviceId));
    }

    /** Whether {@code value} meets the budget. */
    public boolean admits(double value) {
        return switch (comparison) {
            case AT_MOST -> value <= bound;
            case BELOW -> value < bound;
            case AT_LEAST -> value >= bound;
            case ABOVE -> value > bound;
        };
    }

    /**
     * How far {@code value} is outside the budget, relative to the bound (0 when it meets it): 0.2 means 20 % over
     * a latency budget. Relative, so that budgets on ms and on parameters weigh alike in constrained domination.
     */
    public double violation(double value) {
        if (admits(value)) {
            return 0;
        }
        double scale = Math.max(Math.abs(bound), 1e-12);
        double excess = comparison.upper() ? value - bound : bound - value;
        return Math.max(excess / scale, 1e-12);
    }

    /** Where a value lies relative to the bound: |value / bound - 1|; small means near the boundary. */
    public double distance(double value) {
        return Math.abs(value / (bound == 0 ? 1e-12 : bound) - 1);
    }

    /** The bound as written back: {@code 5}, {@code 2.5}, {@code 1000000}. */
    public String boundText() {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound)
                : String.format(Locale.ROOT, "%s", bound);
    }

    @Override
    @JsonValue
    public String toString() {
        return (device == null ? "" : device + ":") + metric.key() + comparison.symbol() + boundText();
    }
}
