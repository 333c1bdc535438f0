package io.hwnas.cli.search;

import io.hwnas.core.objective.ScalingLaw;
import io.hwnas.core.objective.ScalingLawOracle;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.ConfiguredExitShares;
import io.hwnas.core.search.ExitShares;
import io.hwnas.core.search.InnerAccuracyOracle;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.BoundSpace;
import io.hwnas.core.space.EarlyExitSpace;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.table.ArchTable;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.train.TrainingResult;
import io.hwnas.training.data.Datasets;
import io.hwnas.training.djl.DjlTrainer;
import io.hwnas.training.exits.EarlyExitOracle;
import io.hwnas.training.oracle.TrainingOracle;
import io.hwnas.training.oracle.TrainingService;
import io.hwnas.training.store.SqliteTrainingStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The accuracy oracle a configuration names: a table (the shipped NAS-Bench-201 one or the user's), a scaling law,
 * or training (with early exits, the shares of each exit measured by it); for an early-exit space that is not
 * trained, the accuracy of the network without its exits and the configured shares.
 */
final class AccuracyWiring {

    private final SearchConfig config;
    private final SearchSpace space;
    private final EarlyExitSpace exits;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean oneLocalWorker;
    private ExitShares shares;

    AccuracyWiring(SearchConfig config, SearchSpace space, PrintWriter err, boolean quiet, boolean oneLocalWorker) {
        this.config = config;
        this.space = space;
        this.exits = EarlyExitSpace.of(space).orElse(null);
        this.err = err;
        this.quiet = quiet;
        this.oneLocalWorker = oneLocalWorker;
    }

    /** Where an early-exit space's shares come from (set when the oracle is made), or null. */
    ExitShares shares() {
        return shares;
    }

    AccuracyOracle oracle(SqliteTrainingStore trainings, DjlTrainer trainer) throws IOException {
        if (config.accuracy() instanceof AccuracySource.Training t) {
            TrainingOracle training = training(t, trainings, trainer);
            if (exits != null) {
                EarlyExitOracle o = new EarlyExitOracle(training, exits);
                shares = o;
                return o;
            }
            return training;
        }
        if (exits != null) {
            // Nothing trained: the network without its exits, by the inner space's oracle (a NAS-Bench-201 table).
            shares = ConfiguredExitShares.of(exits, config.exitShares());
            return new InnerAccuracyOracle(untrained(exits.inner()), exits);
        }
        return untrained(space);
    }

    /** An oracle that trains nothing: a table, a scaling law. */
    private AccuracyOracle untrained(SearchSpace s) throws IOException {
        AccuracySource source = config.accuracy();
        if (source instanceof AccuracySource.Table t) {
            return TableOracles.accuracy(ArchTable.read(Path.of(t.file()), s, t.archColumn()), t.column());
        }
        if (source instanceof AccuracySource.ScalingLaw l) {
            // N is the model's parameters, the same whichever graph is measured.
            SearchSpace inner = s instanceof BoundSpace bs ? bs.inner() : s;
            return new ScalingLawOracle(inner, ScalingLaw.named(l.law()), l.tokens() == null ? 0 : l.tokens(),
                    l.tokensPerParam());
        }
        return TableOracles.nb201(source.name(), s);
    }

    private TrainingOracle training(AccuracySource.Training t, SqliteTrainingStore trainings, DjlTrainer trainer) {
        SearchSpace inner = space instanceof BoundSpace bs ? bs.inner() : space;
        TrainingService service = new TrainingService(inner, Datasets.get(t.dataset()), t.training(),
                config.seed(), trainings, trainer, true);
        TrainingService promotion = t.finalEpochs() == null ? null : new TrainingService(inner,
                Datasets.get(t.dataset()), t.training().toBuilder().epochs(t.finalEpochs()).build(), config.seed(),
                trainings, trainer, true);
        int[] count = {0};
        return new TrainingOracle(service, promotion, new TrainingOracle.Listener() {
            @Override
            public void trained(Architecture a, TrainingResult r) {
                count[0]++;
                if (!quiet) {
                    err.println(r.failed()
                            ? String.format(Locale.ROOT, "hwnas: training %d failed: %s: %s", count[0],
                                    a.canonical(), r.failure())
                            : String.format(Locale.ROOT, "hwnas: trained %d: validation %.2f %% in %.1f s "
                                    + "(%.0f images/s)%s: %s", count[0], 100 * r.validationAccuracy(),
                                    r.trainSeconds(), r.imagesPerSecond(), where(r), a.canonical()));
                    err.flush();
                }
            }

            @Override
            public void step(Architecture a, int done, int total) {}
        });
    }

    /** Where a training ran, when it did not run here one at a time: " on spark executor 3 on node-7, attempt 2". */
    private String where(TrainingResult r) {
        String on = r.provenance().get("ran_on");
        if (on == null || oneLocalWorker) {
            return "";
        }
        String attempts = r.provenance().getOrDefault("attempts", "1");
        return " on " + on + (attempts.equals("1") ? "" : ", attempt " + attempts);
    }
}
