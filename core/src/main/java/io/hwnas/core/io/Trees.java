package io.hwnas.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folder trees: deleting a scratch folder with everything in it.
 *
 * <pre>{@code
 * Path work = Files.createTempDirectory("hwnas-trace");
 * try {
 *     ...
 * } finally {
 *     Trees.deleteQuietly(work);
 * }
 * }</pre>
 */
public final class Trees {

    private Trees() {}

    /**
     * Deletes {@code dir} and everything below it, files before their folders; a missing {@code dir} is nothing to
     * do. Links are deleted, not followed.
     *
     * @throws IOException naming the first path that could not be deleted
     */
    public static void delete(Path dir) throws IOException {
        for (Path p : deepestFirst(dir)) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * {@link #delete(Path)} for scratch folders, where a leftover file in the temporary folder is not worth failing
     * the work for: whatever cannot be deleted stays, and nothing is thrown.
     */
    public static void deleteQuietly(Path dir) {
        List<Path> all;
        try {
            all = deepestFirst(dir);
        } catch (IOException e) {
            return;
        }
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a folder that keeps a leftover file stays too; the rest goes
            }
        }
    }

    private static List<Path> deepestFirst(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
