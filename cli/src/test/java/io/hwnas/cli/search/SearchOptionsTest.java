package io.hwnas.cli.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.SearchConfig;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line's options make the configuration the manifest keeps, and a resumed run's options, filled from
 * that configuration, make it again: a resume given nothing new continues under exactly what was stored.
 */
class SearchOptionsTest {

    static SearchCommand parse(String... args) {
        SearchCommand c = new SearchCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    static Stream<List<String>> commandLines() {
        return Stream.of(
                List.of(),
                List.of("--space", "nb201", "--accuracy", "nb201-12ep:cifar100-test", "--latency-table", "t.csv",
                        "--latency-column", "a_ms", "--latency-column", "b_ms", "--arch-column", "arch",
                        "--budget", "a_ms:latency_ms<=5", "--objective", "params", "--algorithm", "nsga3",
                        "--evaluations", "600", "--seed", "3"),
                List.of("--space", "transformer", "--graph", "decode", "--tokens", "1e9", "--device", "rpi5",
                        "--spec-reference", "none", "--budget", "memory_mb<=400"),
                List.of("--space", "nb201-ee", "--exit-shares", "0.3,0.2,0.5", "--device", "cpu-1t", "--no-budget",
                        "--warmup", "2", "--min-runs", "5", "--max-runs", "15", "--weights-seed", "9",
                        "--drift-control", "off"),
                List.of("--space", "mbv3", "--accuracy", "train:digits", "--steps", "40", "--batch-size", "16",
                        "--optimizer", "adam", "--final-epochs", "2", "--latency", "measured", "--device", "cpu"),
                List.of("--accuracy", "table", "--accuracy-table", "acc.csv", "--accuracy-column", "top1",
                        "--latency", "predicted", "--device", "cpu-1t", "--predictor-model", "p.json",
                        "--algorithm", "regevo", "--regevo-sample", "6", "--population", "12"));
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void aResumeGivenNothingNewMakesTheStoredConfigurationAgain(List<String> args) {
        SearchConfig stored = parse(args.toArray(String[]::new)).search.toConfig();
        SearchConfig read = SearchConfig.fromJson(stored.toJson());
        assertEquals(stored, read, "the manifest's JSON reads back the same configuration");
        SearchOptions resumed = parse().search;
        resumed.fillFrom(read);
        SearchConfig again = resumed.toConfig();
        assertEquals(stored, again);
        assertTrue(stored.firstDifference(again).isEmpty());
    }

    @Test
    void optionsGivenAgainThatDifferAreNamedByTheirFlag() {
        SearchConfig stored = parse("--seed", "2", "--device", "cpu-1t", "--warmup-samples", "5").search.toConfig();
        SearchOptions given = parse("--warmup-samples", "7").search;
        given.fillFrom(stored);
        var d = stored.firstDifference(given.toConfig()).orElseThrow();
        assertEquals("--warmup-samples was 5 there and is 7 now", d.describe(ConfigFlags.name(d.path())));
        SearchOptions drift = parse("--drift-control", "OFF").search;
        drift.fillFrom(stored);
        var f = stored.firstDifference(drift.toConfig()).orElseThrow();
        assertEquals("--drift-control was \"on\" there and is \"off\" now", f.describe(ConfigFlags.name(f.path())));
        SearchOptions device = parse("--device", "cpu").search;
        device.fillFrom(stored);
        var e = stored.firstDifference(device.toConfig()).orElseThrow();
        assertTrue(ConfigFlags.name(e.path()).contains("--device"), e.path());
    }

    @Test
    void theDefaultsAreTheMainJobs() {
        SearchConfig c = parse().search.toConfig();
        assertEquals(new AccuracySource.Nb201("nb201:cifar10"), c.accuracy());
        assertEquals(List.of(new LatencySource.Device("cpu-1t", LatencyMode.LOOP, null)), c.latency());
        assertEquals(1000, c.evaluations());
        assertEquals("weka", c.measuring().predictor());
        assertEquals(DriftControl.ON, c.measuring().driftControl());
    }

    @Test
    void badOptionsAreNamedWhereTheyEnter() {
        assertMessage("--evaluations must be >= 1, but was 0", "--evaluations", "0");
        assertMessage("--warmup-samples must be >= 3, but was 2", "--warmup-samples", "2");
        assertMessage("unknown --latency 'often'; known: loop, measured, predicted", "--latency", "often");
        assertMessage("--exit-shares 0.5,0.6: 3 shares are needed for nb201-ee", "--space", "nb201-ee",
                "--exit-shares", "0.5,0.6");
        assertMessage("--drift-control must be on or off, but was 'sometimes'", "--drift-control", "sometimes");
        assertMessage("--tokens is for a scaling:LAW accuracy oracle", "--tokens", "5");
        assertMessage("--accuracy scaling:chinchilla predicts a language model's loss", "--accuracy",
                "scaling:chinchilla");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(args).search.toConfig());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
