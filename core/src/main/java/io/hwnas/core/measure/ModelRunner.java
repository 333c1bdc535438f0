package io.hwnas.core.measure;

/**
 * How one device measures a model file: ONNX Runtime in this process, the hwnas agent over HTTP, the agent on a
 * phone behind {@code adb forward}. Each device profile supplies its own; a measurement comes back under the
 * device's id, keyed by the settings and runtime version it was really taken with.
 *
 * <pre>{@code
 * ModelRunner runner = device.runner(new OrtProfiler());
 * Optional<StoredMeasurement> old = store.find(runner.key(Sha256.ofFile(model)));
 * Measurement m = old.isPresent() ? old.get().measurement() : runner.measure(ModelRun.of(model, plan));
 * }</pre>
 */
public interface ModelRunner {

    /**
     * The key a measurement of the model with these bytes would be stored under, to find it before measuring. A
     * runner that must ask its device what it runs on does so here, once.
     *
     * @throws IllegalStateException when the device cannot be asked (an agent that is gone)
     */
    MeasurementKey key(String modelSha256);

    /**
     * Measures the model once under the run's plan.
     *
     * @throws MeasuringException    when this model could not be measured (the file, the runtime), naming both
     * @throws IllegalStateException when the device itself is gone: the caller stops measuring on it
     */
    Measurement measure(ModelRun run) throws MeasuringException;
}
