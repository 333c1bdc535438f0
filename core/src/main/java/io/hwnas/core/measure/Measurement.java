package io.hwnas.core.measure;

import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.provenance.Provenance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One latency measurement of one model on one device, with everything needed to judge and repeat it.
 *
 * <pre>{@code
 * Measurement m = Measurement.builder()
 *         .deviceId("cpu").settings(DeviceSettings.cpu(8))
 *         .space("nb201").architecture("|nor_conv_3x3~0|+|skip_connect~0|none~1|+|...|")
 *         .modelSha256(Sha256.ofFile(model)).ortVersion("1.29.0")
 *         .measuredAt(Instant.now()).samplesMs(samples).stats(LatencyStats.of(samples))
 *         .stopReason(StopReason.TARGET_REACHED).sessionCreateMs(31.5).memory(MemoryFigures.unknown())
 *         .plan(MeasurementPlan.defaults()).provenance(Provenance.current())
 *         .build();
 * }</pre>
 *
 * @param space           the search space the model came from, or null for a bare model file
 * @param architecture    the space's canonical architecture string, or null for a bare model file
 * @param samplesMs       every timed run in order, in milliseconds (warm-up runs excluded)
 * @param sessionCreateMs wall time to create the runtime session (load, optimise, allocate)
 * @param drift           what the device's reference model saw meanwhile and the corrected latency, or null for a
 *                        measurement taken without drift control (or by an hwnas before it)
 */
public record Measurement(
        String deviceId,
        DeviceSettings settings,
        String space,
        String architecture,
        String modelSha256,
        String ortVersion,
        Instant measuredAt,
        LatencyStats stats,
        List<Double> samplesMs,
        StopReason stopReason,
        double sessionCreateMs,
        MemoryFigures memory,
        MeasurementPlan plan,
        Provenance provenance,
        DriftReading drift) {

    public Measurement {
        MeasurementKey.requireText("deviceId", deviceId);
        Objects.requireNonNull(settings, "settings");
        requireAbsentOrText("space", space);
        requireAbsentOrText("architecture", architecture);
        Sha256.requireHex("modelSha256", modelSha256);
        MeasurementKey.requireText("ortVersion", ortVersion);
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(stats, "stats");
        samplesMs = List.copyOf(Objects.requireNonNull(samplesMs, "samplesMs"));
        if (samplesMs.size() != stats.runs()) {
            throw new IllegalArgumentException("samplesMs must hold stats.runs (" + stats.runs() + ") samples, but held "
                    + samplesMs.size());
        }
        Objects.requireNonNull(stopReason, "stopReason");
        if (!(Double.isFinite(sessionCreateMs) && sessionCreateMs >= 0)) {
            throw new IllegalArgumentException("sessionCreateMs must be finite and >= 0, but was " + sessionCreateMs);
        }
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(provenance, "provenance");
        if (drift != null && drift.referenceSamplesMs().size() != samplesMs.size()) {
            throw new IllegalArgumentException("a drift reading pairs each timed run with a reference run, but held "
                    + drift.referenceSamplesMs().size() + " reference runs for " + samplesMs.size() + " runs");
        }
    }

    /** What the reference saw, when this was measured with drift control. */
    public Optional<DriftReading> driftReading() {
        return Optional.ofNullable(drift);
    }

    /**
     * The latency a label, a budget or a report uses: with drift control on, the corrected median when this
     * measurement has a calibrated reading; otherwise (drift control off, or a measurement without a reading) the raw
     * median.
     */
    public double latencyMs(DriftControl control) {
        return control.on() && drift != null && drift.isCalibrated() ? drift.correctedMedianMs() : stats.medianMs();
    }

    /** The corrected median, when there is one. */
    public OptionalDouble correctedMedianMs() {
        return drift != null && drift.isCalibrated() ? OptionalDouble.of(drift.correctedMedianMs())
                : OptionalDouble.empty();
    }

    /** The machine's speed against its baseline while this was measured (1.2: 20 % slower), when known. */
    public OptionalDouble speedFactor() {
        return drift != null && drift.isCalibrated() ? OptionalDouble.of(drift.speedFactor()) : OptionalDouble.empty();
    }

    public MeasurementKey key() {
        return new MeasurementKey(modelSha256, deviceId, settings, ortVersion);
    }

    public Optional<String> spaceName() {
        return Optional.ofNullable(space);
    }

    public Optional<String> architectureString() {
        return Optional.ofNullable(architecture);
    }

    /** The host the measurement was taken on (from the provenance). */
    public String host() {
        return provenance.host();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().deviceId(deviceId).settings(settings).space(space).architecture(architecture)
                .modelSha256(modelSha256).ortVersion(ortVersion).measuredAt(measuredAt).stats(stats)
                .samplesMs(samplesMs).stopReason(stopReason).sessionCreateMs(sessionCreateMs).memory(memory)
                .plan(plan).provenance(provenance).drift(drift);
    }

    private static void requireAbsentOrText(String field, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(field + " must be null or non-blank, but was '" + value + "'");
        }
    }

    /** Collects the fields; {@link #build()} validates them. {@code memory} defaults to unknown. */
    public static final class Builder {
        private String deviceId;
        private DeviceSettings settings;
        private String space;
        private String architecture;
        private String modelSha256;
        private String ortVersion;
        private Instant measuredAt;
        private LatencyStats stats;
        private List<Double> samplesMs;
        private StopReason stopReason;
        private double sessionCreateMs;
        private MemoryFigures memory = MemoryFigures.unknown();
        private MeasurementPlan plan;
        private Provenance provenance;
        private DriftReading drift;

        private Builder() {}

        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        public Builder settings(DeviceSettings settings) {
            this.settings = settings;
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

        public Builder modelSha256(String modelSha256) {
            this.modelSha256 = modelSha256;
            return this;
        }

        public Builder ortVersion(String ortVersion) {
            this.ortVersion = ortVersion;
            return this;
        }

        public Builder measuredAt(Instant measuredAt) {
            this.measuredAt = measuredAt;
            return this;
        }

        public Builder stats(LatencyStats stats) {
            this.stats = stats;
            return this;
        }

        public Builder samplesMs(List<Double> samplesMs) {
            this.samplesMs = samplesMs;
            return this;
        }

        /** Sets the samples and computes {@link LatencyStats} from them. */
        public Builder samplesAndStats(List<Double> samplesMs) {
            this.samplesMs = samplesMs;
            this.stats = LatencyStats.of(samplesMs);
            return this;
        }

        public Builder stopReason(StopReason stopReason) {
            this.stopReason = stopReason;
            return this;
        }

        public Builder sessionCreateMs(double sessionCreateMs) {
            this.sessionCreateMs = sessionCreateMs;
            return this;
        }

        public Builder memory(MemoryFigures memory) {
            this.memory = memory;
            return this;
        }

        public Builder plan(MeasurementPlan plan) {
            this.plan = plan;
            return this;
        }

        public Builder provenance(Provenance provenance) {
            this.provenance = provenance;
            return this;
        }

        /** The reference's reading; null (the default) for a measurement without drift control. */
        public Builder drift(DriftReading drift) {
            this.drift = drift;
            return this;
        }

        public Measurement build() {
            return new Measurement(deviceId, settings, space, architecture, modelSha256, ortVersion, measuredAt, stats,
                    samplesMs, stopReason, sessionCreateMs, memory, plan, provenance, drift);
        }
    }
}
