package io.hwnas.cli;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationExecutors;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.LocalExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where candidates' work runs: {@code --executor local} (this machine, {@code --workers} at a time) or
 * {@code --executor spark} (Apache Spark, in a build with {@code -Pspark}). Not configuration: an executor changes
 * no result, so a run may resume on another one.
 */
public final class ExecutorOptions {

    public static final String SPARK = "spark";
    /** How to get the spark executor into the tool, for the error when it is not there. */
    public static final String BUILD_HINT = "build hwnas with Spark: HWNAS_PROFILES=spark ./hwnas ... (the launcher "
            + "rebuilds with -Pspark and keeps it), or mvn -Pspark package -pl cli -am";

    @Option(names = "--executor", paramLabel = "E", description = "Where candidates' trainings run: local (this "
            + "machine, --workers at a time) or spark (Apache Spark, --spark-master; in a build with -Pspark). The "
            + "search, its databases and its report stay here. Default: ${DEFAULT-VALUE}.")
    String executor = LocalExecutor.NAME;

    @Option(names = "--workers", paramLabel = "N", description = "Trainings at once with --executor local "
            + "(default: ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(names = "--spark-master", paramLabel = "URL", description = "Spark's master: local[N] (in this "
            + "process, N tasks at once), spark://HOST:PORT, k8s://https://HOST:PORT, yarn (default: the one "
            + "spark-submit set, else local[2]).")
    String sparkMaster;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting "
            + "(spark.executor.memory=8g; repeatable).")
    List<String> sparkConf = new ArrayList<>();

    @Option(names = "--spark-max-failures", paramLabel = "N", description = "Attempts of a Spark task before its "
            + "candidate is marked failed (spark.task.maxFailures; default: ${DEFAULT-VALUE}).")
    int maxFailures = 4;

    public void check() {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, but was " + workers);
        }
        if (maxFailures < 1) {
            throw new IllegalArgumentException("--spark-max-failures must be >= 1, but was " + maxFailures);
        }
        if (!executor.equals(SPARK) && (sparkMaster != null || !sparkConf.isEmpty())) {
            throw new IllegalArgumentException("--spark-master and --spark-conf are for --executor spark, but the "
                    + "executor is " + executor);
        }
        if (!executor.equals(LocalExecutor.NAME) && workers != 1) {
            throw new IllegalArgumentException("--workers is for --executor local; Spark runs as many tasks at once "
                    + "as its master gives cores (local[N]: N)");
        }
        conf();
    }

    public boolean local() {
        return executor.equals(LocalExecutor.NAME);
    }

    /**
     * PyTorch's threads per training: {@code --training-threads} when given, else every core for one local worker
     * (as before executors), the cores shared out for several, and one for a Spark task (Spark's one core a task).
     * Trainings are repeatable at a fixed thread count: to compare executors, give the same count to each.
     */
    public int trainingThreads(int given) {
        if (given > 0) {
            return given;
        }
        if (local()) {
            return workers == 1 ? 0 : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        }
        return 1;
    }

    /** The executor's name ({@code --executor}). */
    public String name() {
        return executor;
    }

    /** Whether trainings run here one at a time (the local pool with one worker). */
    public boolean oneLocalWorker() {
        return local() && workers == 1;
    }

    private Map<String, String> conf() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : sparkConf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--spark-conf takes KEY=VALUE, but was '" + kv + "'");
            }
            m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        return m;
    }

    /** Opens the executor; each of its tasks takes {@code cpusPerTask} cores. */
    public EvaluationExecutor open(int cpusPerTask) {
        return open(EvaluationExecutors.discover(ExecutorOptions.class.getClassLoader()), executor,
                new ExecutorSettings(workers, sparkMaster, Math.max(1, cpusPerTask), maxFailures, conf()));
    }

    /** @throws IllegalArgumentException naming how to build Spark in when {@code name} is spark and it is not */
    static EvaluationExecutor open(EvaluationExecutors registry, String name, ExecutorSettings settings) {
        if (name.equals(SPARK) && !registry.has(SPARK)) {
            throw new IllegalArgumentException("--executor spark: this hwnas was built without Spark; "
                    + BUILD_HINT + " (executors here: " + registry.names() + ")");
        }
        return registry.open(name, settings);
    }
}
