package io.hwnas.cli.search;

import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.ExecutorOptions;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.search.RunManifest;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.config.SearchConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: a multi-objective search for the most accurate architectures within a device's budget. Latency
 * comes from a device (a predictor trained on real measurements, kept honest by measuring the candidates that
 * matter: the default), from a published table, or from a saved predictor. Every generation is checkpointed in the
 * run directory; {@code --resume DIR} continues a killed run with the configuration its manifest holds.
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search for the architectures with the best accuracy within a device's latency and memory "
                + "budget (a Pareto front of accuracy against latency).",
            "With no arguments: nb201, CIFAR-10 accuracy from the shipped NAS-Bench-201 table, latency measured on "
                + "this machine's CPU (cpu-1t) with the default predictor in the loop, and a latency budget at the "
                + "median of the warm-up sample."})
public final class SearchCommand implements Callable<Integer> {

    @CommandLine.Mixin
    SearchOptions search = new SearchOptions();

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

    @ArgGroup(exclusive = false, heading = "Where candidates are trained (with --accuracy train:DATASET):%n")
    ExecutorOptions executor = new ExecutorOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resumeRun();
        }
        SearchConfig config = search.toConfig();
        Path dir = out != null ? out : HwnasHome.fromEnvironment().dir().resolve("runs").resolve("search-"
                + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(dir.resolve(RunFiles.MANIFEST)) || SearchRun.hasCheckpoint(dir)) {
            throw new IllegalArgumentException("--out " + dir + " already holds a search run; continue it with "
                    + "'./hwnas search --resume " + dir + "', or start over: delete the folder ('rm -r " + dir
                    + "') and run this command again, or choose another --out");
        }
        return run(config, dir);
    }

    /**
     * Continues the run in {@code --resume}'s directory with the configuration its manifest holds; the options
     * given now fill nothing in, they must agree with it, and the first that does not is named.
     */
    private int resumeRun() throws Exception {
        if (out != null) {
            throw new IllegalArgumentException("--resume DIR continues the run in DIR; do not give --out as well");
        }
        Path manifest = resume.resolve(RunFiles.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            // A run killed in its first generation has its manifest and no checkpoint yet: it starts again from the
            // manifest (SearchRun), so the manifest alone is the mark of a run.
            throw new IllegalArgumentException("--resume " + resume + ": no search run there (no " + RunFiles.MANIFEST
                    + ")");
        }
        RunManifest m = RunManifest.read(manifest);
        if (m.search() == null) {
            throw new IllegalArgumentException("--resume " + resume + ": the run was written by an earlier hwnas "
                    + "(manifest format " + m.format() + ", not " + RunManifest.FORMAT + "), which this one cannot "
                    + "continue; finish it with that version, or start the search again");
        }
        SearchConfig stored = m.search();
        search.fillFrom(stored);
        SearchConfig now = search.toConfig();
        stored.firstDifference(now).ifPresent(d -> {
            throw new IllegalArgumentException("cannot resume " + resume + " with a different configuration: "
                    + d.describe(ConfigFlags.name(d.path())));
        });
        return run(stored, resume);
    }

    private int run(SearchConfig config, Path dir) throws Exception {
        executor.check();
        return new SearchExecution(config, dir, search.accuracy.training, executor, database, exportFront, json,
                spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }
}
