package io.hwnas.cli.space;

import io.hwnas.cli.SeedOption;
import io.hwnas.cli.SpaceOption;
import io.hwnas.cli.Spaces;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Print distinct architectures drawn uniformly from a space, canonical strings one a line.")
public final class SampleCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--count", paramLabel = "N", description = "How many (default: ${DEFAULT-VALUE}).")
    int count = 10;

    @Mixin
    SeedOption seed = new SeedOption(0);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SearchSpace s = space.get();
        PrintWriter out = spec.commandLine().getOut();
        for (Architecture a : Spaces.sampleDistinct(s, count, seed.get())) {
            out.println(a.canonical());
        }
        out.flush();
        return 0;
    }
}
