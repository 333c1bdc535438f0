package io.hwnas.cli;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.measure.MeasurementPlan;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The range of every whole-number option of every command, by its name, checked as soon as the arguments are parsed,
 * before any work: {@code --threads 100000000} fails at once with {@code --threads must be <= 1024, but was
 * 100000000} instead of exhausting the memory. A count given to a command is a thread pool, a loop or an array, so
 * none is left unbounded; a new whole-number option needs a line here ({@code BoundsTest} walks every command and
 * fails on one that has none). Seeds take any value.
 *
 * <p>The upper bounds are far beyond any real use (a million timed runs, 100,000 candidates in a population) and
 * low enough that the memory they imply fits a workstation. Where a domain type owns a bound ({@link
 * DeviceSettings#MAX_THREADS}, {@link MeasurementPlan#MAX_RUNS}) it is used, so the command line and the files it
 * reads (device profiles, plans) cannot disagree.
 */
public final class Bounds {

    /** An inclusive range of a whole-number option. */
    public record Range(long min, long max) {}

    /** Options that take any value of their type: seeds. */
    public static final Set<String> ANY_VALUE = Set.of("--seed", "--weights-seed");

    private static final int MAX_THREADS = DeviceSettings.MAX_THREADS;
    private static final int MAX_RUNS = MeasurementPlan.MAX_RUNS;

    private static final Map<String, Range> RANGES = Map.ofEntries(
            // measuring
            Map.entry("--threads", new Range(1, MAX_THREADS)),
            Map.entry("--warmup", new Range(0, MAX_RUNS)),
            Map.entry("--min-runs", new Range(1, MAX_RUNS)),
            Map.entry("--max-runs", new Range(1, MAX_RUNS)),
            Map.entry("--samples", new Range(1, 100_000)),
            Map.entry("--rounds", new Range(1, 1_000)),
            Map.entry("--count", new Range(0, 1_000_000)),
            // searching
            Map.entry("--evaluations", new Range(1, 1_000_000)),
            Map.entry("--population", new Range(1, 100_000)),
            Map.entry("--regevo-sample", new Range(1, 100_000)),
            Map.entry("--warmup-samples", new Range(3, 100_000)),
            Map.entry("--measure-per-generation", new Range(0, 100_000)),
            Map.entry("--final-epochs", new Range(1, 10_000)),
            Map.entry("--folds", new Range(2, 1_000)),
            // training
            Map.entry("--epochs", new Range(0, 10_000)),
            Map.entry("--steps", new Range(0, 100_000_000)),
            Map.entry("--batch-size", new Range(1, 65_536)),
            Map.entry("--warmup-steps", new Range(0, 100_000_000)),
            Map.entry("--patience", new Range(0, 10_000)),
            Map.entry("--train-limit", new Range(0, 100_000_000)),
            Map.entry("--training-threads", new Range(0, MAX_THREADS)),
            Map.entry("--fine-tune-steps", new Range(1, 100_000_000)),
            // executors
            Map.entry("--workers", new Range(1, MAX_THREADS)),
            Map.entry("--spark-max-failures", new Range(1, 1_000)),
            Map.entry("--tasks", new Range(1, 1_000_000)),
            Map.entry("--batch", new Range(1, 100_000)),
            // the agent
            Map.entry("--port", new Range(0, 65_535)),
            Map.entry("--max-upload-mib", new Range(1, 1L << 20)),
            Map.entry("--max-upload-bytes", new Range(1, 1L << 40)),
            Map.entry("--max-queue", new Range(1, 10_000)),
            Map.entry("--max-measure-time", new Range(1, 86_400)),
            Map.entry("--read-timeout", new Range(1, 3_600)),
            Map.entry("--header-timeout", new Range(1, 3_600)),
            Map.entry("--max-connections", new Range(1, 10_000)));

    private Bounds() {}

    /** The range of a whole-number option, by its longest name; empty for one this class does not know. */
    public static Optional<Range> of(String option) {
        return Optional.ofNullable(RANGES.get(option));
    }

    /**
     * Refuses the first whole-number option given on the command line (the command's and its subcommands') whose
     * value is out of its range, naming the option, the bound and the value.
     *
     * @throws IllegalArgumentException {@code --threads must be <= 1024, but was 100000000}
     */
    public static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                Object v = o.getValue();
                for (Object each : v instanceof Collection<?> c ? c : Collections.singletonList(v)) {
                    if (each instanceof Integer || each instanceof Long || each instanceof Short) {
                        check(o.longestName(), ((Number) each).longValue());
                    }
                }
            }
        }
    }

    /** Refuses {@code value} outside the range of {@code option}; an option without one takes any value. */
    public static void check(String option, long value) {
        Range r = RANGES.get(option);
        if (r == null) {
            return;
        }
        if (value < r.min()) {
            throw new IllegalArgumentException(option + " must be >= " + r.min() + ", but was " + value);
        }
        if (value > r.max()) {
            throw new IllegalArgumentException(option + " must be <= " + r.max() + ", but was " + value);
        }
    }
}
