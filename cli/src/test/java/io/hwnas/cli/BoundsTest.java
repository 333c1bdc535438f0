package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every whole-number option of every command is bounded where it enters: walked through picocli's model of the
 * whole command line, so an option added later without a bound fails here.
 */
class BoundsTest {

    /** One whole-number option of one command: the words that reach the command, and the option's longest name. */
    record WholeNumberOption(List<String> command, String name) {
        @Override
        public String toString() {
            return String.join(" ", command) + " " + name;
        }
    }

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(int.class, long.class, short.class, byte.class,
            Integer.class, Long.class, Short.class, Byte.class, java.math.BigInteger.class);

    static Stream<WholeNumberOption> wholeNumberOptions() {
        List<WholeNumberOption> all = new ArrayList<>();
        walk(commandLine(), new ArrayList<>(), all);
        return all.stream();
    }

    private static void walk(CommandLine cl, List<String> path, List<WholeNumberOption> all) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            Class<?>[] aux = o.auxiliaryTypes();
            Class<?> t = o.isMultiValue() && aux.length > 0 ? aux[aux.length - 1] : o.type();
            if (WHOLE_NUMBERS.contains(t)) {
                all.add(new WholeNumberOption(List.copyOf(path), o.longestName()));
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) {
                return; // an alias: its options were walked under the command's name
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            walk(sub, p, all);
        });
    }

    /** The tool's command line, parsing without stopping at a missing required argument. */
    private static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HwnasCommand());
        collectErrors(cl);
        return cl;
    }

    private static void collectErrors(CommandLine cl) {
        cl.getCommandSpec().parser().collectErrors(true);
        cl.getSubcommands().values().forEach(BoundsTest::collectErrors);
    }

    /** One command line for all the cases (building one takes a while); a value is read before the next parse. */
    private static final CommandLine SHARED = commandLine();

    /** Parses {@code o} at {@code value} and checks it as the tool does before running the command. */
    private static void check(WholeNumberOption o, long value) {
        List<String> args = new ArrayList<>(o.command());
        args.add(o.name());
        args.add(Long.toString(value));
        ParseResult parsed = SHARED.parseArgs(args.toArray(String[]::new));
        assertTrue(parsed.errors().stream().noneMatch(e -> e.getMessage().contains(o.name())), o + ": "
                + parsed.errors());
        Bounds.check(parsed);
    }

    @Test
    void theWalkFindsTheKnownCountsOfSeveralCommands() {
        List<String> found = wholeNumberOptions().map(WholeNumberOption::toString).toList();
        for (String expected : List.of("measure --threads", "measure --warmup", "search --population",
                "search --evaluations", "profile --samples", "agent --port", "executor check --workers")) {
            assertTrue(found.contains(expected), expected + " not in " + found);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeNumberOptions")
    void everyWholeNumberOptionIsBoundedWhereItEnters(WholeNumberOption o) {
        if (Bounds.ANY_VALUE.contains(o.name())) {
            return;
        }
        Bounds.Range r = Bounds.of(o.name()).orElseThrow(() -> new AssertionError(o + " takes a whole number but "
                + "has no range in cli Bounds; add one"));
        assertTrue(r.min() <= r.max(), o + ": " + r);
        assertDoesNotThrow(() -> check(o, r.max()), o + " at its maximum");
        assertDoesNotThrow(() -> check(o, r.min()), o + " at its minimum");
        var over = assertThrows(IllegalArgumentException.class, () -> check(o, r.max() + 1), o.toString());
        assertEquals(o.name() + " must be <= " + r.max() + ", but was " + (r.max() + 1), over.getMessage());
        var below = assertThrows(IllegalArgumentException.class, () -> check(o, r.min() - 1), o.toString());
        assertEquals(o.name() + " must be >= " + r.min() + ", but was " + (r.min() - 1), below.getMessage());
    }

    @Test
    void measureWithAHundredMillionThreadsExitsTwoAtOnceNamingTheBound() {
        // The file is never opened: the bound is checked when the arguments are parsed.
        CliTest.Result r = CliTest.run("measure", "no-such.onnx", "--device", "cpu-1t", "--threads", "100000000");
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertEquals("hwnas: --threads must be <= 1024, but was 100000000", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aCountInAnArgumentGroupIsCheckedToo() {
        CliTest.Result r = CliTest.run("measure", "no-such.onnx", "--max-runs", "2000000000");
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--max-runs must be <= " + io.hwnas.core.measure.MeasurementPlan.MAX_RUNS),
                r.err());
    }

    @Test
    void aValueBeyondTheTypeIsRefusedByTheParserWithExitTwo() {
        CliTest.Result r = CliTest.run("measure", "no-such.onnx", "--threads", "99999999999");
        assertEquals(Errors.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("--threads"), r.err());
    }

    @Test
    void seedsTakeAnyValue() {
        assertFalse(Bounds.of("--seed").isPresent());
        assertDoesNotThrow(() -> Bounds.check("--seed", Long.MIN_VALUE));
        assertTrue(Arrays.asList("--seed", "--weights-seed").containsAll(Bounds.ANY_VALUE));
    }
}
