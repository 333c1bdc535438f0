package io.hwnas.cli.predictor;

import io.hwnas.cli.report.ReportCommand;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.predict.PredictorEvaluation;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.eval.Evaluator;
import io.hwnas.predictors.spi.PredictorTrainer;
import io.hwnas.reports.predictor.PredictorReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Train on part of the data and report the error on the rest (or k folds).")
final class EvalCommand extends PredictorDataCommand implements Callable<Integer> {

    @Option(names = "--train-fraction", paramLabel = "F", description = "Share of rows to train on (default: "
            + "${DEFAULT-VALUE}).")
    double trainFraction = 0.8;

    @Option(names = "--folds", paramLabel = "K", description = "K-fold cross-validation instead of one split.")
    Integer folds;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a report: HTML with the parity "
            + "plot (or Markdown, CSV, JSON by the file's extension).")
    Path report;

    @Override
    public Integer call() throws Exception {
        SearchSpace s = space.get();
        LatencyDataset d = load(s);
        PredictorTrainer trainer = trainer(s);
        PredictorEvaluation e = folds != null ? Evaluator.kFold(trainer, d, folds, seed.get())
                : Evaluator.holdout(trainer, d, trainFraction, seed.get());
        PrintWriter out = spec.commandLine().getOut();
        if (report != null) {
            String text = new PredictorReport(e).render(ReportCommand.fromExtension(report));
            AtomicFiles.write(report, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
            if (!json.on()) {
                spec.commandLine().getErr().println("hwnas: report: " + report.toAbsolutePath());
            }
        }
        if (json.on()) {
            out.println(PredictorJson.line(PredictorJson.Evaluation.of(e, d)));
        } else {
            out.printf(Locale.ROOT, "%s on %s (%s), %s: %d train, %d test%n", e.predictor(), e.device(),
                    e.space(), e.protocol(), e.nTrain(), e.nTest());
            if (d.skipped() > 0) {
                out.println("  " + d.setAsideText());
            }
            out.printf(Locale.ROOT, "  RMSE %.4f ms   MAPE %.2f %%   within 5 %% %.3f   within 10 %% %.3f%n",
                    e.rmseMs(), 100 * e.mape(), e.within5(), e.within10());
            out.printf(Locale.ROOT, "  Spearman %.4f   Kendall %.4f   %.2f µs a prediction   trained in %.1f s%n",
                    e.spearman(), e.kendall(), e.predictUs(), e.trainSeconds());
        }
        out.flush();
        return 0;
    }
}
