package io.hwnas.profilers.ort;

import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.devices.spi.DeviceProfile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to measure: a model file on a device under a plan, labelled with the architecture it came from.
 *
 * <pre>{@code
 * ProfileRequest r = ProfileRequest.builder(Path.of("m.onnx"), devices.get("cpu-1t"))
 *         .plan(MeasurementPlan.defaults()).space("nb201").architecture(arch).seed(42).build();
 * }</pre>
 *
 * @param space        the search space, or null for a bare model file
 * @param architecture the canonical architecture string, or null for a bare model file
 * @param seed         seeds the random input data
 * @param drift        whether a reference model runs in alternation with the model (see {@link DriftControl})
 */
public record ProfileRequest(Path model, DeviceProfile device, MeasurementPlan plan, String space,
                             String architecture, long seed, DriftControl drift) {

    public static final long DEFAULT_SEED = 42;

    public ProfileRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(drift, "drift");
        // checked here, not after minutes of measuring, though Measurement checks the same
        requireAbsentOrText("space", space);
        requireAbsentOrText("architecture", architecture);
    }

    private static void requireAbsentOrText(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be null or non-blank, but was '" + value + "'");
        }
    }

    public static Builder builder(Path model, DeviceProfile device) {
        return new Builder(model, device);
    }

    public Builder toBuilder() {
        return new Builder(model, device).plan(plan).space(space).architecture(architecture).seed(seed).drift(drift);
    }

    /**
     * Plan defaults to {@link MeasurementPlan#defaults()}, seed to {@value #DEFAULT_SEED}, drift control to off (the
     * model timed alone; the measurer that keeps the baselines turns it on).
     */
    public static final class Builder {
        private final Path model;
        private final DeviceProfile device;
        private MeasurementPlan plan = MeasurementPlan.defaults();
        private String space;
        private String architecture;
        private long seed = DEFAULT_SEED;
        private DriftControl drift = DriftControl.OFF;

        private Builder(Path model, DeviceProfile device) {
            this.model = model;
            this.device = device;
        }

        public Builder plan(MeasurementPlan plan) {
            this.plan = plan;
            return this;
        }

        public Builder space(String space) {
            this.space = space;
            return this;
        }

        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder drift(DriftControl drift) {
            this.drift = drift;
            return this;
        }

        public ProfileRequest build() {
            return new ProfileRequest(model, device, plan, space, architecture, seed, drift);
        }
    }
}
