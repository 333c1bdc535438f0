package io.hwnas.cli.report;

import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.reports.search.PrunedFront;
import io.hwnas.reports.search.SearchReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The report of a search run: one HTML page with plots (or Markdown, CSV, JSON). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the report of a search run: one self-contained HTML page with the Pareto front, the "
                + "search's progress and the predictor's parity plot; or Markdown, CSV (the front) or JSON.",
            "Further run directories are drawn beside the first in the progress chart (baselines). A run that was "
                + "killed gives a report of what it had done, marked partial."})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The search run directory.")
    Path run;

    @Parameters(index = "1..*", paramLabel = "BASELINE_DIR", description = "Other runs for the progress chart.")
    List<Path> baselines = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write (default: RUN_DIR/report.FORMAT).")
    Path output;

    @Option(names = "--format", paramLabel = "F", description = "html, md, csv or json (default: from -o's "
            + "extension, else html).")
    String format;

    @Option(names = "--prune", paramLabel = "FILE", description = "A prune run's JSON (./hwnas prune -o FILE) of "
            + "the same space and device, drawn beside the search with the training each consumed; repeatable.")
    List<Path> prune = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String f = format != null ? format.toLowerCase(Locale.ROOT) : fromExtension(output);
        RunData data = RunDirectory.load(run);
        List<RunData> others = new ArrayList<>();
        for (Path p : baselines) {
            others.add(RunDirectory.load(p));
        }
        SearchReport report = new SearchReport(data, others);
        if (!prune.isEmpty()) {
            List<PrunedFront> fronts = new ArrayList<>();
            for (Path p : prune) {
                fronts.add(PruneRuns.read(p, data));
            }
            report = report.withPruned(fronts, PruneRuns.searchSeen(data));
        }
        Path file = write(report, f, output != null ? output : run.resolve("report." + f));
        spec.commandLine().getOut().println(file.toAbsolutePath());
        if (!data.finished()) {
            spec.commandLine().getErr().println("hwnas: the run did not finish; the report is partial (generation "
                    + (data.last() == null ? 0 : data.last().generation()) + ")");
        }
        return 0;
    }

    public static Path write(SearchReport report, String format, Path file) throws Exception {
        String text = report.render(format);
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    public static String fromExtension(Path output) {
        if (output == null) {
            return "html";
        }
        String n = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return "md";
        }
        if (n.endsWith(".csv")) {
            return "csv";
        }
        if (n.endsWith(".json")) {
            return "json";
        }
        return "html";
    }
}
