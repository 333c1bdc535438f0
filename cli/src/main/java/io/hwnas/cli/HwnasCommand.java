package io.hwnas.cli;

import io.hwnas.cli.device.DevicesCommand;
import io.hwnas.cli.device.AgentCommand;
import io.hwnas.cli.measure.MeasureCommand;
import io.hwnas.cli.measure.ProfileCommand;
import io.hwnas.cli.measure.MeasurementsCommand;
import io.hwnas.cli.train.TrainCommand;
import io.hwnas.cli.train.ExitsCommand;
import io.hwnas.cli.train.PruneCommand;
import io.hwnas.cli.space.SampleCommand;
import io.hwnas.cli.space.ExportCommand;
import io.hwnas.cli.space.InspectCommand;
import io.hwnas.cli.report.ReportCommand;
import io.hwnas.cli.exec.ExecutorCommand;
import io.hwnas.cli.predictor.PredictorCommand;
import io.hwnas.cli.search.SearchCommand;
import io.hwnas.core.provenance.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "hwnas",
        description = "Hardware-aware neural architecture search: real ONNX models, real latency measurements.",
        mixinStandardHelpOptions = true,
        versionProvider = HwnasCommand.Version.class,
        subcommands = {
            SearchCommand.class,
            ReportCommand.class,
            TrainCommand.class,
            ExitsCommand.class,
            PruneCommand.class,
            SampleCommand.class,
            ExportCommand.class,
            InspectCommand.class,
            MeasureCommand.class,
            AgentCommand.class,
            ProfileCommand.class,
            MeasurementsCommand.class,
            PredictorCommand.class,
            DevicesCommand.class,
            ExecutorCommand.class,
        })
final class HwnasCommand implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Provenance p = Provenance.current();
            return new String[] {"hwnas " + p.toolVersion(), "Java " + p.javaVersion() + " on " + p.osName() + " "
                    + p.osArch()};
        }
    }
}
