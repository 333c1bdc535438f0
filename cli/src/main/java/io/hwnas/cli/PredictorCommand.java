package io.hwnas.cli;

import io.hwnas.core.io.AtomicFiles;
import io.hwnas.reports.predictor.PredictorReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.data.MeasurementDatasets;
import io.hwnas.predictors.eval.Evaluator;
import io.hwnas.predictors.registry.PredictorRegistry;
import io.hwnas.predictors.spi.PredictorContext;
import io.hwnas.predictors.spi.PredictorProvider;
import io.hwnas.predictors.spi.PredictorTrainer;
import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.OnnxImporter;
import io.hwnas.predictors.kernel.GraphLatencyPredictor;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.Prediction;
import io.hwnas.predictors.store.LoadedPredictor;
import io.hwnas.predictors.store.PredictorStore;
import io.hwnas.predictors.store.RetrainOnLoad;
import io.hwnas.predictors.store.SavedPredictor;
import io.hwnas.predictors.transfer.FewShotTransfer;
import io.hwnas.predictors.transfer.TransferResult;
import io.hwnas.predictors.transfer.SpecSheet;
import io.hwnas.predictors.transfer.SpecTransfer;
import io.hwnas.predictors.transfer.SpecTransferComparison;
import io.hwnas.predictors.transfer.SpecTransferPredictor;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.profilers.trace.OrtKernelTracer;
import io.hwnas.devices.spi.DeviceProfile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predictor", mixinStandardHelpOptions = true,
        description = "Latency predictors: evaluate, train, save, predict, transfer to a new device.",
        subcommands = {
            PredictorCommand.ListPlugins.class,
            PredictorCommand.Eval.class,
            PredictorCommand.Train.class,
            PredictorCommand.Predict.class,
            PredictorCommand.Transfer.class,
            PredictorCommand.SpecTransferCommand.class,
        })
final class PredictorCommand implements Runnable {

    /** The best predictor we have; {@code predictor eval} and {@code train} use it unless told otherwise. */
    static final String DEFAULT = "weka";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static PredictorRegistry registry() {
        return PredictorRegistry.discover(PredictorCommand.class.getClassLoader());
    }

    static PredictorContext context(SearchSpace space, long seed) {
        return context(space, seed, List.of());
    }

    /**
     * The kernel predictor traces with ONNX Runtime on the devices every command knows: the built-ins, the profiles
     * in {@code $HWNAS_HOME/devices} and in each of {@code deviceDirs}, and the plugins (read on its first trace).
     */
    static PredictorContext context(SearchSpace space, long seed, List<Path> deviceDirs) {
        return PredictorContext.of(space, seed, HwnasHome.fromEnvironment().dir())
                .withTracer(new OrtKernelTracer(() -> Devices.registry(deviceDirs)));
    }

    /** Where latencies come from: a published table's column, or a device in the measurement database. */
    static final class DataSource {

        static final class Table {
            @Option(names = "--table", required = true, paramLabel = "F", description = "CSV of latencies in ms.")
            Path file;

            @Option(names = "--arch-column", required = true, paramLabel = "C",
                    description = "Column with architectures in the space's canonical form.")
            String archColumn;

            @Option(names = "--latency-column", required = true, paramLabel = "L", description = "Latency column.")
            String latencyColumn;
        }

        @ArgGroup(exclusive = false)
        Table table;

        @Option(names = "--device", paramLabel = "ID", description = "Measurements of this device in the database.")
        String device;

        LatencyDataset load(SearchSpace space, DatabaseOption database) throws Exception {
            if (table != null) {
                if (!Files.isRegularFile(table.file)) {
                    throw new IllegalArgumentException("no such table: " + table.file);
                }
                return LatencyTable.read(table.file, space, table.archColumn).dataset(table.latencyColumn);
            }
            if (!Files.exists(database.path())) {
                throw new IllegalArgumentException("no measurement database at " + database.path());
            }
            try (SqliteMeasurementStore store = database.open()) {
                return MeasurementDatasets.fromStore(store, space, device);
            }
        }
    }

    static ObjectNode evaluationJson(PredictorEvaluation e, LatencyDataset data) {
        ObjectNode o = Json.object();
        o.put("predictor", e.predictor());
        o.put("space", e.space());
        o.put("device", e.device());
        o.put("protocol", e.protocol());
        o.put("n_train", e.nTrain());
        o.put("n_test", e.nTest());
        o.put("n_skipped", data.skipped());
        o.put("rmse_ms", e.rmseMs());
        o.put("mape", e.mape());
        o.put("within5", e.within5());
        o.put("within10", e.within10());
        o.put("spearman", e.spearman());
        o.put("kendall", e.kendall());
        o.put("predict_us", e.predictUs());
        o.put("train_seconds", e.trainSeconds());
        o.put("dataset_sha256", e.datasetSha256());
        return o;
    }

    /** What {@code eval} and {@code train} both take: the space, the data, the predictor and its seed. */
    abstract static class TrainingCommand {

        @Mixin
        SpaceOption space;

        @ArgGroup(exclusive = true, multiplicity = "1", heading = "Data (one of):%n")
        DataSource data;

        @Option(names = "--predictor", paramLabel = "NAME[:OPTIONS]",
                description = "Predictor plugin and its options (default: " + DEFAULT + ", the best we have).")
        String predictor = DEFAULT;

        @Option(names = "--seed", paramLabel = "K", description = "Seed of the split and the learner (default: "
                + "${DEFAULT-VALUE}).")
        long seed = 1;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Mixin
        DatabaseOption database;

        @Spec
        CommandSpec spec;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The predictor plugins.")
    static final class ListPlugins implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (PredictorProvider p : registry().providers()) {
                out.printf("%-10s %s%s%n", p.name(), p.description(), p.name().equals(DEFAULT) ? " (default)" : "");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Train on part of the data and report the error on the rest (or k folds).")
    static final class Eval extends TrainingCommand implements Callable<Integer> {

        @Option(names = "--train-fraction", paramLabel = "F", description = "Share of rows to train on (default: "
                + "${DEFAULT-VALUE}).")
        double trainFraction = 0.8;

        @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation instead of one split.")
        Integer folds;

        @Option(names = "--report", paramLabel = "FILE", description = "Also write a report: HTML with the parity "
                + "plot (or Markdown, CSV, JSON by the file's extension).")
        Path report;

        @Override
        public Integer call() throws Exception {
            SearchSpace s = space.get();
            LatencyDataset d = data.load(s, database);
            PredictorTrainer trainer = registry().trainer(predictor, context(s, seed));
            PredictorEvaluation e = folds != null ? Evaluator.kFold(trainer, d, folds, seed)
                    : Evaluator.holdout(trainer, d, trainFraction, seed);
            PrintWriter out = spec.commandLine().getOut();
            if (report != null) {
                String text = new PredictorReport(e).render(ReportCommand.fromExtension(report));
                AtomicFiles.write(report, o -> o.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                if (!json) {
                    spec.commandLine().getErr().println("hwnas: report: " + report.toAbsolutePath());
                }
            }
            if (json) {
                out.println(Json.line(evaluationJson(e, d)));
            } else {
                out.printf(Locale.ROOT, "%s on %s (%s), %s: %d train, %d test%s%n", e.predictor(), e.device(),
                        e.space(), e.protocol(), e.nTrain(), e.nTest(),
                        d.skipped() > 0 ? ", " + d.skipped() + " rows without latency skipped" : "");
                out.printf(Locale.ROOT, "  RMSE %.4f ms   MAPE %.2f %%   within 5 %% %.3f   within 10 %% %.3f%n",
                        e.rmseMs(), 100 * e.mape(), e.within5(), e.within10());
                out.printf(Locale.ROOT, "  Spearman %.4f   Kendall %.4f   %.2f µs a prediction   trained in %.1f s%n",
                        e.spearman(), e.kendall(), e.predictUs(), e.trainSeconds());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a predictor on all the data and save it, with its provenance and training rows.")
    static final class Train extends TrainingCommand implements Callable<Integer> {

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Predictor file.")
        Path output;

        @Override
        public Integer call() throws Exception {
            SearchSpace s = space.get();
            LatencyDataset d = data.load(s, database);
            Path dir = output.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("output folder does not exist: " + dir);
            }
            long start = System.nanoTime();
            LatencyPredictor p = registry().trainer(predictor, context(s, seed)).train(d);
            double seconds = (System.nanoTime() - start) / 1e9;
            PredictorStore.save(output, RetrainOnLoad.of(p, seed, d), null);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("file", output.toString());
                o.put("predictor", p.info().spec());
                o.put("space", s.name());
                o.put("device", d.device());
                o.put("n_train", d.size());
                o.put("n_skipped", d.skipped());
                o.put("train_seconds", seconds);
                o.put("dataset_sha256", d.sha256());
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "trained %s on %d rows of %s in %.1f s; saved to %s%n", p.info().spec(),
                        d.size(), d.device(), seconds, output);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Predict the latency of an architecture, or of your own ONNX model (kernel predictor).")
    static final class Predict implements Callable<Integer> {

        @Option(names = "--model", required = true, paramLabel = "FILE", description = "A saved predictor.")
        Path model;

        static final class Target {
            @Option(names = "--arch", required = true, paramLabel = "A", description = "Architecture string.")
            String arch;

            @Option(names = "--onnx", required = true, paramLabel = "MODEL.onnx",
                    description = "An ONNX file (needs a kernel predictor).")
            Path onnx;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(model)) {
                throw new IllegalArgumentException("no such predictor file: " + model);
            }
            SavedPredictor saved = PredictorStore.read(model);
            SearchSpace s = Spaces.get(saved.space());
            PredictorRegistry registry = registry();
            LoadedPredictor loaded = PredictorStore.load(model, context(s, saved.seed()), registry::get);
            LatencyPredictor p = loaded.predictor();
            PrintWriter err = spec.commandLine().getErr();
            loaded.warnings().forEach(w -> err.println("hwnas: " + w));
            Prediction prediction;
            ObjectNode o = Json.object();
            if (target.arch != null) {
                String canonical = s.decode(target.arch).canonical();
                prediction = p.predict(s.decode(target.arch));
                o.put("arch", canonical);
            } else {
                if (!(p instanceof GraphLatencyPredictor g)) {
                    throw new IllegalArgumentException("predictor '" + saved.plugin() + "' in " + model
                            + " predicts architectures of a space, not ONNX files; train one with --predictor kernel");
                }
                if (!Files.isRegularFile(target.onnx)) {
                    throw new IllegalArgumentException("no such file: " + target.onnx);
                }
                Graph graph = OnnxImporter.read(target.onnx);
                prediction = g.predictGraph(graph);
                o.put("onnx", target.onnx.toString());
                o.put("macs", graph.cost().macs());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                o.put("latency_ms", prediction.latencyMs());
                if (prediction.hasUncertainty()) {
                    o.put("std_ms", prediction.stdMs());
                }
                o.put("predictor", p.info().spec());
                o.put("space", s.name());
                o.put("device", saved.device());
                o.put("retrained", loaded.retrained());
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "%.4f ms%s on %s (%s)%n", prediction.latencyMs(),
                        prediction.hasUncertainty() ? String.format(Locale.ROOT, " ± %.4f", prediction.stdMs()) : "",
                        saved.device(), p.info().spec());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true,
            description = "Few-shot transfer: a predictor for a new device from K of its measurements and reference "
                    + "devices with full data; reports the error on every other row.")
    static final class Transfer implements Callable<Integer> {

        @Mixin
        SpaceOption space;

        @Option(names = "--table", required = true, paramLabel = "F", description = "CSV of latencies in ms.")
        Path table;

        @Option(names = "--arch-column", required = true, paramLabel = "C", description = "Architecture column.")
        String archColumn;

        @Option(names = "--target-column", required = true, paramLabel = "T", description = "The new device.")
        String targetColumn;

        @Option(names = "--reference-columns", required = true, split = ",", paramLabel = "A,B,...",
                description = "Devices with full data.")
        List<String> referenceColumns;

        @Option(names = "--samples", paramLabel = "K", description = "Measurements of the new device (default: "
                + "${DEFAULT-VALUE}).")
        int samples = 10;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SearchSpace s = space.get();
            if (!Files.isRegularFile(table)) {
                throw new IllegalArgumentException("no such table: " + table);
            }
            LatencyTable t = LatencyTable.read(table, s, archColumn);
            TransferResult r = FewShotTransfer.builder().table(t).space(s).referenceColumns(referenceColumns)
                    .targetColumn(targetColumn).samples(samples).seed(seed).build().run();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("target", targetColumn);
                o.put("samples", samples);
                o.put("seed", seed);
                o.put("n_test", r.metrics().n());
                o.put("spearman", r.metrics().spearman());
                o.put("kendall", r.metrics().kendall());
                o.put("within10", r.metrics().within10());
                o.put("within5", r.metrics().within5());
                o.put("mape", r.metrics().mape());
                o.put("rmse_ms", r.metrics().rmseMs());
                o.putPOJO("sampled", r.sampled());
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "%s from %d samples and %s: %d other rows%n", targetColumn, samples,
                        referenceColumns, r.metrics().n());
                out.printf(Locale.ROOT, "  Spearman %.4f   Kendall %.4f   within 10 %% %.3f   MAPE %.2f %%%n",
                        r.metrics().spearman(), r.metrics().kendall(), r.metrics().within10(),
                        100 * r.metrics().mape());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "spec-transfer", mixinStandardHelpOptions = true,
            description = {"Spec-sheet transfer, evaluated: fit on K measurements of a reference device, carry the fit "
                    + "to a target device with both spec sheets, and score it on every target row beside the raw "
                    + "roofline of the target's spec and that roofline calibrated by one scale on the same K "
                    + "reference rows.",
                "Latencies come from a table (--table with --reference-column and --target-column) or from the "
                    + "measurement database (the devices' own measurements). The spec sheets come from the device "
                    + "profiles (--device-dir for your own)."})
    static final class SpecTransferCommand implements Callable<Integer> {

        @Mixin
        SpaceOption space;

        @Option(names = "--table", paramLabel = "F", description = "CSV of latencies in ms (else the database).")
        Path table;

        @Option(names = "--arch-column", paramLabel = "C", description = "Architecture column of --table (default: "
                + "${DEFAULT-VALUE}).")
        String archColumn = "arch_str";

        @Option(names = "--reference-column", paramLabel = "R", description = "The reference's column of --table.")
        String referenceColumn;

        @Option(names = "--target-column", paramLabel = "T", description = "The target's column of --table "
                + "(repeatable, one per --target-device, in the same order).")
        List<String> targetColumns = new java.util.ArrayList<>();

        @Option(names = "--reference-device", required = true, paramLabel = "ID",
                description = "The reference's device profile (its spec; its measurements without --table).")
        String referenceDevice;

        @Option(names = "--target-device", required = true, paramLabel = "ID", description = "The target's device "
                + "profile (its spec; its measurements without --table). Repeatable: each target is compared with "
                + "the same reference rows.")
        List<String> targetDevices = new java.util.ArrayList<>();

        @Option(names = "--device-dir", paramLabel = "DIR", description = "A folder of JSON device profiles, besides "
                + "$HWNAS_HOME/devices (repeatable).")
        List<Path> deviceDirs = new java.util.ArrayList<>();

        @Option(names = "--samples", paramLabel = "K", description = "Reference rows to fit on (default: "
                + "${DEFAULT-VALUE}).")
        int samples = 20;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampling (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Option(names = "--json", description = "Print one JSON object per target, a line each.")
        boolean json;

        @Mixin
        DatabaseOption database;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SearchSpace s = space.get();
            var registry = Devices.registry(deviceDirs);
            var ref = registry.get(referenceDevice);
            SpecSheet refSheet = Devices.specSheet(ref, ref.spec().orElseThrow(() -> noSpec(ref.id())));
            List<DeviceProfile> targets = new java.util.ArrayList<>();
            for (String id : targetDevices) {
                targets.add(registry.get(id));
            }
            LatencyDataset refRows;
            List<LatencyDataset> tgtRows = new java.util.ArrayList<>();
            if (table != null) {
                if (referenceColumn == null || targetColumns.size() != targetDevices.size()) {
                    throw new IllegalArgumentException("--table needs --reference-column and one --target-column per "
                            + "--target-device (" + targetDevices.size() + " devices, " + targetColumns.size()
                            + " columns)");
                }
                if (!Files.isRegularFile(table)) {
                    throw new IllegalArgumentException("no such table: " + table);
                }
                LatencyTable t = LatencyTable.read(table, s, archColumn);
                refRows = t.dataset(referenceColumn);
                for (String c : targetColumns) {
                    tgtRows.add(t.dataset(c));
                }
            } else {
                if (referenceColumn != null || !targetColumns.isEmpty()) {
                    throw new IllegalArgumentException("--reference-column and --target-column are read only with "
                            + "--table; without it the devices' measurements come from the database");
                }
                if (!Files.exists(database.path())) {
                    throw new IllegalArgumentException("no measurement database at " + database.path());
                }
                try (SqliteMeasurementStore store = database.open()) {
                    refRows = MeasurementDatasets.fromStore(store, s, ref.id());
                    for (DeviceProfile d : targets) {
                        tgtRows.add(MeasurementDatasets.fromStore(store, s, d.id()));
                    }
                }
            }
            SpecTransfer.GraphCosts costs = new SpecTransfer.GraphCosts(s, 1 << 16);
            PrintWriter out = spec.commandLine().getOut();
            for (int i = 0; i < targets.size(); i++) {
                DeviceProfile tgt = targets.get(i);
                SpecSheet tgtSheet = Devices.specSheet(tgt, tgt.spec().orElseThrow(() -> noSpec(tgt.id())));
                SpecTransferComparison c = SpecTransfer.builder().space(s).reference(refSheet).target(tgtSheet)
                        .costs(costs).build().compare(refRows, tgtRows.get(i), samples, seed);
                print(out, s, c, ref.id(), refRows, refSheet, tgt.id(), tgtRows.get(i), tgtSheet);
            }
            out.flush();
            return 0;
        }

        private void print(PrintWriter out, SearchSpace s, SpecTransferComparison c, String refId,
                LatencyDataset refRows, SpecSheet refSheet, String tgtId, LatencyDataset tgtRows,
                SpecSheet tgtSheet) {
            SpecTransferPredictor p = c.transfer();
            if (json) {
                ObjectNode o = Json.object();
                o.put("space", s.name());
                ObjectNode r = o.putObject("reference");
                r.put("device", refId);
                r.put("data", refRows.source());
                r.put("rows", refRows.size());
                r.put("peak_gflops", refSheet.peakGflops());
                r.put("bandwidth_gbs", refSheet.bandwidthGBs());
                r.put("cores", refSheet.cores());
                ObjectNode t = o.putObject("target");
                t.put("device", tgtId);
                t.put("data", tgtRows.source());
                t.put("rows", tgtRows.size());
                t.put("peak_gflops", tgtSheet.peakGflops());
                t.put("bandwidth_gbs", tgtSheet.bandwidthGBs());
                t.put("cores", tgtSheet.cores());
                o.put("samples", samples);
                o.put("seed", seed);
                ObjectNode fit = o.putObject("fit");
                fit.put("intercept_ms", p.intercept());
                fit.put("compute_weight", p.computeWeight());
                fit.put("memory_weight", p.memoryWeight());
                fit.put("per_operator_ms", p.perOperatorMs());
                fit.put("overhead_scale", p.overheadScale());
                fit.put("calibration_scale", c.calibrationScale());
                var results = o.putArray("results");
                for (SpecTransferComparison.Scored x : c.scored()) {
                    ObjectNode e = results.addObject();
                    e.put("method", x.method());
                    e.put("n", x.metrics().n());
                    e.put("mape", x.metrics().mape());
                    e.put("spearman", x.metrics().spearman());
                    e.put("kendall", x.metrics().kendall());
                    e.put("within10", x.metrics().within10());
                    e.put("within5", x.metrics().within5());
                    e.put("rmse_ms", x.metrics().rmseMs());
                    e.put("median_ratio", x.medianRatio());
                }
                o.putPOJO("sampled", c.sampled());
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "%s -> %s on %s: fitted on %d of %d reference rows (seed %d), scored on %d "
                        + "target rows%n", refId, tgtId, s.name(), samples, refRows.size(), seed, tgtRows.size());
                out.printf(Locale.ROOT, "  fit: %s%n", p.describe());
                out.printf(Locale.ROOT, "  %-38s %8s %9s %10s %13s%n", "", "MAPE", "Spearman", "within 10%",
                        "median ratio");
                for (SpecTransferComparison.Scored x : c.scored()) {
                    out.printf(Locale.ROOT, "  %-38s %7.1f%% %9.3f %10.3f %13.3f%n", x.method(),
                            100 * x.metrics().mape(), x.metrics().spearman(), x.metrics().within10(),
                            x.medianRatio());
                }
            }
        }

        private static IllegalArgumentException noSpec(String id) {
            return new IllegalArgumentException("device " + id + " states no spec-sheet figures (peak GFLOP/s and "
                    + "memory bandwidth); give it a JSON profile with a spec (see bench/devices/)");
        }
    }
}
