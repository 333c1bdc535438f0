package io.hwnas.profilers.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.MeasuringException;
import io.hwnas.core.measure.ModelRun;
import io.hwnas.core.measure.ModelRunner;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export once, find in the database, else measure with ONNX Runtime here and store: on a real database. */
class CachingMeasurerTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final DeviceProfile CPU_1T = DeviceRegistry.builtIns().get("cpu-1t");
    private static final MeasurementPlan QUICK = MeasurementPlan.builder().warmupRuns(1).minRuns(3).maxRuns(3)
            .build();
    private static final Architecture ARCH = NB201.sample(new SplittableRandom(2));

    @TempDir
    Path dir;

    private CachingMeasurer.Builder measurer(ModelRunner runner, SqliteMeasurementStore store) throws Exception {
        return CachingMeasurer.builder("cpu-1t", runner, store).space(NB201).plan(QUICK)
                .scratch(Files.createDirectories(dir.resolve("scratch")));
    }

    @Test
    void measuresOnceAndThenFindsTheMeasurementStored() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer m = measurer(CPU_1T.runner(new OrtProfiler()), store).build();
            List<String> notes = new ArrayList<>();
            m.onMeasured(notes::add);
            OptionalDouble first = m.measure(ARCH);
            OptionalDouble again = m.measure(ARCH);
            assertTrue(first.isPresent());
            assertEquals(first, again);
            assertEquals(1, m.fresh());
            assertEquals(1, m.cached());
            assertEquals(1, store.count());
            assertTrue(notes.get(1).endsWith("ms (stored)"), notes.toString());
            Measurement stored = store.all().get(0).measurement();
            assertEquals(ExportedModel.export(NB201, ARCH, 0).sha256(), stored.modelSha256());
            assertEquals(NB201.networkKey(ARCH), stored.architecture());
            assertEquals("cpu-1t", stored.deviceId());
            assertEquals(List.of(), scratch(), "models are deleted once measured");
        }
    }

    @Test
    void aFailedMeasurementIsReportedAndLeftOut() throws Exception {
        ModelRunner broken = new ModelRunner() {
            @Override
            public MeasurementKey key(String sha256) {
                return CPU_1T.runner(new OrtProfiler()).key(sha256);
            }

            @Override
            public Measurement measure(ModelRun run) throws MeasuringException {
                throw new MeasuringException("cannot load " + run.model().getFileName(), "cpu-1t", null);
            }
        };
        List<String> failures = new ArrayList<>();
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer m = measurer(broken, store).failures(failures::add).build();
            assertEquals(OptionalDouble.empty(), m.measure(ARCH, ""));
            assertEquals(0, m.fresh());
            assertEquals(0, store.count());
            assertEquals(1, failures.size());
            assertTrue(failures.get(0).startsWith("measurement failed on cpu-1t: " + NB201.networkKey(ARCH)
                    + ": cannot load "), failures.toString());
        }
    }

    @Test
    void remeasuringTakesItAgainAndReplacesIt() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer once = measurer(CPU_1T.runner(new OrtProfiler()), store).build();
            once.measure(ARCH);
            CachingMeasurer again = measurer(CPU_1T.runner(new OrtProfiler()), store).remeasure(true).build();
            ExportedModel model = ExportedModel.export(NB201, ARCH, 0);
            assertEquals(Optional.empty(), again.stored(model.sha256()));
            StoredMeasurement s = again.keep(again.take(model, ARCH.canonical()));
            assertEquals(1, store.count());
            assertEquals(s.id(), store.all().get(0).id());
        }
    }

    @Test
    void anArchitectureNeedsASpace() throws Exception {
        try (SqliteMeasurementStore store = SqliteMeasurementStore.open(dir.resolve("m.db"))) {
            CachingMeasurer files = CachingMeasurer.builder("cpu-1t", CPU_1T.runner(new OrtProfiler()), store)
                    .build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> files.measure(ARCH));
            assertTrue(e.getMessage().contains("model files only"), e.getMessage());
        }
    }

    private List<Path> scratch() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("scratch"))) {
            return s.toList();
        }
    }
}
