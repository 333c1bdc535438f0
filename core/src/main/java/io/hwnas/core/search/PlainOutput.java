package io.hwnas.core.search;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Plain numbers and text, big-endian, for the run directory's binary files: what {@link PlainInput} reads back,
 * checking every length against the bytes left. Nothing here names a class, so reading can build only the values
 * the reader asks for.
 */
final class PlainOutput {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    PlainOutput writeInt(int v) {
        return io(() -> out.writeInt(v));
    }

    PlainOutput writeLong(long v) {
        return io(() -> out.writeLong(v));
    }

    PlainOutput writeDouble(double v) {
        return io(() -> out.writeDouble(v));
    }

    PlainOutput writeBoolean(boolean v) {
        return io(() -> out.writeBoolean(v));
    }

    PlainOutput writeByte(int v) {
        return io(() -> out.writeByte(v));
    }

    /** UTF-8, after its length in bytes. */
    PlainOutput writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        return io(() -> out.write(b));
    }

    /** A string that may be null: a flag, then the string. */
    PlainOutput writeNullableString(String s) {
        writeBoolean(s != null);
        return s == null ? this : writeString(s);
    }

    /** An array that may be null: its length (-1 for null), then the values. */
    PlainOutput writeDoubles(double[] values) {
        if (values == null) {
            return writeInt(-1);
        }
        writeInt(values.length);
        for (double v : values) {
            writeDouble(v);
        }
        return this;
    }

    PlainOutput writeBytes(byte[] b) {
        writeInt(b.length);
        return io(() -> out.write(b));
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private PlainOutput io(Write w) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return this;
    }
}
