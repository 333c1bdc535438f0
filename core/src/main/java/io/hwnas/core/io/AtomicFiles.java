package io.hwnas.core.io;

import java.io.IOException;
import java.util.UUID;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written beside their target and moved into place, so that a failure leaves no half-written file. */
public final class AtomicFiles {

    /** What to write. */
    public interface Content {
        void writeTo(OutputStream out) throws Exception;
    }

    private AtomicFiles() {}

    public static void write(Path target, Content content) throws Exception {
        write(target, content, false);
    }

    /**
     * Like {@link #write(Path, Content)}, and the bytes are forced to the disk before the move, so that after a
     * power cut or a kill the target is the old file or the new one, whole (checkpoints need this).
     */
    public static void writeDurably(Path target, Content content) throws IOException {
        try {
            write(target, content, true);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static void write(Path target, Content content, boolean force) throws Exception {
        Path abs = destination(target);
        // Not createTempFile: its files are private (rw-------); a report or a front is for others to read too.
        Path tmp = Files.createFile(abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            if (force) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Where writing {@code target} puts the file: the path itself when it is new or a regular file, the file a
     * symbolic link points to. Anything else is refused before a byte is written, since moving a new file onto it
     * would replace it: a folder, a FIFO, a device such as {@code /dev/full}, a socket, a link to nothing.
     *
     * @throws IllegalArgumentException naming the path and what it is, e.g. {@code not a regular file: /tmp/p (a
     *                                  FIFO); hwnas writes only to regular files and new paths}
     */
    public static Path destination(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isSymbolicLink(abs)) {
            if (!Files.exists(abs)) {
                throw new IllegalArgumentException("a symbolic link to nothing: " + target + " -> "
                        + Files.readSymbolicLink(abs) + "; write to the file itself");
            }
            abs = abs.toRealPath();
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException((Files.isDirectory(abs) ? "a folder, not a file: " + target
                    : "not a regular file: " + target + " (" + kind(abs) + ")")
                    + "; hwnas writes only to regular files and new paths");
        }
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException((Files.exists(dir) ? "the output's folder is a file: "
                    : "output folder does not exist: ") + dir);
        }
        return abs;
    }

    /** What a special file is, from its POSIX mode where the platform tells it. */
    private static String kind(Path special) {
        try {
            int type = (Integer) Files.getAttribute(special, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file";
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        try {
            write(target, out -> out.write(bytes));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
