package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.reports.search.PrunedFront;
import io.hwnas.reports.search.SearchReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prune run drawn beside a search in its report: both fronts on one plot, and the training each consumed. The
 * search trains its mbv3 candidates on digits (briefly) and predicts their latency on a spec sheet; the prune run is
 * a JSON of prune's own shape on that device.
 */
class PruneReportCliTest {

    @TempDir
    static Path dir;

    static Path search;

    @BeforeAll
    static void search() {
        search = dir.resolve("s");
        Result r = CliTest.run("search", "--space", "mbv3", "--accuracy", "train:digits", "--steps", "2",
                "--batch-size", "16", "--device", "rpi5", "--spec-reference", "none", "--evaluations", "8",
                "--population", "4", "--out", search.toString(), "--training-db", dir.resolve("t.db").toString(),
                "--db", dir.resolve("m.db").toString());
        assertEquals(0, r.code(), r.err());
    }

    private static Path prune(String name, String space, String device) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, ("{'space':'" + space + "','dataset':'digits','device':'" + device + "','seed':1,"
                + "'accuracy_unit':'fraction','parent':{'arch':'r128-d32222-k35703500330033007300-"
                + "e64306300330033006300','accuracy':0.5,'latency_ms':9.5},'pruned':[{'arch':'r128-d22222-"
                + "k35003500330033007300-e63006300330033003300','accuracy':0.45,'latency_ms':8.0,'ratio':0.8,"
                + "'fine_tune_steps':3}],'training_images':416}").replace('\'', '"'));
        return p;
    }

    @Test
    void theReportDrawsThePrunedNetworksBesideTheFrontWithTheTrainingEachSaw() throws Exception {
        Path p = prune("prune.json", "mbv3", "rpi5");
        Result json = CliTest.run("report", search.toString(), "--prune", p.toString(), "-o",
                dir.resolve("r.json").toString());
        assertEquals(0, json.code(), json.err());
        JsonNode pruning = Json.MAPPER.readTree(Files.readString(dir.resolve("r.json"))).get("pruning");
        // 8 candidates, each trained 2 steps of 16 images.
        assertEquals(8 * 2 * 16, pruning.get("search_training_seen").asLong());
        JsonNode run = pruning.get("runs").get(0);
        assertEquals(416, run.get("training_seen").asLong());
        assertEquals(50.0, run.get("parent").get("accuracy").asDouble(), "in %, as the search's accuracies");
        assertEquals(0.8, run.get("pruned").get(0).get("ratio").asDouble());

        Result html = CliTest.run("report", search.toString(), "--prune", p.toString(), "-o",
                dir.resolve("r.html").toString());
        assertEquals(0, html.code(), html.err());
        String page = Files.readString(dir.resolve("r.html"));
        assertTrue(page.contains("Pruning beside the search"), "a section of its own");
        // The front's plot has the pruned networks and their parent as series of their own.
        PrunedFront front = new PrunedFront("prune.json", "rpi5", new PrunedFront.Point("p", 50, 9.5, 1, 0),
                List.of(new PrunedFront.Point("c", 45, 8, 0.8, 3)), 416, "images");
        List<String> series = new SearchReport(RunDirectory.load(search), List.of()).withPruned(List.of(front), 256)
                .frontChart("rpi5").getSeriesCollection().stream().map(x -> x.getName()).toList();
        assertTrue(series.containsAll(List.of("pruned, prune.json (1)", "parent, prune.json")), series.toString());
        assertTrue(page.contains("trainings saw 256 images; prune.json: 416 images"), "the compute");
    }

    @Test
    void aPruneRunOfAnotherSpaceOrDeviceOrNoPruneRunIsRefusedNamingTheFile() throws Exception {
        Result space = CliTest.run("report", search.toString(), "--prune", prune("a.json", "nb201", "rpi5")
                .toString());
        assertEquals(2, space.code());
        assertTrue(space.err().contains("a.json pruned a nb201 network; the search is of mbv3"), space.err());
        Result device = CliTest.run("report", search.toString(), "--prune", prune("b.json", "mbv3", "cpu")
                .toString());
        assertEquals(2, device.code());
        assertTrue(device.err().contains("b.json was measured on cpu, not a device of the search [rpi5]"),
                device.err());
        Path garbage = dir.resolve("c.json");
        Files.writeString(garbage, "{\"front\": []}");
        Result other = CliTest.run("report", search.toString(), "--prune", garbage.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("c.json: no \"space\"; is it the JSON of ./hwnas prune?"), other.err());
        Path uncounted = dir.resolve("d.json");
        Files.writeString(uncounted, Files.readString(prune("e.json", "mbv3", "rpi5"))
                .replace(",\"training_images\":416", ""));
        Result noCompute = CliTest.run("report", search.toString(), "--prune", uncounted.toString());
        assertEquals(2, noCompute.code());
        assertTrue(noCompute.err().contains("d.json: no training_images or training_tokens"), noCompute.err());
    }
}
