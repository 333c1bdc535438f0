package io.hwnas.benchmarks;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.eval.Evaluator;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Holdout metrics of predictors on every latency column of HELP's NAS-Bench-201 table ({@link HelpTable}; 80/20,
 * seed 1), and the single-thread prediction throughput of each over all 15,625 cells once warm. Run with
 * {@code bench/predictor-holdout.sh [SPEC...]} (default specs: {@code flops lut}).
 */
public final class HoldoutReport {

    private HoldoutReport() {}

    public static void main(String[] args) throws Exception {
        List<String> specs = args.length == 0 ? List.of("flops", "lut") : List.of(args);
        Path csv = HelpTable.path();
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        LatencyTable table = LatencyTable.read(csv, nb201, "arch_str");
        PredictorRegistry registry = PredictorRegistry.discover(HoldoutReport.class.getClassLoader());
        Path home = Files.createTempDirectory("hwnas-report");
        PredictorContext context = PredictorContext.of(nb201, 1, home);
        System.out.printf(Locale.ROOT, "%-18s %-18s %6s %5s %8s %7s %6s %6s %8s %8s %9s %7s%n", "column", "predictor",
                "train", "test", "rmse_ms", "mape%", "<=5%", "<=10%", "spearman", "kendall", "pred_us", "train_s");
        for (String spec : specs) {
            PredictorTrainer trainer = registry.trainer(spec, context); // one trainer: its memo serves every column
            for (String column : HelpTable.COLUMNS) {
                LatencyDataset d = table.dataset(column);
                PredictorEvaluation e = Evaluator.holdout(trainer, d, 0.8, 1);
                System.out.printf(Locale.ROOT, "%-18s %-18s %6d %5d %8.3f %7.2f %6.1f %6.1f %8.4f %8.4f %9.3f %7.2f%n",
                        column, e.predictor(), e.nTrain(), e.nTest(), e.rmseMs(), 100 * e.mape(), 100 * e.within5(),
                        100 * e.within10(), e.spearman(), e.kendall(), e.predictUs(), e.trainSeconds());
            }
            LatencyPredictor p = trainer.train(table.dataset(HelpTable.COLUMNS.get(0)));
            List<Architecture> all = new ArrayList<>(table.architectures());
            p.predictAll(all);
            double best = 0;
            for (int rep = 0; rep < 5; rep++) {
                long t0 = System.nanoTime();
                double sink = 0;
                for (Architecture a : all) {
                    sink += p.predict(a).latencyMs();
                }
                double perSecond = all.size() / ((System.nanoTime() - t0) / 1e9);
                best = Math.max(best, perSecond + (sink == -1 ? 1 : 0));
            }
            System.out.printf(Locale.ROOT, "throughput %s: %.0f predictions/s, one thread, warm, best of 5 passes over "
                    + "%d cells%n", p.info().spec(), best, all.size());
        }
    }
}
