package io.hwnas.predictors.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.stats.Stats;
import io.hwnas.predictors.SharedData;
import io.hwnas.predictors.data.LatencyDataset;
import io.hwnas.predictors.data.LatencyRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The accuracy floor of {@link LatencyPredictorContract} bites: predictors that keep every other promise of the
 * contract (finite, positive, repeatable, thread-safe, well named) fail it when their predictions are worth nothing.
 */
class ContractAccuracyFloorTest {

    @TempDir
    static Path dir;

    /** A plugin whose trainer makes its predicting function with {@code fit} from the training rows. */
    private record Fake(String name, Function<LatencyDataset, Function<Architecture, Double>> fit)
            implements PredictorProvider {

        @Override
        public String description() {
            return "a predictor the contract must refuse";
        }

        @Override
        public PredictorTrainer trainer(String options, PredictorContext context) {
            return data -> {
                Function<Architecture, Double> f = fit.apply(data);
                PredictorInfo info = new PredictorInfo(name, options, context.space().name(), data.device(), "",
                        Map.of());
                return new LatencyPredictor() {
                    @Override
                    public PredictorInfo info() {
                        return info;
                    }

                    @Override
                    public Prediction predict(Architecture a) {
                        return Prediction.of(f.apply(a));
                    }
                };
            };
        }
    }

    /** The contract for {@code provider}, set up as JUnit sets it up, so that its checks can be called one by one. */
    private static LatencyPredictorContract contract(PredictorProvider provider) {
        LatencyPredictorContract.home = dir;
        LatencyPredictorContract c = new LatencyPredictorContract() {
            @Override
            protected PredictorProvider provider() {
                return provider;
            }
        };
        c.trainOnce();
        return c;
    }

    private static void keepsEveryOtherPromise(LatencyPredictorContract c) throws Exception {
        c.providerHasAValidNameAndDescription();
        c.predictsEveryTestItemFiniteAndPositive();
        c.predictAllEqualsOnePredictEach();
        c.sameSeedTrainsTheSamePredictor();
        c.predictsTheSameFromManyThreadsAtOnce();
        c.infoNamesThePluginAndTheSpace();
    }

    @Test
    void aConstantPredictorKeepsEveryOtherPromiseAndFailsOnRank() throws Exception {
        LatencyPredictorContract c = contract(new Fake("constant", rows -> {
            double median = Stats.median(rows.records().stream().map(LatencyRecord::latencyMs).toList());
            return a -> median;
        }));
        keepsEveryOtherPromise(c);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, c::ranksAndHitsRowsItNeverSawAboveTheFloor);
        assertTrue(e.getMessage().startsWith("spearman below the floor: constant on 2000 held-out rows"),
                e.getMessage());
    }

    @Test
    void aPredictorInTheRightOrderButTwiceTooSlowFailsOnScale() throws Exception {
        Map<String, Double> measured = new HashMap<>();
        for (LatencyRecord r : SharedData.nb201Table().dataset("1080ti_1_ms").records()) {
            measured.put(r.architecture().canonical(), r.latencyMs());
        }
        LatencyPredictorContract c = contract(new Fake("doubled", rows -> a -> 2 * measured.get(a.canonical())));
        keepsEveryOtherPromise(c);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, c::ranksAndHitsRowsItNeverSawAboveTheFloor);
        assertTrue(e.getMessage().startsWith("within10 below the floor: doubled on 2000 held-out rows")
                && e.getMessage().contains("spearman 1.0000, within10 0.0000"), e.getMessage());
    }
}
