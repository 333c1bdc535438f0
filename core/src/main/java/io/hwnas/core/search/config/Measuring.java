package io.hwnas.core.search.config;

import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a search measures: the predictor in the loop, the warm-up sample, the measurements per generation, how long
 * each model is measured, the seed of the measured models' random weights, the reference of spec-sheet devices and
 * the folders of device profiles, and whether each measurement is drift-controlled.
 *
 * @param specReference the measured device whose measurements a spec-sheet device's latency is transferred from,
 *                      or {@code none} for the raw roofline of its figures
 * @param driftControl  on: each model is timed beside the device's reference model, and budgets, predictors and the
 *                      front use the latency corrected for the machine's speed; off: raw medians. Written as
 *                      {@code "on"}/{@code "off"}; a configuration written before the field existed has none and
 *                      reads as off, as those runs measured
 */
public record Measuring(String predictor, int warmupSamples, int measurePerGeneration, Plan plan, long weightsSeed,
        String specReference, List<String> deviceDirs, DriftControl driftControl) {

    public static final String DEFAULT_PREDICTOR = "weka";
    public static final int DEFAULT_WARMUP_SAMPLES = 20;
    public static final int DEFAULT_MEASURE_PER_GENERATION = 4;
    public static final String DEFAULT_SPEC_REFERENCE = "cpu-1t";
    public static final String NO_REFERENCE = "none";

    public Measuring {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(specReference, "specReference");
        deviceDirs = List.copyOf(deviceDirs);
        driftControl = driftControl == null ? DriftControl.OFF : driftControl;
        if (warmupSamples < 3) {
            throw new IllegalArgumentException("warm-up samples must be >= 3, but was " + warmupSamples);
        }
        if (measurePerGeneration < 0) {
            throw new IllegalArgumentException("measurements per generation must be >= 0, but was "
                    + measurePerGeneration);
        }
    }

    public static Measuring defaults() {
        return new Measuring(DEFAULT_PREDICTOR, DEFAULT_WARMUP_SAMPLES, DEFAULT_MEASURE_PER_GENERATION,
                Plan.of(MeasurementPlan.defaults()), 0, DEFAULT_SPEC_REFERENCE, List.of(), DriftControl.ON);
    }

    /** A {@link MeasurementPlan} as the configuration keeps it (the time budget in seconds). */
    public record Plan(int warmup, int minRuns, int maxRuns, double targetError, double maxTimeS) {
        public static Plan of(MeasurementPlan p) {
            return new Plan(p.warmupRuns(), p.minRuns(), p.maxRuns(), p.targetRelativeError(),
                    p.budget().toMillis() / 1000.0);
        }

        public MeasurementPlan plan() {
            return MeasurementPlan.builder().warmupRuns(warmup).minRuns(minRuns).maxRuns(maxRuns)
                    .targetRelativeError(targetError).budget(Duration.ofMillis(Math.round(maxTimeS * 1000))).build();
        }
    }
}
