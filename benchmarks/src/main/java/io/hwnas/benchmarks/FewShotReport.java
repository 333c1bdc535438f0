package io.hwnas.benchmarks;

import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.eval.Evaluator;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A predictor in both regimes a search meets, on a measurement export of nb201 cells (the CSV of
 * {@code hwnas measurements export}, labels from {@code corrected_median_ms}):
 * <ul>
 *   <li>{@code holdout}: 80/20 splits with seeds 1-3, as {@code hwnas predictor eval --train-fraction 0.8} splits;</li>
 *   <li>{@code few-shot}: the search's in-loop predictor, trained on {@code n} = 20, 40, 70 cells and asked about cells
 *       near a budget (latency in [lo, hi] ms, default 0.2-0.5); {@code random} trains on random cells,
 *       {@code near} on 20 random cells and the rest from the band (what a search measures once its candidates
 *       crowd the budget). 20 draws each; the share within ±10 % pooled over all draws' test cells.</li>
 * </ul>
 * Run with {@code bench/predictor-few-shot.sh CSV [SPEC...]}; a SPEC is what {@code --predictor} takes.
 */
public final class FewShotReport {

    private static final int[] SIZES = {20, 40, 70};
    private static final int DRAWS = 20;
    private static final int WARMUP = 20;

    private FewShotReport() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: FewShotReport EXPORT.csv [--band LO HI] [SPEC...]");
            System.exit(2);
        }
        Path csv = Path.of(args[0]);
        double lo = 0.2;
        double hi = 0.5;
        List<String> specs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--band")) {
                lo = Double.parseDouble(args[++i]);
                hi = Double.parseDouble(args[++i]);
            } else {
                specs.add(args[i]);
            }
        }
        if (specs.isEmpty()) {
            specs.add("weka");
        }
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        LatencyDataset data = LatencyTable.read(csv, nb201, "arch").dataset("corrected_median_ms");
        PredictorRegistry registry = PredictorRegistry.discover(FewShotReport.class.getClassLoader());
        Path home = Files.createTempDirectory("hwnas-few-shot");
        System.out.printf(Locale.ROOT, "%d cells from %s; band %.2f-%.2f ms%n", data.size(), csv, lo, hi);
        for (String spec : specs) {
            PredictorTrainer trainer = registry.trainer(spec, PredictorContext.of(nb201, 1, home));
            for (int seed = 1; seed <= 3; seed++) {
                PredictorEvaluation e = Evaluator.holdout(trainer, data, 0.8, seed);
                System.out.printf(Locale.ROOT, "%-40s holdout 0.8 seed %d: within10 %.3f within5 %.3f spearman %.4f%n",
                        label(spec), seed, e.within10(), e.within5(), e.spearman());
            }
            for (int n : SIZES) {
                for (boolean near : new boolean[] {false, true}) {
                    double w = fewShot(trainer, data, n, near, lo, hi);
                    System.out.printf(Locale.ROOT, "%-40s few-shot n=%d %-6s: within10 %.3f%n", label(spec), n,
                            near ? "near" : "random", w);
                }
            }
        }
    }

    private static String label(String spec) {
        return spec.length() <= 40 ? spec : spec.substring(0, 37) + "...";
    }

    private static double fewShot(PredictorTrainer trainer, LatencyDataset data, int n, boolean near, double lo,
            double hi) {
        int hits = 0;
        int total = 0;
        for (int draw = 1; draw <= DRAWS; draw++) {
            List<LatencyRecord> all = new ArrayList<>(data.records());
            Collections.shuffle(all, new Random(draw));
            List<LatencyRecord> train = new ArrayList<>(all.subList(0, near ? WARMUP : n));
            List<LatencyRecord> rest = new ArrayList<>(all.subList(train.size(), all.size()));
            List<LatencyRecord> band = new ArrayList<>();
            for (LatencyRecord r : rest) {
                if (r.latencyMs() >= lo && r.latencyMs() <= hi) {
                    band.add(r);
                }
            }
            if (near) {
                int take = Math.min(n - WARMUP, band.size() / 2);
                train.addAll(band.subList(0, take));
                band = band.subList(take, band.size());
            }
            LatencyPredictor p = trainer.train(data.withRecords(train, "few-shot"));
            for (LatencyRecord r : band) {
                double err = p.predict(r.architecture()).latencyMs() / r.latencyMs() - 1;
                hits += Math.abs(err) <= 0.10 ? 1 : 0;
                total++;
            }
        }
        return total == 0 ? Double.NaN : (double) hits / total;
    }
}
