package io.hwnas.core.io;

import static io.hwnas.core.testing.SpecialFiles.fifo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written whole or not at all, and only where a regular file is or may be: never onto a FIFO or a device. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private static final byte[] BYTES = "new".getBytes(StandardCharsets.UTF_8);

    private List<Path> leftovers() throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void writesANewFileAndReplacesARegularOne() throws Exception {
        Path f = dir.resolve("a.bin");
        AtomicFiles.write(f, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, BYTES);
        assertArrayEquals(BYTES, Files.readAllBytes(f));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void refusesAFifoAndLeavesItAFifo() throws Exception {
        Path p = fifo(dir.resolve("pipe"));
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(p, BYTES));
        assertEquals("not a regular file: " + p + " (a FIFO); hwnas writes only to regular files and new paths",
                e.getMessage());
        assertTrue(Files.exists(p) && !Files.isRegularFile(p), "the FIFO is still there and still a FIFO");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void refusesADeviceBeforeWritingAByte() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full here");
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(full, BYTES));
        assertTrue(e.getMessage().startsWith("not a regular file: /dev/full (a character device)"), e.getMessage());
        assertTrue(!Files.isRegularFile(full));
    }

    @Test
    void refusesAFolderNamingIt() throws Exception {
        Path d = Files.createDirectory(dir.resolve("out"));
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeDurably(d, out -> out.write(1)));
        assertEquals("a folder, not a file: " + d + "; hwnas writes only to regular files and new paths",
                e.getMessage());
        assertTrue(Files.isDirectory(d));
    }

    @Test
    void writesThroughASymbolicLinkOntoItsFileAndKeepsTheLink() throws Exception {
        Path real = Files.writeString(dir.resolve("real.txt"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real.getFileName());
        AtomicFiles.write(link, BYTES);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(BYTES, Files.readAllBytes(real));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void refusesALinkToNothingAndALinkToAFifo() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(dangling, BYTES));
        assertTrue(e.getMessage().startsWith("a symbolic link to nothing: " + dangling), e.getMessage());
        Path toFifo = Files.createSymbolicLink(dir.resolve("to-pipe"), fifo(dir.resolve("pipe")));
        e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(toFifo, BYTES));
        assertTrue(e.getMessage().contains("(a FIFO)"), e.getMessage());
        assertTrue(Files.isSymbolicLink(toFifo));
        Path pipe = dir.resolve("pipe");
        assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe, LinkOption.NOFOLLOW_LINKS), "still a FIFO");
    }

    @Test
    void refusesAFolderThatDoesNotExistOrIsAFile() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(dir.resolve("no/such/a.txt"), BYTES));
        assertEquals("output folder does not exist: " + dir.resolve("no/such"), e.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(file.resolve("a.txt"), BYTES));
        assertEquals("the output's folder is a file: " + file, e.getMessage());
    }
}
