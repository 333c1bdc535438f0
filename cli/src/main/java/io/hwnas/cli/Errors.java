package io.hwnas.cli;

import io.hwnas.core.io.OneLine;
import io.hwnas.profilers.ort.ProfilingException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Set;

/**
 * Maps exceptions to one line for the user and an exit code.
 *
 * <p>The rule (docs/architecture.md, "The command line: errors and exit codes"): {@value #BAD_INPUT} when what the
 * user gave is wrong, so that running again unchanged fails again (an argument, a count out of its range, a path
 * that does not exist or is the wrong kind of file, a file whose contents are not what it should be, such as a
 * truncated ONNX model); {@value #FAILED} when the environment failed on good input (permissions, a full disk, the
 * database, ONNX Runtime on a valid model, an agent that does not answer). The line quotes what it was given
 * escaped and cut ({@link OneLine}), so a 10 KB value or a terminal escape sequence in a file cannot flood or
 * drive the terminal.
 */
public final class Errors {

    /** A caller's mistake: bad argument, unknown name, malformed architecture, a path or file that does not fit. */
    public static final int BAD_INPUT = 2;
    /** The environment failed: permissions, the disk, the database, ONNX Runtime, a remote device. */
    public static final int FAILED = 1;

    /**
     * ONNX Runtime's codes for a model it cannot load or run because of the model itself (a truncated or
     * malformed file, a graph that does not connect, an operator it has no kernel for).
     */
    private static final Set<String> BAD_MODEL_CODES = Set.of("ORT_INVALID_PROTOBUF", "ORT_NO_MODEL",
            "ORT_INVALID_GRAPH", "ORT_INVALID_ARGUMENT", "ORT_NOT_IMPLEMENTED");

    private Errors() {}

    /** One printable line saying what went wrong and naming the value (escaped, and cut when long). */
    public static String describe(Throwable ex) {
        return OneLine.of(words(ex));
    }

    private static String words(Throwable ex) {
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
        Throwable t = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        return isBadInput(t) ? BAD_INPUT : FAILED;
    }

    private static boolean isBadInput(Throwable t) {
        if (t instanceof IllegalArgumentException) {
            return true;
        }
        // A path the user named that does not exist, or is a file where a folder must be or the other way round.
        if (t instanceof NoSuchFileException || t instanceof NotDirectoryException
                || t instanceof FileAlreadyExistsException) {
            return true;
        }
        if (t instanceof FileSystemException f && f.getReason() != null
                && (f.getReason().contains("Is a directory") || f.getReason().contains("Not a directory"))) {
            return true;
        }
        return t instanceof ProfilingException p
                && p.ortErrorCode().map(Enum::name).filter(BAD_MODEL_CODES::contains).isPresent();
    }
}
