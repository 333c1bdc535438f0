package io.hwnas.core.measure;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to measure one model: warm-up runs, then timed runs until the median is known well enough.
 *
 * <p>The rules, in the order a profiler applies them: all {@code warmupRuns} run untimed; then at least
 * {@code minRuns} timed runs always happen (a floor, as in JMH, so a slow model still gets a usable sample);
 * after that, the profiler stops at the first of: the relative standard error of the median is at most
 * {@code targetRelativeError}, {@code maxRuns} timed runs are done, or {@code budget} has passed since the
 * first warm-up run.
 *
 * <pre>{@code
 * MeasurementPlan plan = MeasurementPlan.builder().minRuns(50).targetRelativeError(0.005).build();
 * MeasurementPlan quick = plan.toBuilder().budget(Duration.ofSeconds(2)).build();
 * }</pre>
 *
 * <p>The defaults fit a small CPU model of 5 to 30 ms per inference: 10 warm-ups and 20 runs take 0.15 to
 * 0.9 s, a 1 % error on the median usually needs 50 to 300 runs, and the 10 s budget caps the slow cases.
 */
public record MeasurementPlan(int warmupRuns, int minRuns, int maxRuns, double targetRelativeError, Duration budget) {

    public static final int DEFAULT_WARMUP_RUNS = 10;
    public static final int DEFAULT_MIN_RUNS = 20;
    public static final int DEFAULT_MAX_RUNS = 1000;
    public static final double DEFAULT_TARGET_RELATIVE_ERROR = 0.01;
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);
    /**
     * The most warm-up or timed runs a plan may ask for: every timed run's sample is kept, and the {@code minRuns}
     * floor runs past the budget, so an unbounded count is unbounded memory and time.
     */
    public static final int MAX_RUNS = 1_000_000;

    public MeasurementPlan {
        if (warmupRuns < 0) {
            throw new IllegalArgumentException("warmupRuns must be >= 0, but was " + warmupRuns);
        }
        if (minRuns < 1) {
            throw new IllegalArgumentException("minRuns must be >= 1, but was " + minRuns);
        }
        if (maxRuns < minRuns) {
            throw new IllegalArgumentException(
                    "maxRuns must be >= minRuns (" + minRuns + "), but was " + maxRuns);
        }
        if (Math.max(warmupRuns, maxRuns) > MAX_RUNS) {
            throw new IllegalArgumentException((warmupRuns > MAX_RUNS ? "warmupRuns" : "maxRuns") + " must be <= "
                    + MAX_RUNS + ", but was " + Math.max(warmupRuns, maxRuns));
        }
        if (!(targetRelativeError > 0.0 && targetRelativeError < 1.0)) {
            throw new IllegalArgumentException(
                    "targetRelativeError must be in (0, 1), but was " + targetRelativeError);
        }
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be > 0, but was " + budget);
        }
    }

    /** The defaults described in the class comment. */
    public static MeasurementPlan defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().warmupRuns(warmupRuns).minRuns(minRuns).maxRuns(maxRuns)
                .targetRelativeError(targetRelativeError).budget(budget);
    }

    /** Collects the knobs; {@link #build()} validates them all at once. */
    public static final class Builder {
        private int warmupRuns = DEFAULT_WARMUP_RUNS;
        private int minRuns = DEFAULT_MIN_RUNS;
        private int maxRuns = DEFAULT_MAX_RUNS;
        private double targetRelativeError = DEFAULT_TARGET_RELATIVE_ERROR;
        private Duration budget = DEFAULT_BUDGET;

        private Builder() {}

        public Builder warmupRuns(int warmupRuns) {
            this.warmupRuns = warmupRuns;
            return this;
        }

        public Builder minRuns(int minRuns) {
            this.minRuns = minRuns;
            return this;
        }

        public Builder maxRuns(int maxRuns) {
            this.maxRuns = maxRuns;
            return this;
        }

        public Builder targetRelativeError(double targetRelativeError) {
            this.targetRelativeError = targetRelativeError;
            return this;
        }

        public Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        public MeasurementPlan build() {
            return new MeasurementPlan(warmupRuns, minRuns, maxRuns, targetRelativeError, budget);
        }
    }
}
