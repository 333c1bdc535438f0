package io.hwnas.cli.exec;

import picocli.CommandLine.Mixin;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Errors;
import io.hwnas.cli.ExecutorOptions;
import io.hwnas.cli.Json;
import io.hwnas.cli.Spaces;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationExecutors;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.TableLookupTask;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The evaluation executors: which there are, and whether one works here and what it costs per task. */
@Command(name = "executor", mixinStandardHelpOptions = true,
        description = {"Where a search's candidates are trained: local (this machine) or spark (Apache Spark, in a "
                + "build with -Pspark), and plugins found with ServiceLoader."},
        subcommands = {ExecutorCommand.ListExecutors.class, ExecutorCommand.Check.class})
public final class ExecutorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The executors in this build.")
    static final class ListExecutors implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> names = EvaluationExecutors.discover(ExecutorCommand.class.getClassLoader()).names();
            names.forEach(out::println);
            if (!names.contains(ExecutorOptions.SPARK)) {
                out.println("(no spark: " + ExecutorOptions.BUILD_HINT + ")");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = {"Runs look-ups in the shipped "
            + "NAS-Bench-201 table as tasks on an executor, in batches as a search hands them out, checks every "
            + "answer against the table here, and prints what the executor costs: the time to start it, the first "
            + "batch (warm-up) and the wall time per task after it. A look-up is microseconds of work, so the time "
            + "per task is the executor's own overhead."})
    static final class Check implements Callable<Integer> {

        @ArgGroup(exclusive = false, heading = "Executor:%n")
        ExecutorOptions executor = new ExecutorOptions();

        @Option(names = "--tasks", paramLabel = "N", description = "Look-ups in all (default: ${DEFAULT-VALUE}).")
        int tasks = 300;

        @Option(names = "--batch", paramLabel = "B", description = "Tasks per batch, a search's generation "
                + "(default: ${DEFAULT-VALUE}).")
        int batch = 30;

        @Mixin
        SeedOption seed = new SeedOption();

        @Mixin
        JsonOption json;

        @Spec
        CommandSpec spec;

        /** What the look-ups cost and whether their answers were the table's. */
        private static final class Tally {
            String description;
            int parallelism;
            double openSeconds;
            double first;
            double steadySeconds;
            int steadyTasks;
            double workSeconds;
            int wrong;
            int failed;
            final Map<String, Integer> where = new TreeMap<>();

            /** Counts one batch's outcomes against the table; the first batch is the warm-up. */
            void batch(boolean warmUp, double seconds, List<TableLookupTask> b, List<TaskOutcome<Double>> out,
                    SearchSpace nb201, AccuracyOracle table) {
                if (warmUp) {
                    first = seconds;
                } else {
                    steadySeconds += seconds;
                    steadyTasks += b.size();
                }
                for (int i = 0; i < b.size(); i++) {
                    TaskOutcome<Double> o = out.get(i);
                    if (!o.succeeded()) {
                        failed++;
                        continue;
                    }
                    workSeconds += o.seconds();
                    where.merge(o.ranOn().replaceAll(" \\(stage .*", ""), 1, Integer::sum);
                    if (!o.result().equals(table.accuracy(nb201.decode(b.get(i).key())))) {
                        wrong++;
                    }
                }
            }
        }

        @Override
        public Integer call() {
            executor.check();
            if (tasks < 1 || batch < 1) {
                throw new IllegalArgumentException("--tasks and --batch must be >= 1, but were " + tasks + " and "
                        + batch);
            }
            SearchSpace nb201 = Spaces.get("nb201");
            List<Architecture> archs = Spaces.sampleDistinct(nb201, tasks, seed.get());
            Tally t = run(nb201, TableOracles.nb201("nb201:cifar10", nb201), archs);
            print(t, archs.size());
            return t.wrong == 0 && t.failed == 0 ? 0 : Errors.FAILED;
        }

        /** The look-ups of {@code archs} on the executor, a batch at a time, as a search hands them out. */
        private Tally run(SearchSpace nb201, AccuracyOracle table, List<Architecture> archs) {
            Tally t = new Tally();
            long t0 = System.nanoTime();
            try (EvaluationExecutor e = executor.open(1)) {
                t.openSeconds = (System.nanoTime() - t0) / 1e9;
                t.description = e.description();
                t.parallelism = e.parallelism();
                for (int from = 0; from < archs.size(); from += batch) {
                    List<TableLookupTask> b = new ArrayList<>();
                    for (Architecture a : archs.subList(from, Math.min(from + batch, archs.size()))) {
                        b.add(new TableLookupTask("nb201:cifar10", a.canonical()));
                    }
                    long s0 = System.nanoTime();
                    List<TaskOutcome<Double>> out = e.run(b);
                    t.batch(from == 0, (System.nanoTime() - s0) / 1e9, b, out, nb201, table);
                }
            }
            return t;
        }

        private void print(Tally t, int n) {
            double perTaskMs = t.steadyTasks == 0 ? t.first * 1000 / n : t.steadySeconds * 1000 / t.steadyTasks;
            double workMs = t.workSeconds * 1000 / Math.max(1, n - t.failed);
            PrintWriter out = spec.commandLine().getOut();
            if (json.on()) {
                ObjectNode o = Json.object();
                o.put("executor", executor.name());
                o.put("description", t.description);
                o.put("parallelism", t.parallelism);
                o.put("tasks", n);
                o.put("batch", batch);
                o.put("start_s", t.openSeconds);
                o.put("first_batch_s", t.first);
                o.put("ms_per_task", perTaskMs);
                o.put("work_ms_per_task", workMs);
                o.put("failed", t.failed);
                o.put("wrong", t.wrong);
                t.where.forEach(o.putObject("ran_on")::put);
                out.println(Json.line(o));
            } else {
                out.printf(Locale.ROOT, "%s: %d table look-ups in batches of %d, %d at a time%n", t.description, n,
                        batch, t.parallelism);
                out.printf(Locale.ROOT, "started in %.2f s; first batch %.3f s; then %.3f ms per task (the look-up "
                        + "itself: %.4f ms)%n", t.openSeconds, t.first, perTaskMs, workMs);
                t.where.forEach((k, v) -> out.printf("  %d ran on %s%n", v, k));
                out.printf("%d answers as the table has them, %d wrong, %d failed%n", n - t.wrong - t.failed, t.wrong,
                        t.failed);
            }
            out.flush();
        }
    }
}
