package io.hwnas.cli.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.Errors;
import io.hwnas.cli.ExecutorOptions;
import io.hwnas.cli.Json;
import io.hwnas.cli.Progress;
import io.hwnas.cli.report.ReportCommand;
import io.hwnas.cli.Spaces;
import io.hwnas.cli.TrainingOptions;
import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.search.Algorithm;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.GraphOptions;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.reports.search.SearchReport;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.data.ImageDataset;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One search from its configuration: the space as configured, the training and the executor when candidates are
 * trained, the oracles ({@link AccuracyWiring}, {@link LatencyWiring}), the default budget, then {@link SearchRun},
 * and at the end the front's models, the report and the answer printed ({@link SearchSummary}).
 */
final class SearchExecution {

    private final SearchConfig config;
    private final Path dir;
    private final TrainingOptions training;
    private final ExecutorOptions executor;
    private final DatabaseOption database;
    private final boolean exportFront;
    private final boolean json;
    private final PrintWriter stdout;
    private final PrintWriter err;

    SearchExecution(SearchConfig config, Path dir, TrainingOptions training, ExecutorOptions executor,
            DatabaseOption database, boolean exportFront, boolean json, PrintWriter stdout, PrintWriter err) {
        this.config = config;
        this.dir = dir;
        this.training = training;
        this.executor = executor;
        this.database = database;
        this.exportFront = exportFront;
        this.json = json;
        this.stdout = stdout;
        this.err = err;
    }

    /** The space as the configuration has it: built for the dataset trained on, or one of its other graphs. */
    static SearchSpace space(SearchConfig config) {
        SearchSpace s = Spaces.get(config.space());
        if (config.accuracy() instanceof AccuracySource.Training t) {
            // The networks measured, costed and exported are the ones trained: the dataset's input and classes.
            ImageDataset d = Datasets.get(t.dataset());
            return new BoundSpace(s, GraphOptions.DEFAULTS.inputChannels(d.channels()).inputSize(d.height())
                    .classes(d.classes()), t.dataset(), config.graph());
        }
        return config.graph().isEmpty() ? s : BoundSpace.graph(s, config.graph());
    }

    int run() throws Exception {
        SearchSpace s = space(config);
        boolean trains = config.accuracy() instanceof AccuracySource.Training;
        try (SqliteTrainingStore trainings = trains ? training.open() : null) {
            // PyTorch's threads are fixed once per process: settled before the executor, whose tasks take them.
            DjlTrainer trainer = trainings == null ? null
                    : training.trainer(executor.trainingThreads(training.threads()));
            if (trainer == null && !executor.local() && !json) {
                err.println("hwnas: note: --executor " + executor.name() + ": this accuracy oracle has no "
                        + "per-candidate work to hand out (only training has), so the search runs here alone");
            }
            try (EvaluationExecutor exec = trainer == null ? LocalExecutor.sequential()
                    : executor.open(trainer.engine().threads())) {
                if (!json && trainer != null && !executor.oneLocalWorker()) {
                    int threads = trainer.engine().threads();
                    err.println("hwnas: candidates are trained on " + exec.description() + ", " + threads
                            + " PyTorch thread" + (threads == 1 ? "" : "s") + " each");
                }
                return run(s, trainings, trainer, exec);
            }
        }
    }

    private int run(SearchSpace s, SqliteTrainingStore trainings, DjlTrainer trainer, EvaluationExecutor exec)
            throws Exception {
        AccuracyWiring accuracy = new AccuracyWiring(config, s, err, json, executor.oneLocalWorker());
        SearchSetup.Builder b = SearchSetup.builder().space(s).accuracy(accuracy.oracle(trainings, trainer))
                .executor(exec).algorithm(config.algorithm()).evaluations(config.evaluations())
                .population(config.population()).regevoSample(config.regevoSample()).seed(config.seed())
                .measurePerGeneration(config.measuring().measurePerGeneration()).out(dir);
        config.objectives().forEach(b::objective);
        try (LatencyWiring latency = new LatencyWiring(config, s, err, database::open, SpeedLog.at(dir))) {
            latency.oracles(accuracy.shares()).forEach(b::latency);
            List<Budget> budgets = new ArrayList<>(config.budgets());
            Optional<Budget> auto = latency.defaultBudget();
            auto.ifPresent(budgets::add);
            budgets.forEach(b::budget);
            // The configuration as the run keeps it: with the budget it was given by default.
            b.config(config.toBuilder().budgets(budgets).noBudget(budgets.isEmpty()).build());
            // Measurements depend on the runtime: a resume under another ONNX Runtime is refused.
            latency.ortVersion().ifPresent(v -> b.environment("onnxruntime", v));
            b.command(RunFiles.EXPORT, exportTemplate(s)).command(RunFiles.RESUME, "./hwnas search --resume {dir}");
            SearchSetup setup = b.build();
            if (!json) {
                auto.ifPresent(a -> err.println("hwnas: budget " + latency.defaultBudgetNote(a)));
            }
            if (setup.algorithm() == Algorithm.NSGA3 && setup.objectives().size() < 3) {
                err.println("hwnas: note: nsga3 is made for three or more objectives; with "
                        + setup.objectives().size() + " nsga2 is the usual choice (add --objective or a device)");
            }
            return finish(search(setup), latency, accuracy);
        }
    }

    private SearchResult search(SearchSetup setup) throws Exception {
        try (Progress progress = Progress.create("search " + setup.space().name(), config.evaluations(), err)) {
            int[] done = {0};
            return SearchRun.run(setup, new SearchListener() {
                @Override
                public void generation(GenerationStats g, int target) {
                    int step = Math.min(g.evaluations(), target) - done[0];
                    done[0] += Math.max(step, 0);
                    progress.advance(Math.max(step, 0), String.format(Locale.ROOT, "gen %d: hv %.4f, front %d%s",
                            g.generation(), g.hypervolume(), g.frontSize(),
                            g.measured() > 0 ? ", measured " + g.measured() : ""));
                }

                @Override
                public void message(String line) {
                    err.println("hwnas: " + line);
                    err.flush();
                }
            });
        }
    }

    private int finish(SearchResult r, LatencyWiring latency, AccuracyWiring accuracy) throws Exception {
        if (exportFront) {
            FrontExport.write(r, config.measuring().weightsSeed(), json ? null : err);
        }
        Path report = ReportCommand.write(new SearchReport(r.record(), List.of()), "html",
                dir.resolve("report.html"));
        if (json) {
            ObjectNode o = RunFiles.frontJson(r);
            o.put("report", report.toAbsolutePath().toString());
            stdout.println(Json.line(o));
        } else {
            new SearchSummary(r, latency.deviceMeasurers(), latency.referenceMeasurers(), accuracy.shares())
                    .print(stdout);
            stdout.printf("report: %s%n", report.toAbsolutePath());
        }
        stdout.flush();
        if (!r.feasible()) {
            err.println("hwnas: no candidate of " + r.candidates().size() + " meets the budgets "
                    + r.setup().constraints() + "; the closest: " + SearchSummary.closest(r));
            err.flush();
            return Errors.BAD_INPUT;
        }
        return 0;
    }

    /** How {@code export} writes a candidate of {@code space} ({@code {arch}} standing for it). */
    static String exportTemplate(SearchSpace space) {
        String args = space.name();
        if (space instanceof BoundSpace b) {
            args += (b.label().isEmpty() ? "" : " --dataset " + b.label())
                    + (b.graph().isEmpty() ? "" : " --graph " + b.graph());
        }
        return "./hwnas export --space " + args + " --arch '{arch}' -o model.onnx";
    }
}
