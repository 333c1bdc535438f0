package io.hwnas.profilers.measure;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.drift.Baseline;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.measure.drift.DriftReading;
import io.hwnas.core.measure.drift.ReferenceModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drift control through the measurer, with ONNX Runtime and a real database. */
class DriftControlledMeasurerTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final DeviceProfile CPU_1T = DeviceRegistry.builtIns().get("cpu-1t");
    private static final MeasurementPlan QUICK = MeasurementPlan.builder().warmupRuns(2).minRuns(8).maxRuns(8)
            .build();

    @TempDir
    Path dir;

    private CachingMeasurer measurer(ModelRunner runner, SqliteMeasurementStore store, List<String> notices)
            throws Exception {
        return CachingMeasurer.builder("cpu-1t", runner, store).space(NB201).plan(QUICK)
                .scratch(Files.createDirectories(dir.resolve("scratch"))).driftControl(DriftControl.ON)
                .notices(notices::add).build();
    }

    @Test
    void aMeasurementIsPairedWithItsReferenceAndCorrectedAgainstTheBaselineCalibratedOnce() throws Exception {
        List<String> notices = new ArrayList<>();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer m = measurer(CPU_1T.runner(new OrtProfiler()), store, notices);
            SplittableRandom random = new SplittableRandom(5);
            Architecture a = NB201.sample(random);
            Architecture b = NB201.sample(random);
            OptionalDouble ms = m.measure(a);
            m.measure(b);
            assertEquals(1, notices.stream().filter(n -> n.startsWith("calibrating drift control on cpu-1t")).count(),
                    notices.toString());
            assertEquals(ReferenceModel.ladder().size(), store.baselines().size(), "one baseline per rung");
            Measurement stored = store.all().get(0).measurement();
            DriftReading d = stored.driftReading().orElseThrow();
            assertTrue(d.isCalibrated());
            assertEquals(stored.samplesMs().size(), d.referenceSamplesMs().size());
            assertTrue(ReferenceModel.bySha256(d.referenceSha256()).isPresent());
            Baseline baseline = store.baseline(CPU_1T.runner(new OrtProfiler()).key(d.referenceSha256())).orElseThrow();
            assertEquals(baseline.baselineMs(), d.baselineMs());
            assertEquals(baseline.blockMs().stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    baseline.baselineMs());
            assertEquals(d.correctedMedianMs(), ms.getAsDouble(), "the measurer answers the corrected latency");
            assertEquals(stored.stats().medianMs(), stored.latencyMs(DriftControl.OFF));
        }
    }

    @Test
    void withDriftControlOffNoReferenceRuns() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer m = CachingMeasurer.builder("cpu-1t", CPU_1T.runner(new OrtProfiler()), store)
                    .space(NB201).plan(QUICK).scratch(Files.createDirectories(dir.resolve("scratch"))).build();
            OptionalDouble ms = m.measure(NB201.sample(new SplittableRandom(5)));
            Measurement stored = store.all().get(0).measurement();
            assertTrue(stored.driftReading().isEmpty());
            assertEquals(stored.stats().medianMs(), ms.getAsDouble());
            assertTrue(store.baselines().isEmpty());
        }
    }

    /** A device whose correction never holds (a runner that cannot be made so on demand is stood in for here). */
    @Test
    void anUnsteadyReadingIsMeasuredAgainThenStoredFlaggedAndTold() throws Exception {
        ModelRunner real = CPU_1T.runner(new OrtProfiler());
        AtomicInteger candidateRuns = new AtomicInteger();
        ModelRunner unsteady = new ModelRunner() {
            @Override
            public MeasurementKey key(String sha256) {
                return real.key(sha256);
            }

            @Override
            public Measurement measure(ModelRun run) throws MeasuringException {
                Measurement m = real.measure(run);
                if (run.drift() == DriftControl.OFF) {
                    return m; // calibration blocks
                }
                candidateRuns.incrementAndGet();
                List<Double> refs = new ArrayList<>();
                List<Double> c = m.samplesMs();
                for (int i = 0; i < c.size(); i++) {
                    refs.add(i < c.size() / 2 ? c.get(i) : c.get(i) / 2); // the ratio doubles halfway
                }
                ReferenceModel rung = ReferenceModel.ladder().get(1);
                return m.toBuilder().drift(DriftReading.of(rung.name(), rung.sha256(), c, refs)).build();
            }
        };
        List<String> notices = new ArrayList<>();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer m = measurer(unsteady, store, notices);
            assertTrue(m.measure(NB201.sample(new SplittableRandom(5))).isPresent());
            assertEquals(CachingMeasurer.ATTEMPTS, candidateRuns.get());
            assertEquals(CachingMeasurer.ATTEMPTS, notices.stream().filter(n -> n.contains("moved too much")).count());
            assertTrue(notices.get(notices.size() - 1).endsWith("stored flagged unsteady"), notices.toString());
            assertFalse(store.all().get(0).measurement().driftReading().orElseThrow().steady());
        }
    }

    @Test
    void driftControlNeedsAStoreThatKeepsBaselines() {
        var e = assertThrows(IllegalStateException.class, () -> CachingMeasurer.builder("cpu-1t",
                CPU_1T.runner(new OrtProfiler()), new io.hwnas.core.measure.MeasurementStore() {
                    public java.util.Optional<io.hwnas.core.measure.StoredMeasurement> find(MeasurementKey k) {
                        return java.util.Optional.empty();
                    }

                    public io.hwnas.core.measure.StoredMeasurement save(Measurement x, boolean r) {
                        throw new UnsupportedOperationException();
                    }

                    public List<io.hwnas.core.measure.StoredMeasurement> all() {
                        return List.of();
                    }

                    public long count() {
                        return 0;
                    }

                    public void close() {}
                }).driftControl(DriftControl.ON).build());
        assertTrue(e.getMessage().startsWith("drift control needs a store that keeps baselines"), e.getMessage());
    }
}
