package io.hwnas.core.search;

import io.hwnas.core.io.OneLine;
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

    /** {@code s}, a value read from a file, as a message quotes it: in quotes, escaped, cut past about 80. */
    static String quote(String s) {
        return "'" + OneLine.of(s, 80) + "'";
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
