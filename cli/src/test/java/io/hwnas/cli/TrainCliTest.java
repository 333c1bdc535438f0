package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.onnx.OnnxChecker;
import io.hwnas.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training as the user meets it: real DJL training on the shipped digits, a real training database. */
class TrainCliTest {

    static final String ARCH =
            "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";

    @TempDir
    Path dir;

    @Test
    void trainPrintsItsAccuracyAndSpeedAndAnswersARepeatFromTheDatabase() throws Exception {
        String db = dir.resolve("t.db").toString();
        Path onnx = dir.resolve("trained.onnx");
        String[] args = {"train", "--space", "nb201", "--arch", ARCH, "--dataset", "digits", "--steps", "30",
            "--batch-size", "32", "--seed", "3", "--json", "--test", "--training-db", db, "-o", onnx.toString()};
        Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        for (String k : List.of("accuracy", "epochs", "train_seconds", "images_per_second", "test_accuracy")) {
            assertTrue(j.has(k), k + " missing in " + j);
        }
        assertEquals("fraction", j.get("accuracy_unit").asText());
        assertEquals("validation", j.get("accuracy_split").asText());
        double acc = j.get("accuracy").asDouble();
        assertTrue(acc > 0.3 && acc <= 1, "30 steps learn digits far above chance (0.1): " + acc);
        assertTrue(j.get("images_per_second").asDouble() > 0);
        assertEquals(30, j.get("steps").asInt());
        assertFalse(j.get("cached").asBoolean());
        assertTrue(Files.size(onnx) > 100_000);
        Optional<Path> tool = OnnxChecker.locate();
        if (tool.isPresent()) {
            OnnxChecker.Verdict v = OnnxChecker.check(tool.get(), List.of(onnx)).get(onnx);
            assertTrue(v.ok(), "onnx-check: " + v.error());
            // the trained file is the network the IR defines for digits, every parameter in it
            Result export = CliTest.run("export", "--space", "nb201", "--dataset", "digits", "--arch", ARCH, "-o",
                    dir.resolve("random.onnx").toString(), "--json");
            assertEquals(0, export.code(), export.err());
            assertEquals(export.json().get("params").asLong(), v.params());
            assertEquals(export.json().get("trainable_params").asLong(), j.get("parameters").asLong());
        }

        Result again = CliTest.run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.json().get("cached").asBoolean());
        assertEquals(acc, again.json().get("accuracy").asDouble());
    }

    @Test
    void badTrainingInputIsNamed() {
        Result ds = CliTest.run("train", "--space", "nb201", "--arch", ARCH, "--dataset", "cifar10");
        assertEquals(2, ds.code());
        assertTrue(ds.err().contains("unknown dataset 'cifar10'"), ds.err());
        Result both = CliTest.run("train", "--space", "nb201", "--arch", ARCH, "--dataset", "digits", "--epochs",
                "1", "--steps", "5");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--epochs and --steps"), both.err());
        Result opt = CliTest.run("train", "--space", "nb201", "--arch", ARCH, "--dataset", "digits", "--optimizer",
                "lbfgs");
        assertEquals(2, opt.code());
        assertTrue(opt.err().contains("unknown optimizer 'lbfgs'"), opt.err());
    }

    @Test
    void aSearchWithTheTrainingOracleTrainsEachCandidateOnceAndScoresItsFrontOnTheTestSplit() throws Exception {
        Path out = dir.resolve("run");
        String db = dir.resolve("t.db").toString();
        String help = Fixtures.helpTablePath().toString();
        String[] args = {"search", "--accuracy", "train:digits", "--steps", "10", "--batch-size", "32",
            "--latency-table", help, "--latency-column", "1080ti_1_ms", "--evaluations", "8",
            "--population", "4", "--seed", "2", "--training-db", db, "--out", out.toString(), "--json"};
        Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        JsonNode j = r.json();
        assertEquals("train:digits", j.get("accuracy_oracle").asText());
        assertTrue(j.get("evaluations").asInt() >= 8);
        for (JsonNode row : j.get("front")) {
            assertTrue(row.get("accuracy").asDouble() > 0 && row.get("accuracy").asDouble() <= 100, row.toString());
            assertTrue(row.has("test_accuracy"), "front members are scored on the test split: " + row);
            assertTrue(row.get("export").asText().contains("--dataset digits"), row.toString());
        }
        JsonNode manifest = Json.MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertEquals(8, manifest.path("input").path("size").asInt());
        assertTrue(manifest.path("accuracy_oracle").path("source").asText().contains("DJL"));
        assertEquals(10, manifest.path("search").path("accuracy").path("training").path("steps").asInt());
        try (var store = io.hwnas.training.store.SqliteTrainingStore.open(Path.of(db))) {
            assertEquals(j.get("evaluations").asInt(), store.count(), "one training per evaluated candidate");
        }
        // successive halving: the same search with the front promoted to a longer training reuses every short
        // training from the database, trains the front's members longer, and says so in each front row
        String[] more = args.clone();
        more[java.util.Arrays.asList(more).indexOf(out.toString())] = dir.resolve("promoted").toString();
        Result promoted = CliTest.run(CliTest.concat(more, "--final-epochs", "1"));
        assertEquals(0, promoted.code(), promoted.err());
        JsonNode p = promoted.json();
        assertTrue(p.get("promoted").asInt() >= p.get("front").size(), p.toString());
        for (JsonNode row : p.get("front")) {
            assertTrue(row.has("accuracy_low_fidelity"), "front members are at the higher fidelity: " + row);
        }
        try (var store = io.hwnas.training.store.SqliteTrainingStore.open(Path.of(db))) {
            assertEquals(j.get("evaluations").asInt() + p.get("promoted").asInt(), store.count());
        }
        // the export command of a front member builds the trained network's shape
        String arch = j.get("front").get(0).get("arch").asText();
        Result export = CliTest.run("export", "--space", "nb201", "--dataset", "digits", "--arch", arch, "-o",
                dir.resolve("m.onnx").toString(), "--json");
        assertEquals(0, export.code(), export.err());
    }
}
