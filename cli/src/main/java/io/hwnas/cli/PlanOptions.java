package io.hwnas.cli;

import io.hwnas.core.measure.MeasurementPlan;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How long to measure: warm-up, run counts, target precision of the median, time budget. */
final class PlanOptions {

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up runs (default: ${DEFAULT-VALUE}).")
    int warmup = MeasurementPlan.DEFAULT_WARMUP_RUNS;

    @Option(names = "--min-runs", paramLabel = "N", description = "Timed runs at least (default: ${DEFAULT-VALUE}).")
    int minRuns = MeasurementPlan.DEFAULT_MIN_RUNS;

    @Option(names = "--max-runs", paramLabel = "N", description = "Timed runs at most (default: ${DEFAULT-VALUE}).")
    int maxRuns = MeasurementPlan.DEFAULT_MAX_RUNS;

    @Option(names = "--target-error", paramLabel = "R",
            description = "Stop when the median's relative standard error is below R (default: ${DEFAULT-VALUE}).")
    double targetError = MeasurementPlan.DEFAULT_TARGET_RELATIVE_ERROR;

    @Option(names = "--max-time", paramLabel = "SECONDS",
            description = "Time budget per model in seconds (default: ${DEFAULT-VALUE}).")
    double budgetSeconds = MeasurementPlan.DEFAULT_BUDGET.toMillis() / 1000.0;

    MeasurementPlan plan() {
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("--max-time must be > 0 seconds, but was " + budgetSeconds);
        }
        return MeasurementPlan.builder()
                .warmupRuns(warmup)
                .minRuns(minRuns)
                .maxRuns(maxRuns)
                .targetRelativeError(targetError)
                .budget(Duration.ofMillis(Math.round(budgetSeconds * 1000)))
                .build();
    }
}
