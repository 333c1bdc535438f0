package io.hwnas.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The one {@code main()}: parses arguments, runs a command, turns every failure into one clear line. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool in-process and returns its exit code; tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new HwnasCommand());
        cl.setOut(out);
        cl.setErr(err);
        // Every count is bounded before any work starts; the refusal goes through the handler below (exit 2).
        cl.setExecutionStrategy(parsed -> {
            try {
                Bounds.check(parsed);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        // picocli's own line for a bad argument quotes it: escaped and cut like every other error.
        cl.setParameterExceptionHandler((ex, given) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getColorScheme().errorText(Errors.describe(ex)));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.usage(c.getErr(), c.getColorScheme());
            }
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            HwnasCommand root = cl.getCommand();
            err.println("hwnas: " + Errors.describe(ex));
            if (root.verbose) {
                ex.printStackTrace(err);
            } else if (Errors.isBug(ex)) {
                err.println("hwnas: (this looks like a bug in hwnas; run again with --verbose for the stack trace)");
            }
            err.flush();
            return Errors.exitCode(ex);
        });
        return cl.execute(args);
    }
}
