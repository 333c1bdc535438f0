package io.hwnas.cli;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.loop.Measurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.ort.ProfilingException;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * Real measurements for the search: exports the candidate, takes its measurement from the database when the same
 * model was measured with the same settings, else measures it with ONNX Runtime and commits it at once. A failed
 * measurement is reported and left out; the search goes on.
 */
public final class DeviceMeasurer implements Measurer {

    private final SearchSpace space;
    private final DeviceProfile device;
    private final Runner runner;
    private final SqliteMeasurementStore store;
    private final MeasurementPlan plan;
    private final long weightsSeed;
    private final Path tmpDir;
    private final PrintWriter err;
    private Consumer<String> onMeasured = s -> {};
    private int fresh;
    private int cached;

    public DeviceMeasurer(SearchSpace space, DeviceProfile device, OrtProfiler profiler, SqliteMeasurementStore store,
            MeasurementPlan plan, long weightsSeed, Path tmpDir, PrintWriter err) {
        this.space = space;
        this.device = device;
        this.runner = Runner.of(device, profiler);
        this.store = store;
        this.plan = plan;
        this.weightsSeed = weightsSeed;
        this.tmpDir = tmpDir;
        this.err = err;
    }

    /** Called with a short note after each measurement (a progress bar's step). */
    /**
     * Removes a scratch folder of models written for measuring, and whatever a measurement interrupted left in it
     * (each model is deleted as soon as it is measured, so the folder is flat).
     */
    public static void deleteScratch(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    public void onMeasured(Consumer<String> c) {
        this.onMeasured = c;
    }

    public int fresh() {
        return fresh;
    }

    public int cached() {
        return cached;
    }

    @Override
    public OptionalDouble measure(Architecture a) {
        return measure(a, "");
    }

    /**
     * The model of {@code a}'s graph {@code graph} (empty: the space's own; {@code x1}: an early-exit network's path
     * as far as exit x1), stored under the architecture's network key with the graph after a {@code /}: a label
     * that the space does not decode, so that a path's latency is never taken for the whole network's.
     */
    public OptionalDouble measure(Architecture a, String graph) {
        Models model = Models.export(space, a, graph, weightsSeed);
        String label = space.networkKey(a) + (graph.isEmpty() ? "" : "/" + graph);
        MeasurementKey key = runner.key(model.sha256());
        try {
            Optional<StoredMeasurement> old = store.find(key);
            if (old.isPresent()) {
                cached++;
                double ms = old.get().measurement().stats().medianMs();
                onMeasured.accept(String.format("%.3f ms (stored)", ms));
                return OptionalDouble.of(ms);
            }
            Path file = tmpDir.resolve(model.sha256() + ".onnx");
            try {
                model.write(file);
                Measurement m = runner.measure(file, plan, space.name(), label);
                store.save(m, false);
                fresh++;
                onMeasured.accept(String.format("%.3f ms", m.stats().medianMs()));
                return OptionalDouble.of(m.stats().medianMs());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (ProfilingException e) {
            err.println("hwnas: measurement failed on " + device.id() + ": " + label + ": " + e.getMessage());
            err.flush();
            return OptionalDouble.empty();
        } catch (MeasurementStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
