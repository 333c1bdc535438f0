package io.hwnas.cluster.spark;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.provenance.Provenance;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Candidates' work on Apache Spark: each batch (a generation's new candidates) is one Spark job with one task per
 * candidate ({@code parallelize(tasks, tasks.size()).map(run).collect()}); the search, its databases and its report
 * stay on the driver, where this executor runs. Spark retries a task that throws, up to
 * {@code spark.task.maxFailures} attempts (with a {@code local[N]} master too, which Spark would otherwise try once:
 * it is run as {@code local[N,maxFailures]}); the last attempt's failure comes back as a failed outcome with the
 * reason instead of aborting the job, so the other candidates' results are kept. Should a job abort all the same (a
 * task whose executor dies on every attempt), its tasks are run again one job each, and only those that fail for
 * good fail.
 *
 * <pre>{@code
 * try (SparkExecutor spark = SparkExecutor.start(new ExecutorSettings(1, "local[2]", 1, 4, Map.of()))) {
 *     List<TaskOutcome<TrainedCandidate>> out = spark.run(trainingTasks);   // two trainings at a time
 * }
 * }</pre>
 *
 * <p>The master is {@link ExecutorSettings#master()}, else the {@code spark.master} that {@code spark-submit} set,
 * else {@code local[2]}. Spark on Java 17 needs the {@code --add-opens} flags that Spark's own launcher passes
 * ({@link #JAVA_OPTIONS}); {@code java -jar hwnas.jar} gets them from the jar's manifest, {@code spark-submit} adds
 * them itself, and a JVM without them gets an error that lists them instead of Spark's stack trace.
 */
public final class SparkExecutor implements EvaluationExecutor {

    public static final String NAME = "spark";
    public static final String DEFAULT_MASTER = "local[2]";

    /** Spark 4.1's own JVM options for Java 17 and later (org.apache.spark.launcher.JavaModuleOptions). */
    public static final List<String> JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true", "-Dio.netty.allocator.type=pooled",
            "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE", "--enable-native-access=ALL-UNNAMED");

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)])?");

    private final JavaSparkContext sc;
    private final int maxFailures;
    private final int cpusPerTask;

    private SparkExecutor(JavaSparkContext sc, int maxFailures, int cpusPerTask) {
        this.sc = sc;
        this.maxFailures = maxFailures;
        this.cpusPerTask = cpusPerTask;
    }

    /**
     * Starts a Spark context (one per JVM: Spark allows no second).
     *
     * @throws IllegalStateException when this JVM lacks the {@code --add-opens} flags Spark needs, listing them
     */
    public static SparkExecutor start(ExecutorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        checkModulesOpen();
        // Netty's settings as Spark's launcher gives them; read when Netty loads, which is after this.
        System.setProperty("io.netty.tryReflectionSetAccessible",
                System.getProperty("io.netty.tryReflectionSetAccessible", "true"));
        SparkConf conf = configure(new SparkConf(), settings, ownJar());
        return new SparkExecutor(new JavaSparkContext(conf), settings.maxFailures(), settings.cpusPerTask());
    }

    /**
     * The configuration a context is started with: the settings over what {@code spark-submit} set. {@code jar} is
     * the jar hwnas runs from, or {@code null} when it runs from class folders (the tests).
     */
    static SparkConf configure(SparkConf conf, ExecutorSettings s, Path jar) {
        String master = master(s.master() != null ? s.master() : conf.get("spark.master", DEFAULT_MASTER),
                s.maxFailures());
        boolean local = master.startsWith("local");
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "hwnas search");
        conf.set("spark.task.maxFailures", Integer.toString(s.maxFailures()));
        // One task is one training: it takes the cores that its PyTorch threads use.
        conf.set("spark.task.cpus", Integer.toString(s.cpusPerTask()));
        // The results (with each network's trained weights, 0.3-3.2 MB for nb201 on MNIST) all come to the driver, which
        // saves them; a batch of a large population passes Spark's default 1 GB cap.
        conf.setIfMissing("spark.driver.maxResultSize", "0");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        if (!local && jar != null && conf.get("spark.jars", "").isBlank()) {
            // Started as java -jar hwnas.jar rather than through spark-submit (which lists the jar itself): the
            // executors need hwnas's classes to run its tasks, or every task fails with ClassNotFoundException.
            conf.set("spark.jars", jar.toUri().toString());
        }
        if (local) {
            // In-process: no web UI to bind, no host name to resolve.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        for (Map.Entry<String, String> e : s.conf().entrySet()) {
            conf.set(e.getKey(), e.getValue());
        }
        return conf;
    }

    /** The jar this class was loaded from, or {@code null} when it is not a jar file. */
    static Path ownJar() {
        try {
            var source = SparkExecutor.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * {@code master}, with a {@code local} or {@code local[N]} master given {@code maxFailures} attempts per task as
     * {@code local[N,maxFailures]} (Spark's local mode ignores {@code spark.task.maxFailures}).
     */
    static String master(String master, int maxFailures) {
        String m = master.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            String n = local.group(1) == null ? "1" : local.group(1);
            return "local[" + n + "," + maxFailures + "]";
        }
        return m;
    }

    private static void checkModulesOpen() {
        Module base = Object.class.getModule();
        Module me = SparkExecutor.class.getModule();
        if (!base.isOpen("sun.nio.ch", me) || !base.isOpen("java.nio", me) || !base.isOpen("java.lang", me)) {
            throw new IllegalStateException("Spark needs java.base opened to it on Java 17 and later: run hwnas as "
                    + "java -jar hwnas.jar (its manifest opens them) or through spark-submit, or start the JVM with "
                    + String.join(" ", JAVA_OPTIONS));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Spark " + sc.version() + " on " + sc.master() + " (app " + sc.sc().applicationId() + ")";
    }

    @Override
    public int parallelism() {
        return Math.max(1, sc.defaultParallelism() / cpusPerTask);
    }

    /** The context, for tests and diagnostics. */
    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public <R extends Serializable> List<TaskOutcome<R>> run(List<? extends EvaluationTask<R>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        List<EvaluationTask<R>> list = new ArrayList<>(tasks);
        sc.setJobDescription("hwnas: " + list.size() + " candidates");
        try {
            return List.copyOf(sc.parallelize(list, list.size()).map(new Attempt<R>(maxFailures)).collect());
        } catch (RuntimeException e) {
            if (!(sparkFailure(e))) {
                throw e;
            }
            return oneJobEach(list, e);
        }
    }

    private static boolean sparkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkException) {
                return true;
            }
        }
        return false;
    }

    /** After a batch's job aborted: each task in a job of its own, all at once, so only the failing ones fail. */
    private <R extends Serializable> List<TaskOutcome<R>> oneJobEach(List<EvaluationTask<R>> tasks,
            RuntimeException first) {
        List<JavaFutureAction<List<TaskOutcome<R>>>> jobs = new ArrayList<>();
        for (EvaluationTask<R> t : tasks) {
            jobs.add(sc.parallelize(List.of(t), 1).map(new Attempt<R>(maxFailures)).collectAsync());
        }
        List<TaskOutcome<R>> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            try {
                out.add(jobs.get(i).get().get(0));
            } catch (ExecutionException e) {
                out.add(TaskOutcome.failed(tasks.get(i).key(), "Spark job aborted: " + TaskOutcome.reason(
                        e.getCause() == null ? e : e.getCause()), sc.master(), maxFailures, 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first.addSuppressed(e);
                throw first;
            }
        }
        return out;
    }

    @Override
    public void close() {
        sc.stop();
    }

    /**
     * One attempt of one task, where Spark runs it. It throws while attempts remain (Spark then runs it again,
     * perhaps elsewhere); the last attempt's failure is returned as the outcome.
     */
    static final class Attempt<R extends Serializable> implements Function<EvaluationTask<R>, TaskOutcome<R>> {

        private static final long serialVersionUID = 1L;
        private final int maxFailures;

        Attempt(int maxFailures) {
            this.maxFailures = maxFailures;
        }

        @Override
        public TaskOutcome<R> call(EvaluationTask<R> task) throws Exception {
            TaskContext ctx = TaskContext.get();
            int attempt = ctx == null ? 1 : ctx.attemptNumber() + 1;
            return TaskOutcome.attempt(task, where(ctx), attempt, attempt >= maxFailures);
        }

        private static String where(TaskContext ctx) {
            SparkEnv env = SparkEnv.get();
            String executor = env == null ? "?" : env.executorId();
            String host = Provenance.current().host();
            return "spark executor " + executor + " on " + host + (ctx == null ? ""
                    : " (stage " + ctx.stageId() + ", task " + ctx.partitionId() + ")");
        }
    }
}
