package io.hwnas.predictors.data;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.MeasurementStore;
import io.hwnas.core.measure.MeasurementStoreException;
import io.hwnas.core.measure.StoredMeasurement;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Datasets from the measurement database.
 *
 * <pre>{@code
 * LatencyDataset d = MeasurementDatasets.fromStore(store, spaces.get("nb201"), "cpu-1t");
 * }</pre>
 */
public final class MeasurementDatasets {

    private MeasurementDatasets() {}

    /**
     * The median latency of every stored measurement of {@code space} on {@code deviceId}, one row per architecture
     * (keyed by its canonical form, so two spellings of one architecture are one row), in the order each row's
     * measurement was stored. An architecture measured more than once (other thread counts, another ONNX Runtime,
     * a re-export) keeps its most recent measurement by {@code measuredAt}, the later store id breaking a tie; the
     * older ones are left out and counted in {@link LatencyDataset#skipped()}, as are measurements with a zero
     * median and architectures the space no longer decodes. Source: {@code database <deviceId>}.
     *
     * <p>The label is the latency corrected for the machine's speed where the measurement has one
     * ({@link Measurement#latencyMs(DriftControl)} with drift control on), else its raw median.
     *
     * @throws MeasurementStoreException when the store cannot be read
     */
    public static LatencyDataset fromStore(MeasurementStore store, SearchSpace space, String deviceId)
            throws MeasurementStoreException {
        return fromStore(store, space, deviceId, DriftControl.ON);
    }

    /** {@link #fromStore(MeasurementStore, SearchSpace, String)}, labelled raw when {@code drift} is off. */
    public static LatencyDataset fromStore(MeasurementStore store, SearchSpace space, String deviceId,
            DriftControl drift) throws MeasurementStoreException {
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(deviceId, "deviceId");
        if (deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank, but was '" + deviceId + "'");
        }
        Comparator<StoredMeasurement> recency = Comparator
                .comparing((StoredMeasurement s) -> s.measurement().measuredAt())
                .thenComparingLong(StoredMeasurement::id);
        Map<String, StoredMeasurement> latest = new LinkedHashMap<>();
        Map<String, Architecture> architectures = new LinkedHashMap<>();
        int undecodable = 0;
        int zero = 0;
        int older = 0;
        for (StoredMeasurement s : store.all()) {
            Measurement m = s.measurement();
            if (!deviceId.equals(m.deviceId()) || !space.name().equals(m.space()) || m.architecture() == null) {
                continue;
            }
            Architecture a;
            try {
                a = space.decode(m.architecture());
            } catch (IllegalArgumentException e) {
                undecodable++;
                continue;
            }
            if (!(m.stats().medianMs() > 0)) {
                zero++;
                continue;
            }
            StoredMeasurement before = latest.get(a.canonical());
            if (before == null) {
                latest.put(a.canonical(), s);
                architectures.put(a.canonical(), a);
            } else {
                older++;
                if (recency.compare(s, before) > 0) {
                    latest.put(a.canonical(), s);
                }
            }
        }
        List<Map.Entry<String, StoredMeasurement>> chosen = new ArrayList<>(latest.entrySet());
        chosen.sort(Comparator.comparingLong(e -> e.getValue().id()));
        List<LatencyRecord> records = new ArrayList<>(chosen.size());
        for (Map.Entry<String, StoredMeasurement> e : chosen) {
            double ms = e.getValue().measurement().latencyMs(drift);
            records.add(new LatencyRecord(architectures.get(e.getKey()), ms));
        }
        List<LatencyDataset.SetAside> why = new ArrayList<>();
        if (older > 0) {
            why.add(new LatencyDataset.SetAside("of architectures measured again later (the latest kept)", older,
                    List.of()));
        }
        if (zero > 0) {
            why.add(new LatencyDataset.SetAside("with a zero median", zero, List.of()));
        }
        if (undecodable > 0) {
            why.add(new LatencyDataset.SetAside("with an architecture the space no longer decodes", undecodable,
                    List.of()));
        }
        return new LatencyDataset(space.name(), deviceId, "database " + deviceId, records, older + zero + undecodable,
                why);
    }
}
