package io.hwnas.cluster.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.exec.EvaluationExecutorContract;
import io.hwnas.core.exec.EvaluationExecutors;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.exec.TaskOutcome;
import io.hwnas.core.search.TableLookupTask;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Spark, in-process on local[2] (two tasks at a time, each tried up to twice), found by its name. */
class SparkExecutorTest extends EvaluationExecutorContract {

    private static EvaluationExecutor spark;

    @BeforeAll
    static void start() {
        spark = EvaluationExecutors.discover(SparkExecutorTest.class.getClassLoader()).open("spark",
                new ExecutorSettings(1, "local[2]", 1, 2, Map.of()));
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Override
    protected EvaluationExecutor executor() {
        return spark;
    }

    @Test
    void itIsSparkOnTheMasterAskedForWithItsRetries() {
        assertEquals("spark", spark.name());
        assertTrue(spark.description().matches("Spark 4\\.1\\.\\d+ on local\\[2,2] \\(app local-\\d+\\)"),
                spark.description());
        assertEquals(2, spark.parallelism());
        List<TaskOutcome<Integer>> out = spark.run(List.of(new Square("k", 7)));
        assertTrue(out.get(0).ranOn().startsWith("spark executor driver on "), out.get(0).ranOn());
    }

    @Test
    void tableLookUpsComeBackAsTheTableHasThem() {
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        var table = TableOracles.nb201("nb201:cifar10", nb201);
        SplittableRandom r = new SplittableRandom(5);
        List<TableLookupTask> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(new TableLookupTask("nb201:cifar10", nb201.sample(r).canonical()));
        }
        List<TaskOutcome<Double>> out = spark.run(tasks);
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(table.accuracy(nb201.decode(tasks.get(i).key())), out.get(i).result());
        }
    }

    @Test
    void aLocalMasterGetsItsAttemptsAndTheSettingsWinOverSparkSubmits() {
        assertEquals("local[2,4]", SparkExecutor.master("local[2]", 4));
        assertEquals("local[1,3]", SparkExecutor.master("local", 3));
        assertEquals("local[*,4]", SparkExecutor.master("local[*]", 4));
        assertEquals("spark://head:7077", SparkExecutor.master("spark://head:7077", 4));
        assertEquals("local[2,1]", SparkExecutor.master("local[2,1]", 4), "a master that says its attempts keeps them");
        SparkConf submitted = new SparkConf(false).set("spark.master", "k8s://https://api:6443")
                .set("spark.task.cpus", "8").set("spark.executor.memory", "8g");
        SparkConf c = SparkExecutor.configure(submitted, new ExecutorSettings(1, null, 2, 5,
                Map.of("spark.executor.memory", "16g")), null);
        assertEquals("k8s://https://api:6443", c.get("spark.master"), "spark-submit's master when none is given");
        assertEquals("2", c.get("spark.task.cpus"), "a task takes its training's threads");
        assertEquals("5", c.get("spark.task.maxFailures"));
        assertEquals("16g", c.get("spark.executor.memory"));
        assertTrue(c.getOption("spark.ui.enabled").isEmpty(), "a cluster keeps its web UI");
    }

    @Test
    void aClusterMasterShipsTheJarHwnasRunsFromUnlessSparkSubmitListedIt() {
        Path jar = Path.of("/opt/hwnas/hwnas.jar");
        ExecutorSettings standalone = new ExecutorSettings(1, "spark://head:7077", 1, 4, Map.of());
        assertEquals(jar.toUri().toString(), SparkExecutor.configure(new SparkConf(false), standalone, jar)
                .get("spark.jars"), "java -jar hwnas.jar against a cluster: its executors need the classes");
        SparkConf submitted = new SparkConf(false).set("spark.jars", "file:/home/me/hwnas.jar");
        assertEquals("file:/home/me/hwnas.jar", SparkExecutor.configure(submitted, standalone, jar).get("spark.jars"));
        ExecutorSettings inProcess = new ExecutorSettings(1, "local[2]", 1, 4, Map.of());
        assertTrue(SparkExecutor.configure(new SparkConf(false), inProcess, jar).getOption("spark.jars").isEmpty(),
                "local[N] runs in this JVM, which has the classes");
        assertNull(SparkExecutor.ownJar(), "the tests run from class folders");
    }
}
