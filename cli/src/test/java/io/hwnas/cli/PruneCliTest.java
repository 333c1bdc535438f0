package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pruning as the user meets it: a real parent trained on digits, pruned, fine-tuned and measured on this CPU. */
class PruneCliTest {

    /** Few groups, so few sensitivities: stage 1's three blocks, stage 2's and stage 5's first. */
    static final String PARENT = "r128-d32222-k35703500330033007300-e64306300330033006300";

    @TempDir
    Path dir;

    private String[] prune(String... more) {
        List<String> args = new ArrayList<>(List.of("prune", "--space", "mbv3", "--arch", PARENT, "--dataset",
                "digits", "--steps", "10", "--batch-size", "32", "--fine-tune-steps", "3", "--device", "cpu-1t",
                "--seed", "2", "--training-db", dir.resolve("t.db").toString(), "--db", dir.resolve("m.db").toString(),
                "--json"));
        args.addAll(List.of(more));
        args.addAll(List.of(CliTest.FAST));
        return args.toArray(String[]::new);
    }

    @Test
    void prunePrintsTheParentAndEachPrunedNetworkAndTrainsNothingTwice() throws Exception {
        Path out = dir.resolve("prune.json");
        Result r = CliTest.run(prune("--ratios", "0.95,0.85", "-o", out.toString(), "--export",
                dir.resolve("onnx").toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        JsonNode parent = j.get("parent");
        assertEquals(PARENT, parent.get("arch").asText());
        assertTrue(parent.get("latency_ms").asDouble() > 0);
        assertTrue(parent.get("accuracy").asDouble() >= 0 && parent.get("accuracy").asDouble() <= 1);
        assertEquals(2, j.get("pruned").size());
        double last = 1;
        for (JsonNode p : j.get("pruned")) {
            for (String k : List.of("arch", "accuracy", "latency_ms", "ratio", "fine_tune_steps")) {
                assertTrue(p.has(k), k + " missing in " + p);
            }
            assertTrue(p.get("ratio").asDouble() < last, "ratios fall: " + j.get("pruned"));
            last = p.get("ratio").asDouble();
            assertEquals(3, p.get("fine_tune_steps").asInt());
            assertFalse(p.get("cached").asBoolean());
            // every pruned architecture is one the space exports
            Result export = CliTest.run("export", "--space", "mbv3", "--dataset", "digits", "--arch",
                    p.get("arch").asText(), "-o", dir.resolve("x.onnx").toString());
            assertEquals(0, export.code(), export.err());
        }
        assertTrue(j.get("pruned").get(0).get("ratio").asDouble() <= 0.95);
        assertEquals(10 * 32 + 2 * 3 * 32, j.get("training_images").asLong());
        assertEquals(j, Json.MAPPER.readTree(Files.readString(out)), "-o holds what was printed");
        try (var files = Files.list(dir.resolve("onnx"))) {
            assertEquals(2, files.count());
        }

        Result again = CliTest.run(prune("--ratios", "0.95,0.85"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.json().get("parent").get("cached").asBoolean());
        for (int i = 0; i < 2; i++) {
            JsonNode p = again.json().get("pruned").get(i);
            assertTrue(p.get("cached").asBoolean(), "fine-tuned once: " + p);
            assertEquals(j.get("pruned").get(i).get("accuracy"), p.get("accuracy"));
        }
    }

    @Test
    void aTargetThatThePathMeetsEverywhereGivesFivePrunedSizesDownToTheSmallest() throws Exception {
        Result r = CliTest.run(prune("--target", "latency_ms<=1000"));
        assertEquals(0, r.code(), r.err());
        JsonNode pruned = r.json().get("pruned");
        assertEquals(5, pruned.size(), pruned.toString());
        double last = 1;
        for (JsonNode p : pruned) {
            assertTrue(p.get("ratio").asDouble() < last, "pruned, and less each time: " + pruned);
            last = p.get("ratio").asDouble();
            assertTrue(p.get("latency_ms").asDouble() <= 1000);
        }
        // The smallest network: two blocks a stage, each at expansion 3.
        assertEquals("r128-d22222-k", pruned.get(4).get("arch").asText().substring(0, 13));
        assertTrue(pruned.get(4).get("arch").asText().endsWith("-e33003300330033003300"), pruned.toString());
    }

    @Test
    void aLanguageModelIsPrunedOnTextAndItsComputeCountedInTokens() throws Exception {
        Result r = CliTest.run(CliTest.concat(new String[] {"prune", "--space", "transformer-tiny", "--arch",
            "L2-d32-h2-f128-v256-c64", "--dataset", "moby-dick", "--steps", "5", "--batch-size", "4",
            "--fine-tune-steps", "2", "--ratios", "0.5", "--device", "cpu-1t", "--training-db",
            dir.resolve("t.db").toString(), "--db", dir.resolve("m.db").toString(), "--json"}, CliTest.FAST));
        assertEquals(0, r.code(), r.err());
        JsonNode p = r.json().get("pruned").get(0);
        assertEquals("L2-d32-h2-f64-v256-c64", p.get("arch").asText(), "half the units: the feed-forward halved");
        assertEquals(0.5, p.get("ratio").asDouble());
        assertEquals((5 + 2) * 4 * 64, r.json().get("training_tokens").asLong());
        Result image = CliTest.run("prune", "--space", "mbv3", "--arch", PARENT, "--dataset", "moby-dick",
                "--ratios", "0.5");
        assertEquals(2, image.code());
        assertTrue(image.err().contains("is text: it prunes a language model"), image.err());
    }

    @Test
    void whatNoPruningCanGiveIsRefusedWithOneLine() {
        Result neither = CliTest.run(prune());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give --ratios R1,R2,... or --target"), neither.err());
        Result ratio = CliTest.run(prune("--ratios", "1.5"));
        assertEquals(2, ratio.code());
        assertTrue(ratio.err().contains("1.5 is not a fraction of units kept in (0, 1]"), ratio.err());
        Result space = CliTest.run("prune", "--space", "nb201", "--arch", TrainCliTest.ARCH, "--dataset", "digits",
                "--ratios", "0.5", "--training-db", dir.resolve("t.db").toString());
        assertEquals(2, space.code());
        assertTrue(space.err().contains("space nb201 has no prunable dimensions"), space.err());
        Result minimal = CliTest.run("prune", "--space", "mbv3", "--arch",
                "r128-d22222-k33003300330033003300-e33003300330033003300", "--dataset", "digits", "--steps", "2",
                "--ratios", "0.5", "--training-db", dir.resolve("t.db").toString(), "--db",
                dir.resolve("m.db").toString());
        assertEquals(2, minimal.code());
        assertTrue(minimal.err().contains("is already minimal"), minimal.err());
        assertEquals("", minimal.out(), "nothing printed");
    }
}
