package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.exec.EvaluationExecutors;
import io.hwnas.core.exec.ExecutorSettings;
import io.hwnas.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors as the user meets them: a trained search on a local pool, the executor check, Spark's absence named
 * with how to build it in, and (in a build with -Pspark) a trained search on Spark's local[2].
 */
class ExecutorCliTest {

    @TempDir
    Path dir;

    private String[] trainedSearch(String name, String... more) {
        String help = Fixtures.helpTablePath().toString();
        return CliTest.concat(new String[] {"search", "--accuracy", "train:digits", "--steps", "10", "--batch-size",
            "32", "--latency-table", help, "--latency-column", "1080ti_1_ms", "--evaluations", "8",
            "--population", "4", "--seed", "4", "--training-db", dir.resolve(name + ".db").toString(), "--out",
            dir.resolve(name).toString(), "--json"}, more);
    }

    private static JsonNode front(Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return r.json().get("front");
    }

    @Test
    void aTrainedSearchOnTwoWorkersFindsTheFrontOfOneWorkerAndSaysWhereItTrained() throws Exception {
        Result one = CliTest.run(trainedSearch("one"));
        Result two = CliTest.run(trainedSearch("two", "--workers", "2"));
        assertEquals(front(one), front(two));
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("two").resolve("manifest.json").toFile());
        assertEquals("local pool of 2 workers", manifest.path("executor").path("description").asText());
        assertTrue(manifest.path("search").path("workers").isMissingNode() && manifest.path("config").path("workers")
                .isMissingNode(), "the executor is not configuration");
        // a run resumes on another executor: the executor changes no result
        Result resumed = CliTest.run("search", "--resume", dir.resolve("two").toString(), "--workers", "1",
                "--json");
        assertEquals(0, resumed.code(), resumed.err());
    }

    @Test
    void theExecutorCheckAnswersAsTheTableDoesAndTimesEachTask() throws Exception {
        Result r = CliTest.run("executor", "check", "--workers", "2", "--tasks", "60", "--batch", "20", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals(0, j.get("wrong").asInt());
        assertEquals(0, j.get("failed").asInt());
        assertEquals(60, j.get("tasks").asInt());
        assertTrue(j.get("ms_per_task").asDouble() >= 0);
        assertEquals(60, j.get("ran_on").properties().stream().mapToInt(e -> e.getValue().asInt()).sum());
        Result list = CliTest.run("executor", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().startsWith("local"), list.out());
    }

    @Test
    void sparkWithoutItInTheBuildSaysHowToBuildItAndBadOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorOptions.open(
                EvaluationExecutors.builtIn(), "spark", ExecutorSettings.local(1)));
        assertTrue(e.getMessage().contains("built without Spark") && e.getMessage().contains("-Pspark")
                && e.getMessage().contains("HWNAS_PROFILES=spark"), e.getMessage());
        Result workers = CliTest.run("search", "--workers", "0", "--evaluations", "4");
        assertEquals(2, workers.code());
        assertTrue(workers.err().contains("--workers must be >= 1, but was 0"), workers.err());
        Result master = CliTest.run("search", "--spark-master", "local[2]", "--evaluations", "4");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--spark-master and --spark-conf are for --executor spark"), master.err());
        Result unknown = CliTest.run("executor", "check", "--executor", "slurm", "--tasks", "2");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no evaluation executor 'slurm'; known: [local"), unknown.err());
    }

    /**
     * With Spark built in (mvn -Pspark), a trained search on Spark's local[2] finds the local executor's front; in a
     * build without it (the default, where the cluster module's own tests run Spark), asking for it says how to
     * build it.
     */
    @Test
    void aTrainedSearchOnSparkFindsTheFrontOfTheLocalExecutor() throws Exception {
        if (!EvaluationExecutors.discover(getClass().getClassLoader()).has("spark")) {
            Result none = CliTest.run(trainedSearch("spark", "--executor", "spark", "--spark-master", "local[2]"));
            assertEquals(2, none.code(), none.err());
            assertTrue(none.err().contains("this hwnas was built without Spark") && none.err().contains(
                    "HWNAS_PROFILES=spark"), none.err());
            return;
        }
        Result local = CliTest.run(trainedSearch("local", "--workers", "2"));
        Result spark = CliTest.run(trainedSearch("spark", "--executor", "spark", "--spark-master", "local[2]"));
        assertEquals(front(local), front(spark));
        JsonNode manifest = Json.MAPPER.readTree(dir.resolve("spark").resolve("manifest.json").toFile());
        assertTrue(manifest.path("executor").path("description").asText().startsWith("Spark 4.1"),
                manifest.toString());
        Result check = CliTest.run("executor", "check", "--executor", "spark", "--spark-master", "local[2]",
                "--tasks", "40", "--batch", "20", "--json");
        assertEquals(0, check.code(), check.err());
        assertEquals(0, check.json().get("wrong").asInt());
    }
}
