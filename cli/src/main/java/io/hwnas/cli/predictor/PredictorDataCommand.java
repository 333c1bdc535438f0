package io.hwnas.cli.predictor;

import io.hwnas.cli.DatabaseOption;
import io.hwnas.cli.DriftOption;
import io.hwnas.cli.JsonOption;
import io.hwnas.cli.Predictors;
import io.hwnas.cli.SeedOption;
import io.hwnas.cli.SpaceOption;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.spi.PredictorTrainer;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code eval} and {@code train} both take: the space, the data, the predictor and its seed (a base class, as
 * picocli reads inherited options).
 */
abstract class PredictorDataCommand {

    @Mixin
    SpaceOption space;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Data (one of):%n")
    LatencyData data;

    @Option(names = "--predictor", paramLabel = "NAME[:OPTIONS]",
            description = "Predictor plugin and its options (default: " + Predictors.DEFAULT + ", the best we have).")
    String predictor = Predictors.DEFAULT;

    @Mixin
    DuplicatesOption duplicates = new DuplicatesOption();

    @Mixin
    SeedOption seed = new SeedOption();

    @Mixin
    JsonOption json;

    @Mixin
    DatabaseOption database;

    /**
     * Labels from the database are corrected latencies, and the kernel predictor's traces are drift-controlled against
     * the database's baselines, unless off.
     */
    @Mixin
    DriftOption drift = new DriftOption();

    @Spec
    CommandSpec spec;

    LatencyDataset load(SearchSpace s) throws Exception {
        // An unknown --drift-control or --duplicates word is refused before any work.
        return data.load(s, database, drift.get(), duplicates);
    }

    PredictorTrainer trainer(SearchSpace s) {
        return Predictors.registry().trainer(predictor, Predictors.context(s, seed.get(), List.of(), drift.get(),
                database.path(), spec.commandLine().getErr()));
    }
}
