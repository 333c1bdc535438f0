package io.hwnas.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.predict.Metrics;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.table.ArchTable;
import io.hwnas.reports.predictor.PredictorReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorReportTest {

    /** A real, simple predictor: the 2080 Ti's published latency, scaled, predicting the 1080 Ti's. */
    private static PredictorEvaluation evaluation() throws Exception {
        return evaluation(400, false);
    }

    /**
     * @param n       how many rows of the table are predicted
     * @param spreads whether the predictor tells a spread (every other row) and the data's hash is known
     */
    private static PredictorEvaluation evaluation(int n, boolean spreads) throws Exception {
        ArchTable t = ArchTable.read(Path.of("..", "data", "nas-bench-201", "nb201_latency_sample_devices.csv.gz"),
                SearchSpaces.builtIn().get("nb201"), "arch_str");
        double[] a = t.column("2080ti_1_ms");
        double[] b = t.column("1080ti_1_ms");
        List<PredictorEvaluation.Item> items = new ArrayList<>();
        double[] m = new double[n];
        double[] pr = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = b[i];
            pr[i] = a[i] * 1.6;
            items.add(new PredictorEvaluation.Item(t.architectures().get(i).canonical(), m[i], pr[i],
                    spreads && i % 2 == 1 ? 0.05 * pr[i] : Double.NaN));
        }
        Metrics x = Metrics.of(m, pr);
        return PredictorEvaluation.builder().predictor("scaled-2080ti").space("nb201").device("1080ti_1_ms")
                .source("HELP table").protocol("first " + n + " rows").nTrain(1).nTest(n).rmseMs(x.rmseMs())
                .mape(x.mape()).within5(x.within5()).within10(x.within10()).spearman(x.spearman())
                .kendall(x.kendall()).predictUs(spreads ? 1.25 : 0).trainSeconds(spreads ? 0.5 : 0)
                .datasetSha256(spreads ? "0123456789abcdef".repeat(4) : "").items(items).build();
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

    /** Every format as it was rendered before the reports were redesigned ({@link Goldens}). */
    @Test
    void everyFormatIsAsRecorded() throws Exception {
        for (var c : java.util.Map.of("predictor", evaluation(120, false), "predictor-spreads", evaluation(40, true))
                .entrySet()) {
            PredictorReport r = new PredictorReport(c.getValue());
            Goldens.check(c.getKey() + ".html", Goldens.withoutDrawings(r.html()));
            Goldens.check(c.getKey() + ".md", r.markdown());
            Goldens.check(c.getKey() + ".csv", r.csv());
            Goldens.check(c.getKey() + ".json", r.json());
            Goldens.check(c.getKey() + ".charts.txt", Goldens.describe(r.parityChart()) + "\n"
                    + Goldens.describe(r.errorChart()));
        }
    }
}
