package io.hwnas.core.measure;

import io.hwnas.core.measure.drift.DriftControl;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One model file to measure on a device, under a plan, labelled with what it is.
 *
 * <pre>{@code
 * ModelRun r = ModelRun.of(Path.of("m.onnx"), MeasurementPlan.defaults()).labelled("nb201", arch).inputSeed(1);
 * }</pre>
 *
 * @param space        the search space the model came from, or null for a bare model file
 * @param architecture the architecture's label (its canonical string, or a network key), or null for a bare file
 * @param inputSeed    seeds the random input data; empty for the runner's own default
 * @param drift        {@code ON}: the runner times a reference model (the rung of
 *                     {@link io.hwnas.core.measure.drift.ReferenceModel#ladder()} nearest the model) in alternation
 *                     with it and returns the reading, not yet calibrated; {@code OFF}: the model alone
 */
public record ModelRun(Path model, MeasurementPlan plan, String space, String architecture, OptionalLong inputSeed,
                       DriftControl drift) {

    public ModelRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(inputSeed, "inputSeed");
        if ((space == null) != (architecture == null)) {
            throw new IllegalArgumentException("space and architecture must be given together, but were '" + space
                    + "' and '" + architecture + "'");
        }
    }

    /** A bare model file, unlabelled, with the runner's default input, timed alone. */
    public static ModelRun of(Path model, MeasurementPlan plan) {
        return new ModelRun(model, plan, null, null, OptionalLong.empty(), DriftControl.OFF);
    }

    public ModelRun labelled(String space, String architecture) {
        return new ModelRun(model, plan, space, architecture, inputSeed, drift);
    }

    public ModelRun inputSeed(long seed) {
        return new ModelRun(model, plan, space, architecture, OptionalLong.of(seed), drift);
    }

    public ModelRun drift(DriftControl control) {
        return new ModelRun(model, plan, space, architecture, inputSeed, control);
    }
}
