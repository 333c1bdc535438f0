package io.hwnas.core.measure;

/** Why a profiler stopped taking timed runs (see {@link MeasurementPlan}). */
public enum StopReason {
    /** The relative standard error of the median reached the plan's target. */
    TARGET_REACHED,
    /** The plan's maximum number of runs was reached first. */
    MAX_RUNS,
    /** The plan's time budget ran out first. */
    BUDGET
}
