package io.hwnas.benchmarks;

import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.transfer.FewShotTransfer;
import io.hwnas.core.predict.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the few-shot transfer curve on HELP's NAS-Bench-201 table: each device in turn the target, the other four
 * the references, k target samples, metrics on all other rows, averaged over seeds 1..S.
 * Run with {@code bench/transfer-curve.sh [SEEDS=5] [K...]}.
 */
public final class TransferCurve {

    private TransferCurve() {}

    public static void main(String[] args) throws Exception {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Integer> ks = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            ks.add(Integer.parseInt(args[i]));
        }
        if (ks.isEmpty()) {
            ks = List.of(5, 10, 20, 50);
        }
        Path csv = HelpTable.path();
        LatencyTable table = LatencyTable.read(csv, SearchSpaces.builtIn().get("nb201"), "arch_str");
        List<FewShotTransfer> byTarget = new ArrayList<>();
        for (String target : HelpTable.COLUMNS) {
            List<String> refs = new ArrayList<>(HelpTable.COLUMNS);
            refs.remove(target);
            byTarget.add(FewShotTransfer.builder().table(table).referenceColumns(refs).targetColumn(target)
                    .build());
        }
        System.out.printf(Locale.ROOT, "few-shot transfer on %s, mean over seeds 1..%d, test = all other rows%n",
                csv.getFileName(), seeds);
        System.out.printf(Locale.ROOT, "%4s  %-18s %8s %8s %9s %7s  %s%n", "k", "target", "spearman", "kendall",
                "within10", "mape", "min spearman");
        for (int k : ks) {
            double[] mean = new double[4];
            for (int t = 0; t < HelpTable.COLUMNS.size(); t++) {
                double[] sum = new double[4];
                double min = Double.POSITIVE_INFINITY;
                for (int s = 1; s <= seeds; s++) {
                    Metrics m = byTarget.get(t).toBuilder().samples(k).seed(s).build().run().metrics();
                    sum[0] += m.spearman();
                    sum[1] += m.kendall();
                    sum[2] += m.within10();
                    sum[3] += m.mape();
                    min = Math.min(min, m.spearman());
                }
                for (int i = 0; i < 4; i++) {
                    sum[i] /= seeds;
                    mean[i] += sum[i] / HelpTable.COLUMNS.size();
                }
                System.out.printf(Locale.ROOT, "%4d  %-18s %8.4f %8.4f %9.3f %7.3f  %.4f%n", k,
                        HelpTable.COLUMNS.get(t), sum[0], sum[1], sum[2], sum[3], min);
            }
            System.out.printf(Locale.ROOT, "%4d  %-18s %8.4f %8.4f %9.3f %7.3f%n", k, "MEAN", mean[0], mean[1],
                    mean[2], mean[3]);
        }
    }
}
