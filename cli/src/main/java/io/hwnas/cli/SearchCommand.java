package io.hwnas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.ConfiguredExitShares;
import io.hwnas.core.search.ExitShares;
import io.hwnas.core.search.ExpectedLatencyOracle;
import io.hwnas.core.search.InnerAccuracyOracle;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.MeasuredOracle;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.onnx.ExportedModel;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.TransformerSpace;
import io.hwnas.core.objective.ScalingLaw;
import io.hwnas.core.objective.ScalingLawOracle;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.exits.EarlyExitOracle;
import io.hwnas.training.oracle.TrainingOracle;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import io.hwnas.core.table.ArchTable;
import io.hwnas.devices.registry.DeviceRegistry;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.spi.PredictorContext;
import java.util.OptionalDouble;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.predictors.loop.PredictedOracle;
import io.hwnas.predictors.loop.PredictorInLoopOracle;
import io.hwnas.predictors.loop.SpecTransferOracle;
import io.hwnas.predictors.data.LatencyRecord;
import io.hwnas.predictors.transfer.SpecTransfer;
import io.hwnas.predictors.store.LoadedPredictor;
import io.hwnas.predictors.store.PredictorStore;
import io.hwnas.profilers.measure.CachingMeasurer;
import io.hwnas.profilers.ort.OrtProfiler;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import io.hwnas.reports.search.SearchReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The main job: a multi-objective search for the most accurate architectures within a device's budget. Latency
 * comes from a device (a predictor trained on real measurements, kept honest by measuring the candidates that
 * matter: the default), from a published table, or from a saved predictor. Every generation is checkpointed in the
 * run directory; {@code --resume DIR} continues a killed run.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search for the architectures with the best accuracy within a device's latency and memory "
                + "budget (a Pareto front of accuracy against latency).",
            "With no arguments: nb201, CIFAR-10 accuracy from the shipped NAS-Bench-201 table, latency measured on "
                + "this machine's CPU (cpu-1t) with the default predictor in the loop, and a latency budget at the "
                + "median of the warm-up sample."})
final class SearchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every profile measured in this process runs on this machine: one queue, so they never overlap. */
    private static final String LOCAL_QUEUE = "this-machine";

    @Option(names = "--space", paramLabel = "S", description = "Search space (default: ${DEFAULT-VALUE}).")
    String space = "nb201";

    @Option(names = "--accuracy", paramLabel = "ORACLE", description = "Accuracy oracle: nb201:cifar10|cifar100|"
            + "imagenet16 (200 epochs), nb201-12ep:cifar10|cifar100|imagenet16 (12 epochs, validation; -test for the "
            + "test split), table (with --accuracy-table), train:mnist|train:digits (every candidate trained with "
            + "DJL on this CPU, its validation accuracy used; see Training), or for transformer scaling:chinchilla|"
            + "scaling:epoch (minus the loss a scaling law predicts). Default: nb201:cifar10 on nb201, "
            + "scaling:chinchilla on transformer.")
    String accuracy;

    @Option(names = "--tokens", paramLabel = "N", description = "Training tokens of every candidate for a scaling:LAW "
            + "oracle (default: --tokens-per-param times its parameters).")
    Double tokens;

    @Option(names = "--tokens-per-param", paramLabel = "R", description = "Training tokens per parameter when "
            + "--tokens is not given (default: ${DEFAULT-VALUE}, Hoffmann et al.'s compute-optimal ratio).")
    double tokensPerParam = 20;

    @Option(names = "--graph", paramLabel = "G", description = "Which of the space's graphs is measured and costed: "
            + "transformer's prefill (default) or decode (one token with the KV cache).")
    String graph;

    @Option(names = "--accuracy-table", paramLabel = "F", description = "CSV of accuracies (in %%) for --accuracy table.")
    Path accuracyTable;

    @Option(names = "--accuracy-column", paramLabel = "A", description = "Accuracy column of --accuracy-table.")
    String accuracyColumn;

    @Option(names = "--arch-column", paramLabel = "C",
            description = "Architecture column of the tables (default: ${DEFAULT-VALUE}).")
    String archColumn = "arch_str";

    @Option(names = "--device", paramLabel = "ID", description = "Device to measure on (repeatable; default "
            + "cpu-1t when no --latency-table is given).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--device-dir", paramLabel = "DIR", description = "A folder of JSON device profiles, besides "
            + "$HWNAS_HOME/devices (repeatable).")
    List<Path> deviceDirs = new ArrayList<>();

    @Option(names = "--latency", paramLabel = "MODE", description = "How device latency is known: loop (a predictor "
            + "trained on measurements, the candidates on or near the front and budget measured each generation), "
            + "measured (every candidate measured), predicted (a saved predictor, --predictor-model). Default: "
            + "${DEFAULT-VALUE}.")
    String latencyMode = "loop";

    @Option(names = "--predictor", paramLabel = "SPEC",
            description = "Predictor in the loop (default: ${DEFAULT-VALUE}).")
    String predictor = PredictorCommand.DEFAULT;

    @Option(names = "--predictor-model", paramLabel = "F",
            description = "Saved predictor for --latency predicted, one per --device, in the same order.")
    List<Path> predictorModels = new ArrayList<>();

    @Option(names = "--warmup-samples", paramLabel = "N", description = "Random architectures measured before the "
            + "search to train the first predictor (default: ${DEFAULT-VALUE}).")
    int warmupSamples = 20;

    @Option(names = "--measure-per-generation", paramLabel = "K", description = "Candidates measured for real "
            + "each generation in loop mode (default: ${DEFAULT-VALUE}).")
    int measurePerGeneration = 4;

    @Option(names = "--spec-reference", paramLabel = "ID", description = "For a spec-sheet device (method spec, "
            + "e.g. rpi5): the measured device whose --warmup-samples measurements (and, when it is one of --device, "
            + "every measurement the search takes on it) are carried over with both spec sheets; none: the raw "
            + "roofline of the spec sheet (default: ${DEFAULT-VALUE}).")
    String specReference = "cpu-1t";

    @Option(names = "--latency-table", paramLabel = "F", description = "CSV of published latencies in ms.")
    Path latencyTable;

    @Option(names = "--latency-column", paramLabel = "L",
            description = "Latency column of --latency-table (repeatable: one device each).")
    List<String> latencyColumns = new ArrayList<>();

    @Option(names = "--objective", paramLabel = "NAME", description = "Extra objective to minimise (repeatable): "
            + "params, flops, peak_memory_mb, model_size_mb, memory_mb.")
    List<String> objectives = new ArrayList<>();

    @Option(names = "--budget", paramLabel = "EXPR", description = "Hardware budget, a constraint (repeatable): "
            + "'latency_ms<=5', 'params<=1e6', 'cpu-1t:latency_ms<=3'. Default with measured devices: latency at "
            + "most the median of the warm-up sample on the first device.")
    List<String> budgets = new ArrayList<>();

    @Option(names = "--no-budget", description = "No default budget.")
    boolean noBudget;

    @Option(names = "--evaluations", paramLabel = "N",
            description = "Distinct architectures to evaluate (default: ${DEFAULT-VALUE}).")
    int evaluations = 1000;

    @Option(names = "--algorithm", paramLabel = "A",
            description = "nsga2, nsga3 (three or more objectives), random or regevo (default: ${DEFAULT-VALUE}).")
    String algorithm = "nsga2";

    @Option(names = "--population", paramLabel = "P", description = "Population (default: ${DEFAULT-VALUE}).")
    int population = 30;

    @Option(names = "--regevo-sample", paramLabel = "S",
            description = "Tournament size of regevo (default: ${DEFAULT-VALUE}).")
    int regevoSample = 10;

    @Option(names = "--seed", paramLabel = "K", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--weights-seed", paramLabel = "K", description = "Seed of the measured models' random "
            + "weights (default: ${DEFAULT-VALUE}).")
    long weightsSeed = ExportedModel.DEFAULT_WEIGHTS_SEED;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default: $HWNAS_HOME/runs/search-<UTC time>).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last "
            + "checkpoint, with its configuration (options given again must not differ).")
    Path resume;

    @Option(names = "--export-front", description = "Write the front's models as ONNX into DIR/front-onnx/.")
    boolean exportFront;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @CommandLine.Mixin
    DatabaseOption database;

    @ArgGroup(exclusive = false, heading = "Measurement plan:%n")
    PlanOptions plan = new PlanOptions();

    @ArgGroup(exclusive = false, heading = "Training (with --accuracy train:DATASET):%n")
    TrainingOptions training = new TrainingOptions();

    @ArgGroup(exclusive = false, heading = "Where candidates are trained (with --accuracy train:DATASET):%n")
    ExecutorOptions executor = new ExecutorOptions();

    @Option(names = "--exit-shares", paramLabel = "S,..", description = "For an early-exit space (nb201-ee, "
            + "mbv3-ee) whose accuracy is not trained: the share of inputs leaving at each exit position and at the "
            + "final classifier, e.g. 0.3,0.2,0.5 for nb201-ee (an exit that is off passes its share on to the next). "
            + "Accuracy is then the network's without exits, assumed unchanged by them. With --accuracy "
            + "train:DATASET the shares are measured instead: each threshold's policy on the validation split.")
    String exitShares;

    @Option(names = "--final-epochs", paramLabel = "N", description = "Successive halving with --accuracy "
            + "train:DATASET: every candidate gets the short budget (--epochs or --steps), the final front's members "
            + "are trained again for N epochs, and the front is found again with those accuracies.")
    Integer finalEpochs;

    @Spec
    CommandSpec spec;

    /** The early-exit space searched, or null; and where its shares come from (set with the accuracy oracle). */
    private EarlyExitSpace exits;
    private ExitShares shares;

    /** Options that are not configuration (where files go, how to print): never compared on resume. */
    private static final List<String> NOT_CONFIG = List.of("--out", "--resume", "--json", "--export-front", "--db",
            "--training-db", "--training-threads", "--help", "--version", "-h", "-V");

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resumeRun();
        }
        return execute(false);
    }

    /**
     * Rebuilds the command from the run's manifest, the options given now taking the place of the stored ones
     * (the search then refuses them if they differ), and runs it in the same directory.
     */
    private int resumeRun() throws Exception {
        if (out != null) {
            throw new IllegalArgumentException("--resume DIR continues the run in DIR; do not give --out as well");
        }
        Path manifest = resume.resolve(RunFiles.MANIFEST);
        if (!Files.isRegularFile(manifest) || !SearchRun.hasCheckpoint(resume)) {
            throw new IllegalArgumentException("--resume " + resume + ": no search run there (no " + RunFiles.MANIFEST
                    + " and checkpoint)");
        }
        JsonNode config = JSON.readTree(manifest.toFile()).path("config");
        ParseResult given = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String flag = e.getKey();
            if (!flag.startsWith("--") || given.hasMatchedOption(flag) || NOT_CONFIG.contains(flag)) {
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> {
                    args.add(flag);
                    args.add(x.asText());
                });
            } else if (v.isBoolean()) {
                if (v.asBoolean()) {
                    args.add(flag);
                }
            } else if (!v.isNull()) {
                args.add(flag);
                args.add(v.asText());
            }
        }
        for (OptionSpec o : given.matchedOptions()) {
            String name = o.longestName();
            if (name.equals("--resume") || name.equals("--verbose")) {
                continue;
            }
            if (o.arity().max() == 0) {
                args.add(name);
                continue;
            }
            for (String v : o.originalStringValues()) {
                args.add(name);
                args.add(v);
            }
        }
        SearchCommand again = new SearchCommand();
        CommandLine cl = new CommandLine(again);
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        cl.parseArgs(args.toArray(String[]::new));
        again.spec = cl.getCommandSpec();
        again.out = resume;
        return again.execute(true);
    }

    private int execute(boolean resuming) throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SearchSpace s = Spaces.get(space);
        String dataset = trainDataset();
        if (dataset != null) {
            // The networks measured, costed and exported are the ones trained: the dataset's input and classes.
            ImageDataset d = Datasets.get(dataset);
            s = new BoundSpace(s, GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                    .classes(d.classes()), dataset, graph == null ? "" : graph);
        } else if (graph != null && !graph.isEmpty()) {
            s = BoundSpace.graph(s, graph);
        }
        exits = EarlyExitSpace.of(s).orElse(null);
        checkExits();
        Path dir = out != null ? out : HwnasHome.fromEnvironment().dir().resolve("runs").resolve("search-"
                + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (!resuming && (Files.exists(dir.resolve(RunFiles.MANIFEST)) || SearchRun.hasCheckpoint(dir))) {
            throw new IllegalArgumentException("--out " + dir + " already holds a search run; continue it with "
                    + "--resume " + dir + ", or choose another --out");
        }
        check();
        executor.check();
        try (SqliteTrainingStore trainings = dataset != null ? training.open() : null) {
            return execute(s, dir, trainings, stdout, err);
        }
    }

    private int execute(SearchSpace s, Path dir, SqliteTrainingStore trainings, PrintWriter stdout, PrintWriter err)
            throws Exception {
        // PyTorch's threads are fixed once per process: settled before the executor, whose tasks take them.
        DjlTrainer trainer = trainings == null ? null : training.trainer(executor.trainingThreads(training.threads));
        if (trainer == null && !executor.local()) {
            if (!json) {
                err.println("hwnas: note: --executor " + executor.executor + ": this accuracy oracle has no "
                        + "per-candidate work to hand out (only training has), so the search runs here alone");
            }
        }
        try (EvaluationExecutor exec = trainer == null ? LocalExecutor.sequential()
                : executor.open(trainer.engine().threads())) {
            if (!json && trainer != null && !(executor.local() && executor.workers == 1)) {
                err.println("hwnas: candidates are trained on " + exec.description() + ", "
                        + trainer.engine().threads() + " PyTorch thread" + (trainer.engine().threads() == 1 ? ""
                        : "s") + " each");
            }
            return execute(s, dir, trainings, trainer, exec, stdout, err);
        }
    }

    private int execute(SearchSpace s, Path dir, SqliteTrainingStore trainings, DjlTrainer trainer,
            EvaluationExecutor exec, PrintWriter stdout, PrintWriter err) throws Exception {
        SearchSetup.Builder b = SearchSetup.builder().space(s).accuracy(accuracyOracle(s, trainings, trainer, err))
                .executor(exec)
                .algorithm(algorithm)
                .evaluations(evaluations).population(population).regevoSample(regevoSample).seed(seed)
                .measurePerGeneration(measurePerGeneration).out(dir);
        for (String o : objectives) {
            b.objective(objective(o));
        }
        List<Budget> parsed = new ArrayList<>();
        for (String e : budgets) {
            parsed.add(Budget.parse(e));
        }
        List<String> deviceIds = new ArrayList<>(devices);
        if (deviceIds.isEmpty() && latencyTable == null) {
            deviceIds.add("cpu-1t");
        }
        // Profiles are read only when devices are asked for: a table-only search does not depend on them.
        DeviceRegistry registry = deviceIds.isEmpty() ? null : Devices.registry(deviceDirs);
        boolean anySpec = deviceIds.stream().anyMatch(d -> registry.get(d).method() == MeasuringMethod.SPEC);
        DeviceProfile reference = anySpec ? specReference(registry) : null;
        Path tmpDir = Files.createTempDirectory("hwnas-search");
        boolean measures = reference != null || !latencyMode.equals("predicted") && deviceIds.stream().anyMatch(
                d -> registry.get(d).method() != MeasuringMethod.SPEC);
        try (SqliteMeasurementStore store = measures ? database.open() : null) {
            OrtProfiler profiler = store == null ? null : new OrtProfiler();
            Map<String, Double> warmupMedians = new LinkedHashMap<>();
            List<CachingMeasurer> measurers = new ArrayList<>();
            // The measured devices first, so that a spec-sheet device can follow its reference's oracle; then the
            // oracles in the order of --device.
            LatencyOracle[] oracles = new LatencyOracle[deviceIds.size()];
            Map<String, PredictorInLoopOracle> loops = new LinkedHashMap<>();
            for (int i = 0; i < deviceIds.size(); i++) {
                DeviceProfile d = registry.get(deviceIds.get(i));
                if (d.method() != MeasuringMethod.SPEC) {
                    oracles[i] = deviceOracle(s, d, i, store, profiler, tmpDir, err, warmupMedians, measurers);
                    if (oracles[i] instanceof PredictorInLoopOracle loop) {
                        loops.put(d.id(), loop);
                    }
                }
            }
            SpecReferenceRows referenceRows = new SpecReferenceRows();
            for (int i = 0; i < deviceIds.size(); i++) {
                DeviceProfile d = registry.get(deviceIds.get(i));
                if (d.method() == MeasuringMethod.SPEC) {
                    oracles[i] = specOracle(s, d, reference, loops, referenceRows, store, profiler, tmpDir, err);
                }
            }
            for (LatencyOracle o : oracles) {
                b.latency(o);
            }
            if (latencyTable != null) {
                ArchTable t = ArchTable.read(latencyTable, s, archColumn);
                for (String c : latencyColumns) {
                    b.latency(TableOracles.latency(t, c));
                }
            }
            String defaultBudgetNote = null;
            if (parsed.isEmpty() && !noBudget && !warmupMedians.isEmpty()) {
                // The first device measured (a spec-sheet device has no warm-up sample of its own).
                Map.Entry<String, Double> first = warmupMedians.entrySet().iterator().next();
                double median = first.getValue();
                // An early-exit network's warm-up measures its whole network: the budget is on the worst case.
                Budget auto = new Budget(first.getKey(), exits != null ? Metric.WORST_LATENCY_MS : Metric.LATENCY_MS,
                        Budget.Comparison.AT_MOST, Math.round(median * 1000) / 1000.0);
                parsed.add(auto);
                defaultBudgetNote = auto + " (the median latency of the " + warmupSamples + " warm-up architectures"
                        + (exits != null ? "' whole networks" : "") + "; --budget sets your own, --no-budget none)";
            }
            parsed.forEach(b::budget);
            settings(b, parsed, anySpec);
            if (profiler != null) {
                // Measurements depend on the runtime: a resume under another ONNX Runtime is refused.
                b.setting("onnxruntime", profiler.ortVersion());
            }
            SearchSetup setup = b.build();
            if (!json && defaultBudgetNote != null) {
                err.println("hwnas: budget " + defaultBudgetNote);
            }
            if (setup.algorithm().equals("nsga3") && setup.objectives().size() < 3) {
                err.println("hwnas: note: nsga3 is made for three or more objectives; with "
                        + setup.objectives().size() + " nsga2 is the usual choice (add --objective or a device)");
            }
            SearchResult r;
            try (Progress progress = Progress.create("search " + s.name(), evaluations, err)) {
                int[] done = {0};
                r = SearchRun.run(setup, new SearchListener() {
                    @Override
                    public void generation(GenerationStats g, int target) {
                        int step = Math.min(g.evaluations(), target) - done[0];
                        done[0] += Math.max(step, 0);
                        progress.advance(Math.max(step, 0), String.format(Locale.ROOT,
                                "gen %d: hv %.4f, front %d%s", g.generation(), g.hypervolume(), g.frontSize(),
                                g.measured() > 0 ? ", measured " + g.measured() : ""));
                    }

                    @Override
                    public void message(String line) {
                        err.println("hwnas: " + line);
                        err.flush();
                    }
                });
            }
            if (exportFront) {
                exportFront(s, r, err);
            }
            Path report = ReportCommand.write(new SearchReport(RunDirectory.load(dir), List.of()), "html",
                    dir.resolve("report.html"));
            if (json) {
                ObjectNode o = RunFiles.frontJson(r);
                o.put("report", report.toAbsolutePath().toString());
                stdout.println(Json.line(o));
            } else {
                summarise(stdout, r, measurers, List.copyOf(referenceRows.measurers.values()));
                stdout.printf("report: %s%n", report.toAbsolutePath());
            }
            stdout.flush();
            if (!r.feasible()) {
                err.println("hwnas: no candidate of " + r.candidates().size() + " meets the budgets "
                        + setup.constraints() + "; the closest: " + closest(r));
                err.flush();
                return Errors.BAD_INPUT;
            }
            return 0;
        } finally {
            CachingMeasurer.deleteScratch(tmpDir);
        }
    }

    /**
     * An early-exit space measures every exit's path for every candidate (the expected latency is a sum of real
     * measurements) and needs its shares from training or from --exit-shares.
     */
    private void checkExits() {
        if (exits == null) {
            if (exitShares != null) {
                throw new IllegalArgumentException("--exit-shares is for an early-exit space (nb201-ee, mbv3-ee), not "
                        + space);
            }
            return;
        }
        if (trainDataset() != null && exitShares != null) {
            throw new IllegalArgumentException("--exit-shares: with --accuracy " + accuracy + " each candidate's shares "
                    + "are measured on the validation split (its thresholds' policy); give one or the other");
        }
        if (trainDataset() == null && exitShares == null) {
            throw new IllegalArgumentException("space " + space + " needs to know where inputs leave: --accuracy "
                    + "train:mnist (or train:digits) measures it for each candidate's thresholds on the validation "
                    + "split, or --exit-shares S,.. (one per exit " + exits.exits() + " and the final classifier) "
                    + "configures it");
        }
        if (finalEpochs != null) {
            throw new IllegalArgumentException("--final-epochs is not supported with an early-exit space yet: the "
                    + "longer training would change the shares, and so the expected latency");
        }
        if (latencyTable != null) {
            throw new IllegalArgumentException("--latency-table: a published table has no latencies of each exit's "
                    + "path; an early-exit space measures them (--device)");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--latency") && !latencyMode.equals("measured")) {
            throw new IllegalArgumentException("--latency " + latencyMode + ": an early-exit space measures each "
                    + "exit's path for every candidate (--latency measured); its expected latency is a sum of real "
                    + "measurements");
        }
        latencyMode = "measured";
        if (exitShares != null) {
            shares = ConfiguredExitShares.parse(exits, exitShares);
        }
    }

    private void check() {
        if (finalEpochs != null && trainDataset() == null) {
            throw new IllegalArgumentException("--final-epochs promotes trained candidates; it needs --accuracy "
                    + "train:DATASET");
        }
        if (finalEpochs != null && finalEpochs < 1) {
            throw new IllegalArgumentException("--final-epochs must be >= 1, but was " + finalEpochs);
        }
        if (!List.of("loop", "measured", "predicted").contains(latencyMode)) {
            throw new IllegalArgumentException("unknown --latency '" + latencyMode + "'; known: loop, measured, "
                    + "predicted");
        }
        if (latencyTable == null && !latencyColumns.isEmpty()) {
            throw new IllegalArgumentException("--latency-column needs --latency-table");
        }
        if (latencyTable != null && latencyColumns.isEmpty()) {
            throw new IllegalArgumentException("--latency-table needs at least one --latency-column");
        }
        if (latencyMode.equals("predicted") && predictorModels.size() != Math.max(devices.size(), 1)) {
            throw new IllegalArgumentException("--latency predicted needs one --predictor-model per --device ("
                    + devices.size() + " devices, " + predictorModels.size() + " models)");
        }
        if (warmupSamples < 3) {
            throw new IllegalArgumentException("--warmup-samples must be >= 3, but was " + warmupSamples);
        }
    }

    private static Metric objective(String name) {
        Metric m;
        try {
            m = Metric.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown objective '" + name + "'; known: params, flops, "
                    + "peak_memory_mb, model_size_mb, memory_mb (accuracy and latency are always objectives)");
        }
        if (!m.fromGraph()) {
            throw new IllegalArgumentException("--objective " + name + ": accuracy and latency are always "
                    + "objectives; extra ones are params, flops, peak_memory_mb, model_size_mb, memory_mb");
        }
        return m;
    }

    /** The dataset of {@code --accuracy train:DATASET}, or null. */
    private String trainDataset() {
        if (accuracy == null || !accuracy.startsWith("train:")) {
            return null;
        }
        String d = accuracy.substring("train:".length());
        if (!Datasets.NAMES.contains(d)) {
            throw new IllegalArgumentException("unknown dataset in --accuracy " + accuracy + "; known: "
                    + Datasets.NAMES.stream().map(n -> "train:" + n).toList());
        }
        return d;
    }

    /** Where a training ran, when it did not run here one at a time: " on spark executor 3 on node-7, attempt 2". */
    private String where(TrainingResult r) {
        String on = r.provenance().get("ran_on");
        if (on == null || executor.local() && executor.workers == 1) {
            return "";
        }
        String attempts = r.provenance().getOrDefault("attempts", "1");
        return " on " + on + (attempts.equals("1") ? "" : ", attempt " + attempts);
    }

    private AccuracyOracle accuracyOracle(SearchSpace s, SqliteTrainingStore trainings, DjlTrainer trainer,
            PrintWriter err) throws IOException {
        if (exits != null && trainings == null) {
            // Nothing trained: the network without its exits, by the inner space's oracle (a NAS-Bench-201 table).
            return new InnerAccuracyOracle(tableOracle(exits.inner()), exits);
        }
        if (exits != null) {
            EarlyExitOracle o = new EarlyExitOracle(trainingOracle(s, trainings, trainer, err), exits);
            shares = o;
            return o;
        }
        if (trainings != null) {
            return trainingOracle(s, trainings, trainer, err);
        }
        return tableOracle(s);
    }

    /** An oracle that trains nothing: a table, a scaling law. */
    private AccuracyOracle tableOracle(SearchSpace s) throws IOException {
        String name = accuracy != null ? accuracy : s.name().equals("nb201") ? "nb201:cifar10"
                : s.name().equals(TransformerSpace.NAME) ? "scaling:chinchilla" : null;
        if (name == null) {
            throw new IllegalArgumentException("--accuracy is needed for space '" + s.name() + "': hwnas ships "
                    + "accuracies for nb201 only; train each candidate with --accuracy train:mnist (or "
                    + "train:digits), or give your own table with --accuracy table --accuracy-table F "
                    + "--accuracy-column A");
        }
        if (name.equals("table")) {
            if (accuracyTable == null || accuracyColumn == null) {
                throw new IllegalArgumentException("--accuracy table needs --accuracy-table F and --accuracy-column A");
            }
            return TableOracles.accuracy(ArchTable.read(accuracyTable, s, archColumn), accuracyColumn);
        }
        if (accuracyTable != null) {
            throw new IllegalArgumentException("--accuracy-table is read only with --accuracy table");
        }
        if (name.startsWith("scaling:")) {
            SearchSpace inner = s instanceof BoundSpace bs ? bs.inner() : s;
            if (!(inner instanceof TransformerSpace)) {
                throw new IllegalArgumentException("--accuracy " + name + " predicts a language model's loss; it "
                        + "needs --space transformer, not " + s.name());
            }
            // N is the model's parameters, the same whichever graph is measured.
            return new ScalingLawOracle(inner, ScalingLaw.named(name.substring("scaling:".length())),
                    tokens == null ? 0 : tokens, tokensPerParam);
        }
        if (tokens != null) {
            throw new IllegalArgumentException("--tokens is for a scaling:LAW accuracy oracle");
        }
        if (name.startsWith("nb201")) {
            return TableOracles.nb201(name, s);
        }
        throw new IllegalArgumentException("unknown accuracy oracle '" + name + "'; known: "
                + TableOracles.knownNb201() + ", table, train:mnist, train:digits, scaling:chinchilla, scaling:epoch");
    }

    private TrainingOracle trainingOracle(SearchSpace s, SqliteTrainingStore trainings, DjlTrainer trainer,
            PrintWriter err) {
        SearchSpace inner = s instanceof BoundSpace bs ? bs.inner() : s;
        TrainingService service = new TrainingService(inner, Datasets.get(trainDataset()), training.config(),
                seed, trainings, trainer, true);
        TrainingService promotion = finalEpochs == null ? null : new TrainingService(inner,
                Datasets.get(trainDataset()), training.config().toBuilder().epochs(finalEpochs).build(), seed,
                trainings, trainer, true);
        int[] count = {0};
        return new TrainingOracle(service, promotion, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                count[0]++;
                if (!json) {
                    err.println(r.failed()
                            ? String.format(Locale.ROOT, "hwnas: training %d failed: %s: %s", count[0],
                                    a.canonical(), r.failure())
                            : String.format(Locale.ROOT, "hwnas: trained %d: validation %.2f %% in %.1f s "
                                    + "(%.0f images/s)%s: %s", count[0], 100 * r.validationAccuracy(),
                                    r.trainSeconds(), r.imagesPerSecond(), where(r), a.canonical()));
                    err.flush();
                }
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        });
    }

    /**
     * The reference of the search's spec-sheet devices, checked before anything is measured: a device hwnas can
     * measure here that states its own spec-sheet figures; {@code null} for {@code --spec-reference none}.
     */
    private DeviceProfile specReference(DeviceRegistry registry) {
        if (specReference.equals("none")) {
            return null;
        }
        DeviceProfile ref;
        try {
            ref = registry.get(specReference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spec-reference: " + e.getMessage() + "; or none for the raw "
                    + "roofline");
        }
        if (ref.method() == MeasuringMethod.SPEC) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " is a spec sheet itself; the reference "
                    + "must be a device hwnas measures (cpu-1t, cpu, a remote or adb profile), or none for the raw "
                    + "roofline");
        }
        if (!ref.availability().available()) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " cannot be used here: "
                    + ref.availability().reason());
        }
        if (ref.spec().isEmpty()) {
            throw new IllegalArgumentException("--spec-reference " + ref.id() + " states no spec-sheet figures (peak "
                    + "GFLOP/s and memory bandwidth), which the transfer to a spec-sheet device needs: give the "
                    + "reference a JSON profile with a spec, or use --spec-reference none for the raw roofline");
        }
        return ref;
    }

    /** The reference's warm-up measurements, taken once for all the spec-sheet devices that need them. */
    private static final class SpecReferenceRows {
        final Map<String, CachingMeasurer> measurers = new LinkedHashMap<>();
        final Map<String, LatencyDataset> rows = new LinkedHashMap<>();
    }

    private static String figures(DeviceSpec spec) {
        return String.format(Locale.ROOT, "%.4g GFLOP/s, %.4g GB/s", spec.peakGflops(), spec.memoryBandwidthGBs());
    }

    /**
     * Nothing to measure on a spec sheet: its latency is transferred from the reference's measurements with both
     * spec sheets ({@link SpecTransfer}), or with {@code --spec-reference none} a roofline from its figures; marked
     * as predicted only either way.
     */
    private LatencyOracle specOracle(SearchSpace s, DeviceProfile device, DeviceProfile reference,
            Map<String, PredictorInLoopOracle> loops, SpecReferenceRows done, SqliteMeasurementStore store,
            OrtProfiler profiler, Path tmpDir, PrintWriter err) {
        DeviceSpec spec = device.spec().orElseThrow();
        if (reference == null) {
            PredictorContext ctx = new PredictorContext(s, seed, HwnasHome.fromEnvironment().dir(),
                    OptionalDouble.of(spec.peakGflops()), OptionalDouble.of(spec.memoryBandwidthGBs()));
            LatencyPredictor roofline = PredictorCommand.registry().trainer("roofline", ctx).train(
                    new LatencyDataset(s.name(), device.id(), "spec sheet of " + device.id(), List.of(), 0));
            return new PredictedOracle(device.id(), roofline, "roofline from the spec sheet ("
                    + spec.peakGflops() + " GFLOP/s, " + spec.memoryBandwidthGBs() + " GB/s; " + spec.source()
                    + "); predicted only, nothing measured", "spec");
        }
        DeviceSpec refSpec = reference.spec().orElseThrow();
        SpecTransfer transfer = SpecTransfer.builder().space(s).reference(Devices.specSheet(reference, refSpec))
                .target(Devices.specSheet(device, spec)).build();
        PredictorInLoopOracle loop = loops.get(reference.id());
        String how = loop != null ? "its warm-up sample and every measurement the search takes there"
                : "a warm-up sample of " + warmupSamples + " architectures";
        String source = "transferred from " + reference.id() + " measurements (" + how + ") with the spec sheets of "
                + reference.id() + " (" + figures(refSpec) + ") and " + device.id() + " (" + figures(spec) + "; "
                + spec.source() + "); predicted only, nothing measured on " + device.id();
        if (loop != null) {
            return SpecTransferOracle.following(device.id(), transfer, loop, source);
        }
        LatencyDataset rows = done.rows.get(reference.id());
        if (rows == null) {
            CachingMeasurer m = DeviceMeasurer.of(s, reference, profiler, store, plan.plan(), weightsSeed, tmpDir,
                    err);
            done.measurers.put(reference.id(), m);
            List<LatencyRecord> records = warmUp(m, Spaces.sampleDistinct(s, warmupSamples, seed),
                    "warm-up on " + reference.id() + " (reference of " + device.id() + ")", err);
            rows = new LatencyDataset(s.name(), reference.id(), "warm-up sample measured on " + reference.id(),
                    records, 0);
            done.rows.put(reference.id(), rows);
        }
        return SpecTransferOracle.fixed(device.id(), transfer, reference.id(), rows, source);
    }

    private LatencyOracle deviceOracle(SearchSpace s, DeviceProfile device, int index, SqliteMeasurementStore store,
            OrtProfiler profiler, Path tmpDir, PrintWriter err, Map<String, Double> warmupMedians,
            List<CachingMeasurer> measurers) throws IOException {
        // This machine's profiles share one measuring queue; each remote device is a queue of its own.
        String queue = device.method() == MeasuringMethod.LOCAL ? LOCAL_QUEUE : device.id();
        if (!device.availability().available()) {
            throw new IllegalArgumentException("device " + device.id() + " cannot be used here: "
                    + device.availability().reason());
        }
        if (latencyMode.equals("predicted")) {
            LoadedPredictor p = PredictorStore.load(predictorModels.get(index),
                    PredictorCommand.context(s, seed, deviceDirs), PredictorCommand.registry()::get);
            return new PredictedOracle(device.id(), p.predictor(), "saved predictor " + predictorModels.get(index));
        }
        CachingMeasurer m = DeviceMeasurer.of(s, device, profiler, store, plan.plan(), weightsSeed, tmpDir, err);
        measurers.add(m);
        List<Architecture> warm = Spaces.sampleDistinct(s, warmupSamples, seed);
        if (latencyMode.equals("measured")) {
            List<Double> ms = warmUp(m, warm, "warm-up on " + device.id(), err).stream()
                    .map(LatencyRecord::latencyMs).toList();
            if (ms.isEmpty()) {
                throw new IllegalStateException("no warm-up measurement on " + device.id() + " succeeded");
            }
            warmupMedians.put(device.id(), median(ms));
            if (exits != null) {
                // Every exit's path and the whole network, measured for every candidate, weighed by its shares.
                return new ExpectedLatencyOracle(device.id(), exits, m, shares, queue);
            }
            return new MeasuredOracle(device.id(), m, queue);
        }
        PredictorInLoopOracle o;
        try (Progress p = Progress.create("warm-up on " + device.id(), warm.size(), err)) {
            m.onMeasured(p::step);
            o = PredictorInLoopOracle.start(device.id(), s, predictor, PredictorCommand.registry().trainer(predictor,
                    PredictorCommand.context(s, seed, deviceDirs)), m, warm);
        }
        m.onMeasured(x -> {});
        warmupMedians.put(device.id(), median(o.warmupLatencies()));
        return o.inQueue(queue);
    }

    /** Measures {@code warm} on {@code m} with a progress bar: the measurements that succeeded, in order. */
    private static List<LatencyRecord> warmUp(CachingMeasurer m, List<Architecture> warm, String label,
            PrintWriter err) {
        List<LatencyRecord> records = new ArrayList<>();
        try (Progress p = Progress.create(label, warm.size(), err)) {
            m.onMeasured(p::step);
            for (Architecture a : warm) {
                m.measure(a).ifPresent(ms -> records.add(new LatencyRecord(a, ms)));
            }
        }
        m.onMeasured(x -> {});
        return records;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The configuration as options, for the manifest and for rebuilding the command on resume. */
    private void settings(SearchSetup.Builder b, List<Budget> resolvedBudgets, boolean hasSpecDevice) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("--space", space);
        if (accuracy != null) {
            m.put("--accuracy", accuracy);
        }
        if (accuracyTable != null) {
            m.put("--accuracy-table", accuracyTable.toAbsolutePath().toString());
            m.put("--accuracy-column", accuracyColumn);
        }
        m.put("--arch-column", archColumn);
        m.put("--device", List.copyOf(devices));
        m.put("--device-dir", deviceDirs.stream().map(p -> p.toAbsolutePath().toString()).toList());
        m.put("--latency", latencyMode);
        m.put("--predictor", predictor);
        m.put("--predictor-model", predictorModels.stream().map(p -> p.toAbsolutePath().toString()).toList());
        m.put("--warmup-samples", warmupSamples);
        m.put("--measure-per-generation", measurePerGeneration);
        if (hasSpecDevice) {
            // Only a search with a spec-sheet device depends on it (older runs without one resume as before).
            m.put("--spec-reference", specReference);
        }
        if (latencyTable != null) {
            m.put("--latency-table", latencyTable.toAbsolutePath().toString());
        }
        m.put("--latency-column", List.copyOf(latencyColumns));
        m.put("--objective", List.copyOf(objectives));
        m.put("--budget", resolvedBudgets.stream().map(Budget::toString).toList());
        m.put("--no-budget", resolvedBudgets.isEmpty());
        m.put("--evaluations", evaluations);
        m.put("--algorithm", algorithm);
        m.put("--population", population);
        m.put("--regevo-sample", regevoSample);
        m.put("--seed", seed);
        m.put("--weights-seed", weightsSeed);
        m.put("--warmup", plan.warmup);
        m.put("--min-runs", plan.minRuns);
        m.put("--max-runs", plan.maxRuns);
        m.put("--target-error", plan.targetError);
        m.put("--max-time", plan.budgetSeconds);
        if (graph != null && !graph.isEmpty()) {
            m.put("--graph", graph);
        }
        if (accuracy == null ? space.equals(TransformerSpace.NAME) : accuracy.startsWith("scaling:")) {
            if (tokens != null) {
                m.put("--tokens", tokens);
            }
            m.put("--tokens-per-param", tokensPerParam);
        }
        if (exitShares != null) {
            m.put("--exit-shares", exitShares);
        }
        if (trainDataset() != null) {
            training.settings(m);
            if (finalEpochs != null) {
                m.put("--final-epochs", finalEpochs);
            }
        }
        m.forEach(b::setting);
    }

    private void exportFront(SearchSpace s, SearchResult r, PrintWriter err) throws IOException {
        Path dir = r.dir().resolve("front-onnx");
        Files.createDirectories(dir);
        int i = 0;
        int trained = 0;
        for (Candidate c : r.front()) {
            i++;
            Path file = dir.resolve(String.format(Locale.ROOT, "front-%02d.onnx", i));
            Architecture a = s.decode(c.arch());
            // A trained search exports each member with the weights it was trained to, when they were kept.
            AccuracyOracle acc = r.setup().accuracy();
            TrainingOracle byTraining = acc instanceof TrainingOracle t ? t : acc instanceof EarlyExitOracle e
                    ? e.training() : null;
            java.util.Optional<io.hwnas.core.onnx.Weights> w = byTraining != null
                    ? byTraining.reported().weights(a) : java.util.Optional.empty();
            if (w.isPresent()) {
                io.hwnas.core.io.AtomicFiles.write(file, io.hwnas.core.onnx.OnnxExporter.defaults()
                        .toBytes(s.buildGraph(a), w.get()));
                trained++;
            } else {
                ExportedModel.export(s, a, weightsSeed).write(file);
            }
        }
        if (!json) {
            err.println("hwnas: wrote " + i + " ONNX models to " + dir + (trained > 0 ? " (" + trained
                    + " with their trained weights)" : ""));
        }
    }

    private static String closest(SearchResult r) {
        List<String> parts = new ArrayList<>();
        for (Candidate c : r.front().stream().limit(3).toList()) {
            ObjectNode row = RunFiles.row(r.setup(), c);
            parts.add(c.arch() + " (latency " + String.format(Locale.ROOT, "%.3f", row.get("latency_ms").asDouble())
                    + " ms, violates " + row.get("violated") + ")");
        }
        return String.join("; ", parts);
    }

    /** @param references the measurers of spec-sheet devices' references that are not devices of the search */
    private void summarise(PrintWriter o, SearchResult r, List<CachingMeasurer> measurers,
            List<CachingMeasurer> references) {
        SearchSetup s = r.setup();
        GenerationStats last = r.last();
        int fresh = measurers.stream().mapToInt(CachingMeasurer::fresh).sum()
                + references.stream().mapToInt(CachingMeasurer::fresh).sum();
        o.printf(Locale.ROOT, "%n%s search on %s, %s, seed %d: %d evaluations in %d generations, %.1f s%s%n",
                s.space().name(), s.latency().stream().map(l -> l.device() + " (" + l.kind() + ")").toList(),
                s.algorithm(), s.seed(), r.candidates().size(), last.generation(), last.elapsedMs() / 1000.0,
                measurers.isEmpty() && references.isEmpty() ? "" : "; " + fresh + " models measured now");
        o.printf("accuracy: %s; budgets: %s%n", s.accuracy().name(),
                s.constraints().isEmpty() ? "none" : s.constraints());
        o.printf("%s (%d architectures, %s):%n", r.feasible() ? "Pareto front" : "NO candidate meets the budgets; "
                + "the closest", r.front().size(), measurers.isEmpty() ? "latency from the oracle"
                : "latencies measured");
        boolean test = !r.heldOut().isEmpty();
        StringBuilder head = new StringBuilder(String.format("%9s", "accuracy"));
        if (test) {
            head.append(String.format(" %9s", "test acc"));
        }
        for (LatencyOracle l : s.latency()) {
            head.append(String.format(" %14s", trim(l.device(), 11) + " ms"));
            if (l.kind().equals("loop")) {
                head.append(String.format(" %9s", "predicted"));
            }
            if (exits != null) {
                head.append(String.format(" %9s", "worst ms"));
            }
        }
        head.append(String.format(" %9s %8s  %s", "M params", "feasible", "architecture"));
        o.println(head);
        List<Candidate> rows = new ArrayList<>(r.front());
        String first = s.latency().get(0).device();
        rows.sort((x, y) -> Double.compare(x.latency(first).bestMs(), y.latency(first).bestMs()));
        for (Candidate c : rows) {
            ObjectNode row = RunFiles.row(s, c);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9.2f", c.accuracy()));
            if (test) {
                Double t = r.heldOut().get(c.arch());
                line.append(t == null ? String.format(" %9s", "-") : String.format(Locale.ROOT, " %9.2f", t));
            }
            for (LatencyOracle l : s.latency()) {
                LatencyEstimate e = c.latency(l.device());
                line.append(String.format(Locale.ROOT, " %14.3f", e.bestMs()));
                if (l.kind().equals("loop")) {
                    line.append(e.isPredicted() ? String.format(Locale.ROOT, " %9.3f", e.predictedMs())
                            : String.format(" %9s", "-"));
                }
                if (exits != null) {
                    line.append(String.format(Locale.ROOT, " %9.3f", c.worstLatency(l.device())));
                }
            }
            line.append(String.format(Locale.ROOT, " %9.3f %8s  %s", row.path("params").asDouble() / 1e6,
                    row.get("feasible").asBoolean() ? "yes" : "NO", c.arch()));
            o.println(line);
        }
        if (exits != null) {
            o.printf("latency: expected over the exits (each exit's path measured, weighed by the share of inputs "
                    + "leaving there: %s); worst: the whole network; shares per member in %s%n",
                    shares instanceof ConfiguredExitShares ? "configured" : "measured on the validation split",
                    RunFiles.FRONT_JSON);
        }
        if (!Double.isNaN(r.violationRate())) {
            o.printf(Locale.ROOT, "predicted within budget but measured over it: %d of %d measured candidates "
                    + "(%.1f %%)%s%n", r.violations().size(), r.predictedFeasibleMeasured(), 100 * r.violationRate(),
                    r.violations().isEmpty() ? "" : ":");
            for (Candidate c : r.violations().stream().limit(5).toList()) {
                ObjectNode row = RunFiles.row(s, c);
                List<String> parts = new ArrayList<>();
                for (LatencyOracle l : s.latency()) {
                    LatencyEstimate e = c.latency(l.device());
                    if (e.isMeasured() && e.isPredicted()) {
                        parts.add(String.format(Locale.ROOT, "%s predicted %.3f ms, measured %.3f ms", l.device(),
                                e.predictedMs(), e.measuredMs()));
                    }
                }
                o.printf(Locale.ROOT, "  %9.2f  %s  violates %s  %s%n", c.accuracy(), String.join("; ", parts),
                        row.get("violated"), c.arch());
            }
            if (r.violations().size() > 5) {
                o.printf("  ... all %d in %s under \"violations\"%n", r.violations().size(), RunFiles.FRONT_JSON);
            }
        }
        o.printf(Locale.ROOT, "hypervolume %.4f (reference: accuracy %.4g, %s)%n", last.hypervolume(), r.nadir()[0],
                nadirText(r));
        o.printf("run directory: %s%n  %s, %s, %s, %s, %s%n", r.dir().toAbsolutePath(), RunFiles.FRONT_CSV,
                RunFiles.FRONT_JSON, RunFiles.CANDIDATES_CSV, RunFiles.HYPERVOLUME_CSV, RunFiles.MANIFEST);
    }

    private static String nadirText(SearchResult r) {
        List<String> parts = new ArrayList<>();
        var objs = r.setup().objectives();
        for (int i = 1; i < objs.size(); i++) {
            parts.add(objs.get(i).key() + " " + String.format(Locale.ROOT, "%.4g", r.nadir()[i]));
        }
        return String.join(", ", parts);
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
