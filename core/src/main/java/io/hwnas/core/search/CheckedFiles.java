package io.hwnas.core.search;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The header every binary file of a run directory begins with, checked before a byte of the rest is decoded: an
 * eight-letter magic naming the kind of file, the format version, and (for a file written whole) the length of
 * what follows and its CRC32. A file that fails a check is refused with a {@link RunFileException} saying which:
 * truncated at byte N of M, a checksum mismatch, not an hwnas file, or written by an older or newer hwnas.
 *
 * <pre>{@code
 * byte[] file = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload);
 * PlainInput in = CheckedFiles.read(path, CheckedFiles.CHECKPOINT);   // checked, then decoded field by field
 * }</pre>
 */
final class CheckedFiles {

    /** The format of a run directory's binary files; 4 is the first that is not Java-serialised. */
    static final int FORMAT = 4;
    /** Magic and version. */
    static final int PREFIX = 12;
    /** Magic, version, payload length and CRC32. */
    static final int HEADER = PREFIX + 8 + 4;
    /** The first bytes of a Java-serialised stream: what hwnas wrote before format 4. */
    private static final int JAVA_SERIALISED = 0xACED0005;

    /**
     * A kind of file.
     *
     * @param magic    eight ASCII letters
     * @param name     what the file is, for messages
     * @param maxBytes the largest payload accepted, far above any real run's
     */
    record Kind(String magic, String name, long maxBytes) {}

    static final Kind CHECKPOINT = new Kind("HWNASCKP", "hwnas checkpoint", 1L << 30);
    static final Kind CANDIDATES = new Kind("HWNASCND", "hwnas candidate log", Long.MAX_VALUE);

    private CheckedFiles() {}

    /** Magic and version: all a log's header holds (its records carry their own length and checksum). */
    static byte[] prefix(Kind kind) {
        return ByteBuffer.allocate(PREFIX).put(kind.magic().getBytes(StandardCharsets.US_ASCII)).putInt(FORMAT)
                .array();
    }

    /** {@code payload} after its header. */
    static byte[] frame(Kind kind, byte[] payload) {
        return ByteBuffer.allocate(HEADER + payload.length).put(prefix(kind)).putLong(payload.length)
                .putInt(crc(payload, 0, payload.length)).put(payload).array();
    }

    static int crc(byte[] b, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(b, offset, length);
        return (int) c.getValue();
    }

    /** The payload of {@code file}, its header checked, ready to decode. */
    static PlainInput read(Path file, Kind kind) throws IOException {
        long size = Files.size(file);
        byte[] head = new byte[(int) Math.min(size, HEADER)];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                throw new RunFileException(file, "changed while it was read");
            }
        }
        checkPrefix(file, kind, head);
        if (size < HEADER) {
            throw truncated(file, size, HEADER, "header");
        }
        ByteBuffer h = ByteBuffer.wrap(head, PREFIX, HEADER - PREFIX);
        long length = h.getLong();
        int stored = h.getInt();
        if (length < 0 || length > kind.maxBytes()) {
            throw new RunFileException(file, "damaged: its header gives a length of " + length + " bytes, outside 0 "
                    + "to " + kind.maxBytes());
        }
        if (size < HEADER + length) {
            throw truncated(file, size, HEADER + length, "file");
        }
        if (size > HEADER + length) {
            throw new RunFileException(file, "damaged: " + (size - HEADER - length) + " bytes follow the "
                    + (HEADER + length) + " its header gives");
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length != size) {
            throw new RunFileException(file, "changed while it was read");
        }
        int computed = crc(all, HEADER, (int) length);
        if (computed != stored) {
            throw new RunFileException(file, String.format("checksum mismatch (CRC32 stored %08x, computed %08x): "
                    + "the file is damaged", stored, computed));
        }
        byte[] payload = java.util.Arrays.copyOfRange(all, HEADER, all.length);
        return new PlainInput(payload, file, HEADER);
    }

    /**
     * Checks the magic and the version at the start of {@code head} (as much of the file as there is, up to the
     * header's length).
     */
    static void checkPrefix(Path file, Kind kind, byte[] head) {
        if (head.length >= 4 && ByteBuffer.wrap(head).getInt() == JAVA_SERIALISED
                || kind == CANDIDATES && head.length >= 8 && ByteBuffer.wrap(head, 4, 4).getInt() == JAVA_SERIALISED) {
            throw new RunFileException(file, "written by an older hwnas (Java-serialised, before run-directory "
                    + "format " + FORMAT + "), which this one does not read: " + startOver(file));
        }
        byte[] magic = kind.magic().getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(head.length, magic.length);
        if (!java.util.Arrays.equals(head, 0, n, magic, 0, n)) {
            throw new RunFileException(file, "not an " + kind.name() + " (it begins with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(head.length, 8)) + ", not '"
                    + kind.magic() + "')");
        }
        if (head.length < PREFIX) {
            throw truncated(file, head.length, PREFIX, "header");
        }
        int version = ByteBuffer.wrap(head, magic.length, 4).getInt();
        if (version < FORMAT) {
            throw new RunFileException(file, "written by an older hwnas (format " + version + "; this one reads "
                    + FORMAT + "): " + startOver(file));
        }
        if (version > FORMAT) {
            throw new RunFileException(file, "written by a newer hwnas (format " + version + "; this one reads "
                    + FORMAT + "): continue the run with that version");
        }
    }

    static RunFileException truncated(Path file, long at, long of, String what) {
        return new RunFileException(file, "truncated at byte " + at + " of " + of + " (the " + what
                + " ends early)");
    }

    private static String startOver(Path file) {
        Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
        return "finish the run with the hwnas that wrote it, or start it over: delete " + dir.resolve(Checkpoint.FILE)
                + " and " + dir.resolve(Checkpoint.CANDIDATES) + ", and resume " + dir
                + " (it starts again from its manifest)";
    }
}
