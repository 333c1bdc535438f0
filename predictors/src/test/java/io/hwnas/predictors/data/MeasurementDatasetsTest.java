package io.hwnas.predictors.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementKey;
import io.hwnas.core.measure.MeasurementStore;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.TestMeasurements;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeasurementDatasetsTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static final String A = "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|none~2|";
    private static final String B = "|skip_connect~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|";

    /** The store port over a list, ids from 1 in order. */
    private static final class ListStore implements MeasurementStore {
        private final List<StoredMeasurement> rows = new ArrayList<>();

        @Override
        public Optional<StoredMeasurement> find(MeasurementKey key) {
            return rows.stream().filter(s -> s.measurement().key().equals(key)).findFirst();
        }

        @Override
        public StoredMeasurement save(Measurement m, boolean replace) {
            StoredMeasurement s = new StoredMeasurement(rows.size() + 1, m);
            rows.add(s);
            return s;
        }

        @Override
        public List<StoredMeasurement> all() {
            return List.copyOf(rows);
        }

        @Override
        public long count() {
            return rows.size();
        }

        @Override
        public void close() {}
    }

    private static Measurement m(String device, String space, String arch, String at, double ms) {
        return TestMeasurements.sample(TestMeasurements.SHA_A, device, 1).toBuilder()
                .space(space).architecture(arch).measuredAt(Instant.parse(at))
                .samplesAndStats(List.of(ms, ms, ms)).build();
    }

    @Test
    void takesTheMedianOfEachArchitectureOnTheDeviceAndTheMostRecentOfRepeats() throws Exception {
        ListStore store = new ListStore();
        store.save(m("cpu", "nb201", A, "2026-01-01T00:00:00Z", 5.0));
        store.save(m("cpu", "nb201", B, "2026-01-01T00:00:00Z", 2.0));
        store.save(m("cpu-1t", "nb201", A, "2026-01-03T00:00:00Z", 9.0)); // other device
        store.save(m("cpu", "mbv3", "r224-d22222-k33003300330033003300-e33003300330033003300",
                "2026-01-03T00:00:00Z", 9.0)); // other space
        store.save(m("cpu", "nb201", " " + A + " ", "2026-01-02T00:00:00Z", 6.0)); // A again, later, spelt otherwise
        store.save(m("cpu", "nb201", B, "2025-12-31T00:00:00Z", 7.0)); // B again, but older
        LatencyDataset d = MeasurementDatasets.fromStore(store, NB201, "cpu");
        assertEquals("database cpu", d.source());
        assertEquals("cpu", d.device());
        assertEquals(List.of(B, A), d.records().stream().map(r -> r.architecture().canonical()).toList());
        assertEquals(List.of(2.0, 6.0), d.records().stream().map(LatencyRecord::latencyMs).toList());
        assertEquals(2, d.skipped());
        assertEquals("2 rows set aside: 2 rows of architectures measured again later (the latest kept)",
                d.setAsideText());
    }

    @Test
    void labelsAreCorrectedForTheMachinesSpeedUnlessDriftControlIsOff() throws Exception {
        ListStore store = new ListStore();
        Measurement corrected = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, true).toBuilder()
                .architecture(A).build();
        store.save(corrected);
        store.save(m("cpu", "nb201", B, "2026-01-01T00:00:00Z", 2.0)); // measured without drift control
        double want = corrected.driftReading().orElseThrow().correctedMedianMs();
        assertEquals(List.of(want, 2.0), MeasurementDatasets.fromStore(store, NB201, "cpu").records().stream()
                .map(LatencyRecord::latencyMs).toList());
        assertEquals(List.of(corrected.stats().medianMs(), 2.0), MeasurementDatasets.fromStore(store, NB201, "cpu",
                io.hwnas.core.measure.drift.DriftControl.OFF).records().stream().map(LatencyRecord::latencyMs).toList());
    }

    @Test
    void countsUndecodableArchitecturesAsSkipped() throws Exception {
        ListStore store = new ListStore();
        store.save(m("cpu", "nb201", A, "2026-01-01T00:00:00Z", 5.0));
        store.save(m("cpu", "nb201", "|bogus~0|", "2026-01-01T00:00:00Z", 5.0));
        LatencyDataset d = MeasurementDatasets.fromStore(store, NB201, "cpu");
        assertEquals(1, d.size());
        assertEquals(1, d.skipped());
        assertEquals(List.of(new LatencyDataset.SetAside("with an architecture the space no longer decodes", 1,
                List.of())), d.setAside());
    }

    @Test
    void rejectsABlankDevice() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MeasurementDatasets.fromStore(new ListStore(), NB201, " "));
        assertEquals("deviceId must not be blank, but was ' '", e.getMessage());
    }
}
