package io.hwnas.core.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** SHA-256 of model files, as lowercase hex: the identity of a model in the measurement store. */
public final class Sha256 {

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {}

    /** Hashes the file's bytes, streaming, so large models are not read into memory. */
    public static String ofFile(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest(bytes));
    }

    /** The 32 bytes of {@code bytes}' digest (to compare secrets with {@link MessageDigest#isEqual}). */
    public static byte[] digest(byte[] bytes) {
        return newDigest().digest(bytes);
    }

    /** Checks that {@code value} is 64 lowercase hex digits. */
    public static String requireHex(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!HEX_64.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex digits, but was '" + value + "'");
        }
        return value;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
