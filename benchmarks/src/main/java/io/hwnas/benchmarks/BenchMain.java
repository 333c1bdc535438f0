package io.hwnas.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Function;

/**
 * The main of an evaluation: parses the command line, then runs; each failure is one line on stderr, as the
 * command line tool prints them: a bad option exits 2, a missing file or a bad table, column or setting exits 1.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     BenchMain.run("search-peers", args, PeerOptions::parse, SearchPeers::run);
 * }
 * }</pre>
 */
final class BenchMain {

    /** What runs once the options are parsed. */
    interface Body<O> {
        void run(O options) throws IOException;
    }

    private BenchMain() {}

    static <O> void run(String tool, String[] args, Function<String[], O> parse, Body<O> body) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            body.run(options);
        } catch (NoSuchFileException e) {
            System.err.println(tool + ": no such file: " + e.getFile());
            System.exit(1);
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            System.err.println(tool + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
