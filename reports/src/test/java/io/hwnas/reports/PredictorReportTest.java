package io.hwnas.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.predict.Metrics;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.space.Shared;
import io.hwnas.core.table.ArchTable;
import io.hwnas.reports.predictor.PredictorReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PredictorReportTest {

    /** A real, simple predictor: the 2080 Ti's published latency, scaled, predicting the 1080 Ti's. */
    private static PredictorEvaluation evaluation() throws Exception {
        Optional<Path> p = Shared.file("data/nas-bench-201/nb201_latency_sample_devices.csv");
        assumeTrue(p.isPresent(), "shared NAS-Bench-201 latency table not found");
        ArchTable t = ArchTable.read(p.get(), SearchSpaces.builtIn().get("nb201"), "arch_str");
        double[] a = t.column("2080ti_1_ms");
        double[] b = t.column("1080ti_1_ms");
        List<PredictorEvaluation.Item> items = new ArrayList<>();
        int n = 400;
        double[] m = new double[n];
        double[] pr = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = b[i];
            pr[i] = a[i] * 1.6;
            items.add(new PredictorEvaluation.Item(t.architectures().get(i).canonical(), m[i], pr[i], Double.NaN));
        }
        Metrics x = Metrics.of(m, pr);
        return PredictorEvaluation.builder().predictor("scaled-2080ti").space("nb201").device("1080ti_1_ms")
                .source("HELP table").protocol("first 400 rows").nTrain(1).nTest(n).rmseMs(x.rmseMs()).mape(x.mape())
                .within5(x.within5()).within10(x.within10()).spearman(x.spearman()).kendall(x.kendall())
                .predictUs(0).trainSeconds(0).items(items).build();
    }

    @Test
    void theReportHasTheParityPlotTheWorstPredictionsAndEveryRow() throws Exception {
        PredictorEvaluation e = evaluation();
        PredictorReport r = new PredictorReport(e);
        String html = r.html();
        assertTrue(html.contains("aria-label=\"Predicted against measured on 1080ti_1_ms\""));
        assertTrue(html.contains("aria-label=\"Relative error against latency\""));
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "%.1f %%", 100 * e.within10())));
        assertEquals(401, r.csv().strip().split("\n").length);
        assertEquals("measured latency (ms)", r.parityChart().getXAxisTitle());
        assertEquals("predicted latency (ms)", r.parityChart().getYAxisTitle());
        assertTrue(r.markdown().contains("## The worst predictions"));
    }
}
