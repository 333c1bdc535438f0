package io.hwnas.cli.measure;

import io.hwnas.core.measure.Measurement;
import io.hwnas.core.measure.drift.DriftReading;

import java.util.ArrayList;
import java.util.List;

/** How {@code profile --rounds} pools a model's rounds into one measurement. */
final class Rounds {

    private Rounds() {}

    /**
     * The last round with the earlier rounds' runs added. With drift control, a run is kept with its reference run, and
     * only rounds paired with the last round's reference are pooled (the ratio to another reference is another
     * figure); the reading is made again from all the pairs and calibrated as the last round was.
     */
    static Measurement pool(List<Measurement> earlier, Measurement last) {
        List<Double> samples = new ArrayList<>();
        DriftReading d = last.driftReading().orElse(null);
        if (d == null) {
            earlier.forEach(m -> samples.addAll(m.samplesMs()));
            samples.addAll(last.samplesMs());
            return last.toBuilder().samplesAndStats(samples).build();
        }
        List<Double> refs = new ArrayList<>();
        for (Measurement m : earlier) {
            DriftReading e = m.driftReading().orElse(null);
            if (e != null && e.referenceSha256().equals(d.referenceSha256())) {
                samples.addAll(m.samplesMs());
                refs.addAll(e.referenceSamplesMs());
            }
        }
        samples.addAll(last.samplesMs());
        refs.addAll(d.referenceSamplesMs());
        DriftReading pooled = DriftReading.of(d.reference(), d.referenceSha256(), samples, refs);
        return last.toBuilder().samplesAndStats(samples)
                .drift(d.isCalibrated() ? pooled.calibrated(d.baselineMs()) : pooled).build();
    }
}
