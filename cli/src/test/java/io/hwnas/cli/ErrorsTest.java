package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.io.OneLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error quotes what it was given, and what it was given may be 10 KB long, hold newlines, or hold escape
 * sequences: the line stays one printable line of bounded length, whatever the input.
 */
class ErrorsTest {

    /** How long an error line may get: {@code hwnas: }, the cut line, and the note of what was cut. */
    private static final int MAX_LINE = "hwnas: ".length() + OneLine.MAX + 60;

    @TempDir
    Path dir;

    /** No character that moves the cursor, rings, clears or reorders the terminal; one line. */
    private static void assertOnePrintableLine(Result r) {
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), r.err());
        assertTrue(line.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0)
                && Character.getType(c) != Character.FORMAT), line);
    }

    @Test
    void aTenKilobyteArchitectureIsCutWithACount() {
        String arch = "|nor_conv_3x3~0|" + "+".repeat(10_000);
        Result r = CliTest.run("inspect", "--space", "nb201", "--arch", arch);
        assertEquals(Errors.BAD_INPUT, r.code());
        assertOnePrintableLine(r);
        assertTrue(r.err().length() < MAX_LINE, r.err().length() + " characters: " + r.err());
        assertTrue(r.err().matches("(?s)hwnas: .* \\.\\.\\. \\[[0-9,]+ characters cut] \\.\\.\\. .*"), r.err());
    }

    @Test
    void escapeSequencesInAnArgumentAreShownNotObeyed() {
        Result r = CliTest.run("inspect", "--space", "nb201", "--arch", "\u001b[2J\u001b]0;owned\u0007\nsecond line");
        assertEquals(Errors.BAD_INPUT, r.code());
        assertOnePrintableLine(r);
        assertTrue(r.err().contains("\\x1b[2J\\x1b]0;owned\\x07\\nsecond line"), r.err());
    }

    @Test
    void picocliLinesAreEscapedToo() {
        Result r = CliTest.run("sample", "--space", "nb201", "\u001b[31mred\u202e");
        assertEquals(Errors.BAD_INPUT, r.code());
        String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.contains("\\x1b[31mred\\u202e"), first);
        assertFalse(r.err().contains("\u001b"), r.err());
    }

    @Test
    void aBinaryCsvHeaderIsEscaped() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        // a long header is shown by its two ends: the sequence that would clear the screen goes first, where it is kept
        csv.write("\u001b[2J".getBytes(StandardCharsets.US_ASCII));
        for (int b = 0; b < 256; b++) {
            if (b != '\n' && b != '\r' && b != ',') {
                csv.write(b);
            }
        }
        csv.write(",lat\n|a~0|,1\n".getBytes(StandardCharsets.US_ASCII));
        Path table = Files.write(dir.resolve("binary.csv"), csv.toByteArray());
        Result r = CliTest.run("predictor", "eval", "--space", "nb201", "--table", table.toString(), "--arch-column",
                "arch_str", "--latency-column", "lat");
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertOnePrintableLine(r);
        assertTrue(r.err().contains("no column 'arch_str'; columns: [\\x1b[2J\\x00\\x01\\x02"), r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
    }
}
