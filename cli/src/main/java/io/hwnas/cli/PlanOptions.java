package io.hwnas.cli;

import io.hwnas.core.measure.MeasurementPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to measure: warm-up, run counts, target precision of the median, time budget. */
public final class PlanOptions {

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up runs (default: "
            + MeasurementPlan.DEFAULT_WARMUP_RUNS + ").")
    Integer warmup;

    @Option(names = "--min-runs", paramLabel = "N", description = "Timed runs at least (default: "
            + MeasurementPlan.DEFAULT_MIN_RUNS + ").")
    Integer minRuns;

    @Option(names = "--max-runs", paramLabel = "N", description = "Timed runs at most (default: "
            + MeasurementPlan.DEFAULT_MAX_RUNS + ").")
    Integer maxRuns;

    @Option(names = "--target-error", paramLabel = "R",
            description = "Stop when the median's relative standard error is below R (default: "
                    + MeasurementPlan.DEFAULT_TARGET_RELATIVE_ERROR + ").")
    Double targetError;

    @Option(names = "--max-time", paramLabel = "SECONDS",
            description = "Time budget per model in seconds (default: 10.0).")
    Double budgetSeconds;

    /** Sets what is not given from {@code p} (a resumed search's plan). */
    public void fillFrom(MeasurementPlan p) {
        warmup = warmup != null ? warmup : p.warmupRuns();
        minRuns = minRuns != null ? minRuns : p.minRuns();
        maxRuns = maxRuns != null ? maxRuns : p.maxRuns();
        targetError = targetError != null ? targetError : p.targetRelativeError();
        budgetSeconds = budgetSeconds != null ? budgetSeconds : p.budget().toMillis() / 1000.0;
    }

    /** The plan these options give, the defaults for what they leave out. */
    public MeasurementPlan plan() {
        return plan(MeasurementPlan.defaults());
    }

    /** {@code base} with what these options give instead. */
    public MeasurementPlan plan(MeasurementPlan base) {
        if (budgetSeconds != null && !(budgetSeconds > 0)) {
            throw new IllegalArgumentException("--max-time must be > 0 seconds, but was " + budgetSeconds);
        }
        return MeasurementPlan.builder()
                .warmupRuns(warmup != null ? warmup : base.warmupRuns())
                .minRuns(minRuns != null ? minRuns : base.minRuns())
                .maxRuns(maxRuns != null ? maxRuns : base.maxRuns())
                .targetRelativeError(targetError != null ? targetError : base.targetRelativeError())
                .budget(budgetSeconds != null ? Duration.ofMillis(Math.round(budgetSeconds * 1000)) : base.budget())
                .build();
    }
}
