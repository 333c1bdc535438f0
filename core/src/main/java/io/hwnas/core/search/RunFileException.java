package io.hwnas.core.search;

import java.nio.file.Path;

/**
 * A run directory's file that cannot be used as it is: truncated, damaged (its checksum does not match), not an
 * hwnas file, written by another version, or holding values that do not fit the run. Its message names the file
 * and what is wrong, in one line; a bad input (exit code 2), as the file is the user's to replace or remove.
 */
public final class RunFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    private final transient Path file;

    RunFileException(Path file, String what) {
        super(file + ": " + what);
        this.file = file;
    }

    RunFileException(Path file, String what, Throwable cause) {
        super(file + ": " + what, cause);
        this.file = file;
    }

    /**
     * {@code s} as a message may show a value read from a file: quoted, control characters escaped, cut after 80
     * characters.
     */
    static String quote(String s) {
        return "'" + clean(s, 80) + "'";
    }

    /** {@code s} with control characters escaped, cut once {@code max} characters are written. */
    static String clean(String s, int max) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? b.append("...").toString() : b.toString();
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
