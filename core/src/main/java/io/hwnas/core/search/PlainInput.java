package io.hwnas.core.search;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads what {@link PlainOutput} wrote, from bytes already checked against their checksum. Every count and length
 * is checked against the bytes left before anything is allocated, so a damaged or crafted length cannot ask for
 * gigabytes; whatever does not fit is a {@link RunFileException} naming the file and the byte.
 */
final class PlainInput {

    private final ByteBuffer in;
    private final Path file;
    /** Where these bytes begin in the file, for messages. */
    private final long offset;
    /** What part of the file these bytes are, for messages; empty for the file itself. */
    private final String part;

    PlainInput(byte[] bytes, Path file, long offset) {
        this(bytes, file, offset, "");
    }

    /** The bytes of a part of {@code file} (named in messages, its bytes counted from its start). */
    PlainInput(byte[] bytes, Path file, String part) {
        this(bytes, file, 0, " of " + part);
    }

    private PlainInput(byte[] bytes, Path file, long offset, String part) {
        this.in = ByteBuffer.wrap(bytes);
        this.file = file;
        this.offset = offset;
        this.part = part;
    }

    Path file() {
        return file;
    }

    int remaining() {
        return in.remaining();
    }

    /** A failure at the current position. */
    RunFileException malformed(String what) {
        return new RunFileException(file, "malformed at byte " + (offset + in.position()) + part + ": " + what);
    }

    private void need(long n, String what) {
        if (n > in.remaining()) {
            throw malformed(what + " needs " + n + " bytes, but only " + in.remaining() + " are left");
        }
    }

    int readInt() {
        need(4, "an int");
        return in.getInt();
    }

    long readLong() {
        need(8, "a long");
        return in.getLong();
    }

    double readDouble() {
        need(8, "a number");
        return in.getDouble();
    }

    byte readByte() {
        need(1, "a byte");
        return in.get();
    }

    boolean readBoolean() {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw malformed("a boolean was expected, but the byte is " + b);
        }
        return b == 1;
    }

    /**
     * A count of things that take at least {@code minBytes} each: at most what the bytes left can hold.
     */
    int readCount(String what, int minBytes) {
        int n = readInt();
        if (n < 0 || (long) n * minBytes > in.remaining()) {
            throw malformed(what + ": a count of " + n + " does not fit the " + in.remaining() + " bytes left");
        }
        return n;
    }

    String readString() {
        int n = readCount("text", 1);
        byte[] b = new byte[n];
        in.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("text that is not UTF-8");
        }
    }

    String readNullableString() {
        return readBoolean() ? readString() : null;
    }

    double[] readDoubles() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || (long) n * Double.BYTES > in.remaining()) {
            throw malformed("numbers: a count of " + n + " does not fit the " + in.remaining() + " bytes left");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.getDouble();
        }
        return out;
    }

    byte[] readBytes() {
        int n = readCount("bytes", 1);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** Fails unless every byte was read. */
    void end() {
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes are left over after the last field");
        }
    }
}
