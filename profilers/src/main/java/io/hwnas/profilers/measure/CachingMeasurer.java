package io.hwnas.profilers.measure;

import io.hwnas.core.io.Trees;
import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStore;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.BaselineStore;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Real measurements on one device, each taken once: a candidate is exported, looked up in the measurement database
 * under its device runner's key, and only when it is not there measured through the runner and stored at once. A
 * failed measurement is reported and left out; the caller goes on.
 *
 * <pre>{@code
 * CachingMeasurer m = CachingMeasurer.builder("cpu-1t", device.runner(new OrtProfiler()), store)
 *         .space(nb201).plan(plan).scratch(tmp).failures(err::println).build();
 * OptionalDouble ms = m.measure(architecture);       // the search's port
 * int measuredNow = m.fresh();
 * }</pre>
 *
 * <p>The steps are open for commands that pool or print whole measurements: {@link #stored}, {@link #take},
 * {@link #keep}. Every measuring path (this machine, an agent, a phone through adb) goes through here.
 */
public final class CachingMeasurer implements LatencyMeasurer {

    static final int ATTEMPTS = 3;

    private final String deviceId;
    private final ModelRunner runner;
    private final MeasurementStore store;
    private final SearchSpace space;
    private final MeasurementPlan plan;
    private final long weightsSeed;
    private final Path scratch;
    private final boolean remeasure;
    private final Consumer<String> failures;
    private final Consumer<String> notices;
    private final DriftControl drift;
    private final AtomicInteger fresh = new AtomicInteger();
    private final AtomicInteger cached = new AtomicInteger();
    private volatile Consumer<String> onMeasured = s -> {};
    private volatile BiConsumer<Measurement, Boolean> onMeasurement = (m, found) -> {};

    private CachingMeasurer(Builder b) {
        this.deviceId = b.deviceId;
        this.runner = b.runner;
        this.store = b.store;
        this.space = b.space;
        this.plan = b.plan;
        this.weightsSeed = b.weightsSeed;
        this.scratch = b.scratch;
        this.remeasure = b.remeasure;
        this.failures = b.failures;
        this.notices = b.notices;
        this.drift = b.drift;
    }

    /** Whether measurements are drift-controlled and answer their corrected latency. */
    public DriftControl driftControl() {
        return drift;
    }

    /**
     * @param deviceId the device's id, for messages
     * @param runner   how the device measures ({@code DeviceProfile.runner})
     */
    public static Builder builder(String deviceId, ModelRunner runner, MeasurementStore store) {
        return new Builder(deviceId, runner, store);
    }

    /** Called with a short note after each measurement, taken or found (a progress bar's step). */
    public void onMeasured(Consumer<String> c) {
        this.onMeasured = Objects.requireNonNull(c, "c");
    }

    /**
     * Called with each measurement {@link #measure} takes or finds, whole, and whether it was found in the database
     * (a search's log of the machine's speed).
     */
    public void onMeasurement(BiConsumer<Measurement, Boolean> c) {
        this.onMeasurement = Objects.requireNonNull(c, "c");
    }

    /** Measurements taken and stored by this measurer. */
    public int fresh() {
        return fresh.get();
    }

    /** Measurements found in the database instead. */
    public int cached() {
        return cached.get();
    }

    /**
     * The model of {@code a}'s graph {@code graph} (empty: the space's own; {@code x1}: an early-exit network's
     * path as far as exit x1), stored under the architecture's network key with the graph after a {@code /}: a
     * label that the space does not decode, so that a path's latency is never taken for the whole network's.
     */
    @Override
    public OptionalDouble measure(Architecture a, String graph) {
        if (space == null) {
            throw new IllegalStateException("a measurer without a search space measures model files only");
        }
        ExportedModel model = ExportedModel.export(space, a, graph, weightsSeed);
        String label = space.networkKey(a) + (graph.isEmpty() ? "" : "/" + graph);
        try {
            Optional<StoredMeasurement> old = stored(model.sha256());
            if (old.isPresent()) {
                onMeasurement.accept(old.get().measurement(), true);
                double ms = old.get().measurement().latencyMs(drift);
                onMeasured.accept(String.format("%.3f ms (stored)", ms));
                return OptionalDouble.of(ms);
            }
            Measurement m = keep(take(model, label)).measurement();
            onMeasurement.accept(m, false);
            onMeasured.accept(String.format("%.3f ms", m.latencyMs(drift)));
            return OptionalDouble.of(m.latencyMs(drift));
        } catch (MeasuringException e) {
            failures.accept("measurement failed on " + deviceId + ": " + label + ": " + e.getMessage());
            return OptionalDouble.empty();
        } catch (MeasurementStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The measurement of the model with these bytes already in the database for this device (its runner's key);
     * none when told to measure again.
     */
    public Optional<StoredMeasurement> stored(String modelSha256) throws MeasurementStoreException {
        if (remeasure) {
            return Optional.empty();
        }
        Optional<StoredMeasurement> old = store.find(runner.key(modelSha256));
        if (old.isPresent()) {
            cached.incrementAndGet();
        }
        return old;
    }

    /**
     * Measures an exported model once, not storing it: written to the scratch folder, measured under the plan
     * with its space's name and {@code label}, and deleted.
     */
    public Measurement take(ExportedModel model, String label) throws MeasuringException, IOException {
        if (scratch == null) {
            throw new IllegalStateException("a measurer without a scratch folder measures model files only");
        }
        Path file = scratch.resolve(model.sha256() + ".onnx");
        try {
            model.write(file);
            return take(ModelRun.of(file, plan).labelled(model.space().name(), label));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Measures a model file once, not storing it; with drift control, calibrated, and measured again while its
     * correction does not hold.
     */
    public Measurement take(ModelRun run) throws MeasuringException {
        if (!drift.on()) {
            return runner.measure(run.drift(DriftControl.OFF));
        }
        Measurement m = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            m = calibrated(runner.measure(run.drift(DriftControl.ON)));
            DriftReading d = m.driftReading().orElseThrow();
            if (d.steady()) {
                return m;
            }
            notices.accept(name(run) + " on " + deviceId + ": the machine's speed moved too much to correct (within"
                    + " the measurement " + d.shifts() + ")"
                    + (attempt < ATTEMPTS ? "; measuring again" : "; stored flagged unsteady"));
        }
        return m;
    }

    private static String name(ModelRun run) {
        return run.architecture() != null ? run.architecture() : run.model().getFileName().toString();
    }

    private Measurement calibrated(Measurement m) throws MeasuringException {
        DriftReading d = m.driftReading().orElseThrow(() -> new IllegalStateException("device " + deviceId
                + " measured without its reference though drift control was asked for (an older agent?)"));
        try {
            Baseline b = Calibration.baseline(runner, (BaselineStore) store, d.referenceSha256(), deviceId, notices);
            return m.toBuilder().drift(d.calibrated(b.baselineMs())).build();
        } catch (MeasurementStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores a measurement at once (replacing the one under its key when told to measure again). */
    public StoredMeasurement keep(Measurement m) throws MeasurementStoreException {
        StoredMeasurement s = store.save(m, remeasure);
        fresh.incrementAndGet();
        return s;
    }

    /**
     * Removes a scratch folder of models written for measuring, and whatever a measurement interrupted left in it
     * (each model is deleted as soon as it is measured, so the folder is flat).
     */
    public static void deleteScratch(Path dir) throws IOException {
        Trees.delete(dir);
    }

    /**
     * Plan: {@link MeasurementPlan#defaults()}; weights: {@link ExportedModel#DEFAULT_WEIGHTS_SEED}; failures:
     * dropped. Architectures need a space and a scratch folder; model files need neither.
     */
    public static final class Builder {
        private final String deviceId;
        private final ModelRunner runner;
        private final MeasurementStore store;
        private SearchSpace space;
        private MeasurementPlan plan = MeasurementPlan.defaults();
        private long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;
        private Path scratch;
        private boolean remeasure;
        private Consumer<String> failures = line -> {};
        private Consumer<String> notices = line -> {};
        private DriftControl drift = DriftControl.OFF;

        private Builder(String deviceId, ModelRunner runner, MeasurementStore store) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.runner = Objects.requireNonNull(runner, "runner");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The space whose architectures {@link #measure} exports. */
        public Builder space(SearchSpace space) {
            this.space = space;
            return this;
        }

        public Builder plan(MeasurementPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** The seed of the exported models' random weights (they do not change latency, only the bytes). */
        public Builder weightsSeed(long weightsSeed) {
            this.weightsSeed = weightsSeed;
            return this;
        }

        /** Where models are written while they are measured; the caller removes it ({@link #deleteScratch}). */
        public Builder scratch(Path scratch) {
            this.scratch = scratch;
            return this;
        }

        /** Measure again what is stored, and replace it. */
        public Builder remeasure(boolean remeasure) {
            this.remeasure = remeasure;
            return this;
        }

        /** Where a failed measurement is reported: one line naming the device, the model and why. */
        public Builder failures(Consumer<String> failures) {
            this.failures = Objects.requireNonNull(failures, "failures");
            return this;
        }

        /**
         * On: each model is timed beside the device's reference and answers its corrected latency; the store must
         * keep baselines too ({@link BaselineStore}). Off (the default here; the command line's is on): raw.
         */
        public Builder driftControl(DriftControl drift) {
            this.drift = Objects.requireNonNull(drift, "drift");
            return this;
        }

        /** Where calibration and unsteady readings are told: one line each. */
        public Builder notices(Consumer<String> notices) {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        public CachingMeasurer build() {
            if (drift.on() && !(store instanceof BaselineStore)) {
                throw new IllegalStateException("drift control needs a store that keeps baselines, but "
                        + store.getClass().getSimpleName() + " does not");
            }
            return new CachingMeasurer(this);
        }
    }
}
