package io.hwnas.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {

    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("top.txt"), "1");
        Files.writeString(root.resolve("a/b/mid.txt"), "2");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "3");
        return root;
    }

    @Test
    void deletesAFolderWithEverythingBelowIt() throws IOException {
        Path root = tree();
        Trees.delete(root);
        assertFalse(Files.exists(root));
        assertTrue(Files.isDirectory(dir), "only the tree goes, not its parent");
    }

    @Test
    void aMissingFolderIsNothingToDo() throws IOException {
        Trees.delete(dir.resolve("never-made"));
        Trees.deleteQuietly(dir.resolve("never-made"));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void deletesAFileGivenInPlaceOfAFolder() throws IOException {
        Path f = Files.writeString(dir.resolve("f.txt"), "x");
        Trees.delete(f);
        assertFalse(Files.exists(f));
    }

    @Test
    void deletesQuietlyWhatItCan() throws IOException {
        Path root = tree();
        Trees.deleteQuietly(root);
        assertFalse(Files.exists(root));
    }

    @Test
    void deletesALinkNotWhatItPointsTo() throws IOException {
        Path kept = tree();
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createSymbolicLink(other.resolve("link"), kept);
        Trees.delete(other);
        assertFalse(Files.exists(other));
        assertTrue(Files.isRegularFile(kept.resolve("a/b/c/deep.txt")));
    }
}
