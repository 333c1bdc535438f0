package io.hwnas.cli.predictor;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.LatencyPredictor;
import io.hwnas.predictors.store.PredictorStore;
import io.hwnas.predictors.store.RetrainOnLoad;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a predictor on all the data and save it, with its provenance and training rows.")
final class TrainPredictorCommand extends PredictorDataCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Predictor file.")
    Path output;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        LatencyDataset d = load(s);
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output folder does not exist: " + dir);
        }
        long start = System.nanoTime();
        LatencyPredictor p = trainer(s).train(d);
        double seconds = (System.nanoTime() - start) / 1e9;
        PredictorStore.save(output, RetrainOnLoad.of(p, seed.get(), d), null);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(PredictorJson.line(new PredictorJson.Trained(output.toString(), p.info().spec(), s.name(),
                    d.device(), d.size(), d.skipped(), d.setAside(), seconds, d.sha256())));
        } else {
            out.printf(Locale.ROOT, "trained %s on %d rows of %s in %.1f s; saved to %s%n", p.info().spec(),
                    d.size(), d.device(), seconds, output);
            if (d.skipped() > 0) {
                out.println("  " + d.setAsideText());
            }
        }
        out.flush();
        return 0;
    }
}
