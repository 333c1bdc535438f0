package io.hwnas.core.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hwnas.core.table.Csv;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each CSV column holds, known or not: unknown values are empty fields, never a sentinel such as -1 or NaN. */
class MeasurementCsvColumnsTest {

    private static Map<String, String> row(Measurement m) throws Exception {
        StringWriter out = new StringWriter();
        MeasurementCsv.write(List.of(new StoredMeasurement(7, m)), out);
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        List<String> fields = Csv.split(lines[1]);
        assertEquals(MeasurementCsv.HEADER.size(), fields.size());
        Map<String, String> byName = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            byName.put(MeasurementCsv.HEADER.get(i), fields.get(i));
        }
        return byName;
    }

    @Test
    void theRowHoldsTheMeasurementsFigures() throws Exception {
        Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1);
        Map<String, String> r = row(m);
        assertEquals("7", r.get("id"));
        assertEquals("cpu", r.get("device_id"));
        assertEquals(Double.toString(m.stats().medianMs()), r.get("median_ms"));
        assertEquals(Double.toString(m.stats().rseMedian()), r.get("rse_median"));
        assertEquals("30", r.get("runs"));
        assertEquals("12.25", r.get("session_create_ms"));
        assertEquals("2500.0", r.get("plan_budget_ms"));
        assertEquals("100000", r.get("rss_before_kib"));
        assertEquals("120000", r.get("peak_rss_kib"));
        assertEquals("TARGET_REACHED", r.get("stop_reason"));
        assertEquals("test-host", r.get("host"));
        assertEquals("2026-01-02T03:04:05.123456789Z", r.get("measured_at"));
    }

    @Test
    void unknownMemoryAndAnUnknownErrorOfTheMedianAreEmptyFields() throws Exception {
        Measurement m = TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1).toBuilder()
                .memory(MemoryFigures.unknown()).samplesAndStats(List.of(1.0, 2.0, 3.0)).build();
        Map<String, String> r = row(m);
        for (String c : List.of("rss_before_kib", "rss_after_session_kib", "rss_after_runs_kib", "peak_rss_kib",
                "rse_median")) {
            assertEquals("", r.get(c), c);
        }
        assertEquals("2.0", r.get("median_ms"));
    }

    @Test
    void withoutDriftControlTheDriftColumnsAreEmpty() throws Exception {
        Map<String, String> r = row(TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1));
        for (String c : List.of("corrected_median_ms", "speed_factor", "baseline_ms", "drift_reference",
                "drift_ratio_shift", "reference_median_ms")) {
            assertEquals("", r.get(c), c);
        }
    }

    @Test
    void anUncalibratedReadingFillsOnlyWhatTheReferenceSaw() throws Exception {
        Measurement m = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, false);
        Map<String, String> r = row(m);
        assertEquals("", r.get("corrected_median_ms"));
        assertEquals("", r.get("speed_factor"));
        assertEquals("", r.get("baseline_ms"));
        assertEquals("nb201-m", r.get("drift_reference"));
        var d = m.driftReading().orElseThrow();
        assertEquals(Double.toString(d.ratioShift()), r.get("drift_ratio_shift"));
        assertEquals(Double.toString(d.referenceMedianMs()), r.get("reference_median_ms"));
    }

    @Test
    void aCalibratedReadingFillsEveryDriftColumn() throws Exception {
        Measurement m = TestMeasurements.withDrift(TestMeasurements.SHA_A, "cpu", 1, true);
        Map<String, String> r = row(m);
        var d = m.driftReading().orElseThrow();
        assertEquals(Double.toString(d.correctedMedianMs()), r.get("corrected_median_ms"));
        assertEquals(Double.toString(d.speedFactor()), r.get("speed_factor"));
        assertEquals("0.7", r.get("baseline_ms"));
        assertEquals("nb201-m", r.get("drift_reference"));
    }

    @Test
    void everythingWrittenHasReachedTheWriterWhenWriteReturns() throws Exception {
        StringWriter sink = new StringWriter();
        BufferedWriter buffered = new BufferedWriter(sink, 1 << 16);
        MeasurementCsv.write(List.of(), buffered);
        assertEquals(String.join(",", MeasurementCsv.HEADER) + "\n", sink.toString());
    }
}
