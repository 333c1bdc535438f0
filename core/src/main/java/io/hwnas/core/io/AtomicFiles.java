package io.hwnas.core.io;

import java.io.IOException;
import java.util.UUID;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.OutputStream;
import java.nio.file.Files;
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
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output folder does not exist: " + dir);
        }
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
