package io.hwnas.profilers.measure;

import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.BaselineStore;
import io.hwnas.core.measure.drift.ReferenceModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A device's baselines, found in the database or measured once: each reference of the ladder is timed alone (through
 * the device's own runner, so an agent or a phone runs it on its machine) in {@value #ROUNDS} short blocks, the
 * rounds a pause apart so that they span a few seconds of the machine's life, and the fastest block's median is the
 * baseline ({@link Baseline}).
 *
 * <p>The measurer calibrates through here, and so does any other measuring path that corrects against the same
 * baselines (the kernel tracer).
 *
 * <pre>{@code
 * Baseline b = Calibration.baseline(device.runner(profiler), store, reading.referenceSha256(), device.id(),
 *         err::println);
 * DriftReading calibrated = reading.calibrated(b.baselineMs());
 * }</pre>
 *
 * <p>The pause is {@value #DEFAULT_PAUSE_MS} ms, or the system property {@code hwnas.drift.calibrationPauseMs}, or
 * the environment variable {@code HWNAS_DRIFT_CALIBRATION_PAUSE_MS} (the test suite shortens it: it calibrates many
 * fresh databases).
 */
public final class Calibration {

    static final int ROUNDS = 6;
    static final long DEFAULT_PAUSE_MS = 500;
    static final MeasurementPlan BLOCK = MeasurementPlan.builder().warmupRuns(3).minRuns(15).maxRuns(15)
            .targetRelativeError(0.5).budget(Duration.ofSeconds(30)).build();

    private Calibration() {}

    /**
     * The baseline of the reference with this digest on the runner's device (keyed by {@code runner.key}), from the
     * store, or calibrated through the runner for the whole ladder and stored when the store has none yet.
     *
     * @param notices told once when calibration starts (it takes a few seconds)
     */
    public static Baseline baseline(ModelRunner runner, BaselineStore store, String referenceSha256, String deviceId,
            Consumer<String> notices) throws MeasuringException, MeasurementStoreException, IOException {
        MeasurementKey key = runner.key(referenceSha256);
        Optional<Baseline> known = store.baseline(key);
        if (known.isPresent()) {
            return known.get();
        }
        notices.accept("calibrating drift control on " + deviceId + ": the reference models' baseline speed (once per"
                + " device and settings, about " + (ROUNDS * pauseMs() / 1000.0 + 1) + " s)");
        for (Baseline b : calibrate(runner)) {
            if (store.baseline(b.key()).isEmpty()) {
                store.saveBaseline(b);
            }
        }
        return store.baseline(key).orElseThrow(() -> new IllegalStateException("the device's runner measured the "
                + "reference " + referenceSha256 + " under another key than " + key));
    }

    private static List<Baseline> calibrate(ModelRunner runner) throws MeasuringException, IOException {
        List<ReferenceModel> ladder = ReferenceModel.ladder();
        Path dir = Files.createTempDirectory("hwnas-reference");
        try {
            List<Path> files = new ArrayList<>();
            for (ReferenceModel r : ladder) {
                Path f = dir.resolve(r.name() + ".onnx");
                Files.write(f, r.bytes());
                files.add(f);
            }
            List<List<Double>> blocks = new ArrayList<>();
            ladder.forEach(r -> blocks.add(new ArrayList<>()));
            List<MeasurementKey> keys = new ArrayList<>(ladder.size());
            List<String> hosts = new ArrayList<>(ladder.size());
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    pause();
                }
                for (int i = 0; i < ladder.size(); i++) {
                    var m = runner.measure(ModelRun.of(files.get(i), BLOCK));
                    blocks.get(i).add(m.stats().medianMs());
                    if (round == 0) {
                        keys.add(m.key());
                        hosts.add(m.host());
                    }
                }
            }
            List<Baseline> out = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < ladder.size(); i++) {
                out.add(Baseline.of(keys.get(i), ladder.get(i).name(), blocks.get(i), now, hosts.get(i)));
            }
            return out;
        } finally {
            io.hwnas.core.io.Trees.delete(dir);
        }
    }

    private static long pauseMs() {
        String env = System.getenv("HWNAS_DRIFT_CALIBRATION_PAUSE_MS");
        long fallback = DEFAULT_PAUSE_MS;
        if (env != null && env.matches("\\d{1,6}")) {
            fallback = Long.parseLong(env);
        }
        return Long.getLong("hwnas.drift.calibrationPauseMs", fallback);
    }

    private static void pause() {
        try {
            Thread.sleep(pauseMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calibrating drift control", e);
        }
    }
}
