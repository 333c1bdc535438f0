package io.hwnas.cli;

import static io.hwnas.core.testing.SpecialFiles.fifo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.cli.CliTest.Result;
import io.hwnas.cli.device.DevicesCommand;
import io.hwnas.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule of docs/architecture.md across commands: 2 when what the user gave is wrong (an argument, a path of the
 * wrong kind, a file that is not what it should be), 1 when the environment fails on good input; one line either
 * way, naming the path or the value.
 */
class ExitCodesTest {

    @TempDir
    static Path dir;

    static final String ARCH = DevicesCommand.Check.SANITY_ARCH;

    static Path good;

    @BeforeAll
    static void exportAModel() {
        good = dir.resolve("good.onnx");
        Result r = CliTest.run("export", "--space", "nb201", "--arch", ARCH, "-o", good.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String db() {
        return dir.resolve("exit-codes.db").toString();
    }

    /** One bad input: a word the one line must hold (the path or the value it names), and the arguments. */
    record Case(String names, String... args) {}

    private static List<Case> badInput() throws Exception {
        byte[] model = Files.readAllBytes(good);
        String truncated = write("truncated.onnx", Arrays.copyOf(model, model.length / 2)).toString();
        String garbage = write("garbage.onnx", "\u0000\u0001 not a model at all".getBytes()).toString();
        String empty = write("empty.onnx", new byte[0]).toString();
        String folder = Files.createDirectories(dir.resolve("a-folder")).toString();
        String plainFile = Files.writeString(dir.resolve("plain-file"), "x").toString();
        String table = Fixtures.helpTablePath().toString();
        String missing = dir.resolve("no-such.onnx").toString();
        return List.of(
                new Case(truncated, "measure", truncated, "--db", db()),
                new Case(garbage, "measure", garbage, "--db", db()),
                new Case(empty, "measure", empty, "--db", db()),
                new Case(missing, "measure", missing, "--db", db()),
                new Case("100000000", "measure", good.toString(), "--threads", "100000000"),
                new Case(folder, "export", "--space", "nb201", "--arch", ARCH, "-o", folder),
                new Case("a folder, not a table: " + folder, "predictor", "eval", "--space", "nb201", "--table",
                        folder, "--arch-column", "arch_str", "--latency-column", "x"),
                new Case(plainFile, "search", "--latency-table", table, "--latency-column", "1080ti_1_ms",
                        "--evaluations", "20", "--out", plainFile),
                new Case(folder, "search", "--latency-table", folder, "--latency-column", "1080ti_1_ms",
                        "--evaluations", "20", "--out", dir.resolve("s").toString()),
                new Case("--no-such-flag", "sample", "--space", "nb201", "--no-such-flag"),
                new Case("nb999", "sample", "--space", "nb999"));
    }

    @Test
    void badInputExitsTwoWithOneLineNamingIt() throws Exception {
        for (Case c : badInput()) {
            Result r = CliTest.run(c.args());
            String what = String.join(" ", c.args());
            assertEquals(Errors.BAD_INPUT, r.code(), what + "\n" + r.err());
            assertTrue(r.err().contains(c.names()), what + ": " + r.err());
            if (!c.names().startsWith("--")) { // picocli's own errors add the usage or a suggestion
                assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
            }
        }
    }

    @Test
    void exportOntoAFifoIsRefusedAndTheFifoStays() throws Exception {
        Path pipe = fifo(dir.resolve("pipe.onnx"));
        Result r = CliTest.run("export", "--space", "nb201", "--arch", ARCH, "-o", pipe.toString());
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertEquals("hwnas: not a regular file: " + pipe + " (a FIFO); hwnas writes only to regular files and new "
                + "paths", r.err().strip());
        assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe, LinkOption.NOFOLLOW_LINKS), "still a FIFO");
    }

    @Test
    void aRunDirectoryThatIsAFileLeavesTheFileAlone() throws Exception {
        Path plainFile = Files.writeString(dir.resolve("keep-me"), "mine");
        Result r = CliTest.run("search", "--latency-table", Fixtures.helpTablePath().toString(), "--latency-column",
                "1080ti_1_ms", "--evaluations", "20", "--out", plainFile.toString());
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertEquals("mine", Files.readString(plainFile));
    }

    @Test
    void anAgentThatDoesNotAnswerIsAnEnvironmentFailure() throws Exception {
        Path token = Files.writeString(dir.resolve("t.token"), "a-token-long-enough-for-any-rule-0123456789");
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
        Result r = CliTest.run("measure", good.toString(), "--agent", "http://127.0.0.1:9", "--token-file",
                token.toString(), "--db", db());
        assertEquals(Errors.FAILED, r.code(), r.err());
        assertTrue(r.err().contains("127.0.0.1:9"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void theRuleIsWhatTheDocsSay() throws IOException {
        String docs = Files.readString(Path.of("../docs/architecture.md"));
        for (String words : List.of("2 bad input", "1 the environment failed on good input",
                "`cli`'s `ExitCodesTest`")) {
            assertTrue(docs.contains(words), words);
        }
        assertEquals(2, Errors.BAD_INPUT);
        assertEquals(1, Errors.FAILED);
    }
}
