package io.hwnas.core.measure;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasurementCsvTest {

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertEquals("|nor_conv_3x3~0|+|none~1|", MeasurementCsv.escape("|nor_conv_3x3~0|+|none~1|"));
        assertEquals("\"a,b\"", MeasurementCsv.escape("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", MeasurementCsv.escape("say \"hi\""));
        assertEquals("\"two\nlines\"", MeasurementCsv.escape("two\nlines"));
        assertEquals("\"cr\r\"", MeasurementCsv.escape("cr\r"));
        assertEquals("", MeasurementCsv.escape(null));
    }

    @Test
    void writesHeaderThenOneLinePerMeasurement() throws Exception {
        StringWriter out = new StringWriter();
        MeasurementCsv.write(List.of(
                new StoredMeasurement(1, TestMeasurements.sample(TestMeasurements.SHA_A, "cpu", 1)),
                new StoredMeasurement(2, TestMeasurements.sample(TestMeasurements.SHA_B, "cpu-1t", 2))), out);
        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("id,space,arch,device_id,intra_threads,inter_threads,opt_level,ort_version,"
                + "model_sha256,host,measured_at,median_ms,mean_ms,p90_ms,p99_ms,min_ms,max_ms,std_ms,cv,runs,"
                + "session_create_ms,"), lines[0]);
        assertEquals(MeasurementCsv.HEADER.size(), lines[1].split(",", -1).length);
        assertTrue(lines[2].startsWith("2,nb201,|nor_conv_3x3~0|"), lines[2]);
    }
}
