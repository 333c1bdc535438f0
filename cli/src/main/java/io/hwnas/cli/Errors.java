package io.hwnas.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Maps exceptions to one line for the user and an exit code. */
public final class Errors {

    /** A caller's mistake: bad argument, unknown name, malformed architecture. */
    public static final int BAD_INPUT = 2;
    /** The environment failed: a file, the database, ONNX Runtime. */
    public static final int FAILED = 1;

    private Errors() {}

    public static String describe(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (t instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return isBug(t) ? t.getClass().getSimpleName() + ": " + m : m;
    }

    public static boolean isBug(Throwable t) {
        return t instanceof NullPointerException || t instanceof ClassCastException
                || t instanceof ArrayIndexOutOfBoundsException;
    }

    public static int exitCode(Throwable ex) {
        return ex instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
    }
}
