package io.hwnas.benchmarks;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.core.predict.Metrics;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.weka.WekaPredictor;
import io.hwnas.predictors.weka.WekaProvider;
import io.hwnas.predictors.weka.WekaRegressorSpec;
import io.hwnas.predictors.weka.WekaTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * Per-column accuracy of a Weka predictor on a latency table, with a seeded 80/20 split: the numbers behind
 * {@link WekaRegressorSpec#DEFAULT}. Not a test (it takes minutes); run with {@code bench/weka-predictor.sh}.
 *
 * <pre>
 * WekaBenchmark TABLE [--space nb201] [--arch arch_str] [--seed 42] [--train 0.8] [--columns a,b] [SPEC ...]
 * </pre>
 * Each SPEC is the text after {@code weka:}; none means the default.
 */
public final class WekaBenchmark {

    private WekaBenchmark() {}

    /** The command line: the table, and what to train on which columns. */
    private record Settings(Path table, String space, String archColumn, long seed, double train,
            List<String> columns, List<String> specs) {}

    public static void main(String[] args) throws Exception {
        Settings o = parse(args);
        SearchSpace space = SearchSpaces.builtIn().get(o.space());
        LatencyTable t = LatencyTable.read(o.table(), space, o.archColumn());
        Path home = Files.createTempDirectory("hwnas-bench");
        WekaProvider provider = new WekaProvider();
        PredictorContext context = PredictorContext.of(space, o.seed(), home);

        long f0 = System.nanoTime();
        provider.trainer("weka.classifiers.functions.LinearRegression", context); // warm: Weka classes
        var features = provider.features(space);
        t.architectures().parallelStream().forEach(features::extract);
        System.out.printf(Locale.ROOT, "features: %d architectures, %d features (%s) in %.1f s on %d threads%n",
                t.architectures().size(), features.schema().size(), features.schema().id(),
                (System.nanoTime() - f0) / 1e9, Runtime.getRuntime().availableProcessors());

        Map<String, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < t.architectures().size(); i++) {
            rowOf.put(t.architectures().get(i).canonical(), i);
        }
        for (String spec : o.specs()) {
            WekaTrainer trainer = provider.trainer(spec, context);
            System.out.printf(Locale.ROOT, "%nweka:%s  (seed %d, train %.0f %%)%n", trainer.spec().text(), o.seed(),
                    100 * o.train());
            System.out.printf(Locale.ROOT, "%-18s %6s %6s %8s %8s %8s %8s %8s %8s %8s %9s %8s%n", "column", "train",
                    "test", "rmse ms", "mape %", "±5 %", "±10 %", "spearman", "kendall", "train s", "pred/s",
                    "resid r1");
            for (String c : o.columns() == null ? t.columns() : o.columns()) {
                if (!c.equals("arch_index")) {
                    printColumn(trainer, t.dataset(c).split(o.train(), o.seed()), c, rowOf);
                }
            }
        }
    }

    private static Settings parse(String[] args) {
        Path table = null;
        String spaceName = "nb201";
        String archColumn = "arch_str";
        long seed = 42;
        double train = 0.8;
        List<String> columns = null;
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--space" -> spaceName = args[++i];
                case "--arch" -> archColumn = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--train" -> train = Double.parseDouble(args[++i]);
                case "--columns" -> columns = List.of(args[++i].split(","));
                default -> {
                    if (table == null) {
                        table = Path.of(args[i]);
                    } else {
                        specs.add(args[i]);
                    }
                }
            }
        }
        if (table == null || !Files.isRegularFile(table)) {
            System.err.println("usage: WekaBenchmark TABLE [--space S] [--arch COL] [--seed N] [--train F] "
                    + "[--columns a,b] [SPEC ...]");
            System.exit(2);
        }
        if (specs.isEmpty()) {
            specs.add("");
        }
        return new Settings(table, spaceName, archColumn, seed, train, columns, specs);
    }

    /** Trains on one column's split and prints one row: accuracy on the test rows, speeds, residual correlation. */
    private static void printColumn(WekaTrainer trainer, LatencyDataset.Split split, String column,
            Map<String, Integer> rowOf) {
        long t0 = System.nanoTime();
        WekaPredictor p = trainer.train(split.train());
        double trainS = (System.nanoTime() - t0) / 1e9;
        List<LatencyRecord> test = split.test().records();
        double[] measured = new double[test.size()];
        double[] predicted = new double[test.size()];
        long p0 = System.nanoTime();
        for (int i = 0; i < test.size(); i++) {
            Prediction pr = p.predict(test.get(i).architecture());
            measured[i] = test.get(i).latencyMs();
            predicted[i] = pr.latencyMs();
        }
        double perS = test.size() / ((System.nanoTime() - p0) / 1e9);
        // The model sees each architecture once; a warm batch is what a search asks for.
        p0 = System.nanoTime();
        p.predictAll(test.stream().map(LatencyRecord::architecture).toList());
        perS = Math.max(perS, test.size() / ((System.nanoTime() - p0) / 1e9));
        Metrics m = Metrics.of(measured, predicted);
        System.out.printf(Locale.ROOT, "%-18s %6d %6d %8.3f %8.2f %8.4f %8.4f %8.4f %8.4f %8.1f %9.0f %8.3f%n",
                column, split.train().size(), m.n(), m.rmseMs(), 100 * m.mape(), m.within5(), m.within10(),
                m.spearman(), m.kendall(), trainS, perS, residualLag1(rowOf, test, measured, predicted));
    }

    /**
     * The correlation of consecutive log errors, test rows taken in the table's row order. Near 0 when the errors
     * are the model's or white noise; large when neighbouring rows share an offset, as rows measured one after the
     * other do when a device drifts (clock, temperature, background load): error no architecture feature can explain.
     */
    static double residualLag1(Map<String, Integer> rowOf, List<LatencyRecord> test, double[] measured,
            double[] predicted) {
        Integer[] order = new Integer[test.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> rowOf.get(test.get(i).architecture().canonical())));
        double[] r = new double[order.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.log(predicted[order[i]] / measured[order[i]]);
        }
        return new PearsonsCorrelation().correlation(Arrays.copyOfRange(r, 0, r.length - 1),
                Arrays.copyOfRange(r, 1, r.length));
    }
}
