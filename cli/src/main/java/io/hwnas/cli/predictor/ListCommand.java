package io.hwnas.cli.predictor;

import io.hwnas.cli.Predictors;
import io.hwnas.predictors.spi.PredictorProvider;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true, description = "The predictor plugins.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (PredictorProvider p : Predictors.registry().providers()) {
            out.printf("%-10s %s%s%n", p.name(), p.description(), p.name().equals(Predictors.DEFAULT)
                    ? " (default)" : "");
        }
        out.flush();
        return 0;
    }
}
