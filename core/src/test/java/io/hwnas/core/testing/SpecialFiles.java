package io.hwnas.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Files that are not regular files, for the tests that an output is never written onto one. */
public final class SpecialFiles {

    private SpecialFiles() {}

    /** A real FIFO at {@code at}, made by mkfifo; the calling test is skipped only where there is no mkfifo. */
    public static Path fifo(Path at) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
            throw e;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mkfifo hung");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return at;
    }
}
