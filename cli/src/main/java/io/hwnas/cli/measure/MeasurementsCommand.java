package io.hwnas.cli.measure;

import io.hwnas.cli.DatabaseOption;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.profilers.store.SqliteMeasurementStore;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "measurements", mixinStandardHelpOptions = true,
        description = "The measurement database.",
        subcommands = {MeasurementsCommand.Export.class})
public final class MeasurementsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write every measurement: architecture, device and statistics, one row a measurement.")
    static final class Export implements Callable<Integer> {

        enum Format { csv }

        @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: ${COMPLETION-CANDIDATES} "
                + "(default: ${DEFAULT-VALUE}).")
        Format format = Format.csv;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: stdout).")
        Path output;

        @Mixin
        DatabaseOption database;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (SqliteMeasurementStore store = database.openExisting()) {
                if (output == null) {
                    PrintWriter out = spec.commandLine().getOut();
                    store.writeCsv(out);
                    out.flush();
                    return 0;
                }
                AtomicFiles.write(output, out -> {
                    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    store.writeCsv(w);
                    w.flush();
                });
                spec.commandLine().getErr().println("wrote " + store.count() + " measurements to " + output);
            }
            return 0;
        }
    }
}
