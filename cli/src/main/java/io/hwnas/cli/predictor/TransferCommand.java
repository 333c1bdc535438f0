package io.hwnas.cli.predictor;

import io.hwnas.cli.JsonOption;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.SpaceOption;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyTable;
import io.hwnas.predictors.transfer.FewShotTransfer;
import io.hwnas.predictors.transfer.TransferResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = "Few-shot transfer: a predictor for a new device from K of its measurements and reference "
                + "devices with full data; reports the error on every other row.")
final class TransferCommand implements Callable<Integer> {

    @Mixin
    SpaceOption space;

    @Option(names = "--table", required = true, paramLabel = "F", description = "CSV of latencies in ms.")
    Path table;

    @Option(names = "--arch-column", required = true, paramLabel = "C", description = "Architecture column.")
    String archColumn;

    @Option(names = "--target-column", required = true, paramLabel = "T", description = "The new device.")
    String targetColumn;

    @Option(names = "--reference-columns", required = true, split = ",", paramLabel = "A,B,...",
            description = "Devices with full data.")
    List<String> referenceColumns;

    @Option(names = "--samples", paramLabel = "K", description = "Measurements of the new device (default: "
            + "${DEFAULT-VALUE}).")
    int samples = 10;

    @Mixin
    DuplicatesOption duplicates = new DuplicatesOption();

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        LatencyTable t = LatencyTable.read(LatencyData.existing(table), s, archColumn, duplicates.get());
        TransferResult r = FewShotTransfer.builder().table(t).space(s).referenceColumns(referenceColumns)
                .targetColumn(targetColumn).samples(samples).seed(seed.get()).build().run();
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(PredictorJson.line(PredictorJson.Transfer.of(targetColumn, samples, seed.get(), r.metrics(),
                    r.sampled())));
        } else {
            out.printf(Locale.ROOT, "%s from %d samples and %s: %d other rows%n", targetColumn, samples,
                    referenceColumns, r.metrics().n());
            out.printf(Locale.ROOT, "  Spearman %.4f   Kendall %.4f   within 10 %% %.3f   MAPE %.2f %%%n",
                    r.metrics().spearman(), r.metrics().kendall(), r.metrics().within10(), 100 * r.metrics().mape());
        }
        out.flush();
        return 0;
    }
}
