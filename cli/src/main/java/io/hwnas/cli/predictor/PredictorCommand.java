package io.hwnas.cli.predictor;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code predictor}: the latency predictors' subcommands, one file each. */
@Command(name = "predictor", mixinStandardHelpOptions = true,
        description = "Latency predictors: evaluate, train, save, predict, transfer to a new device.",
        subcommands = {ListCommand.class, EvalCommand.class, TrainPredictorCommand.class, PredictCommand.class,
            TransferCommand.class, SpecTransferCommand.class})
public final class PredictorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
