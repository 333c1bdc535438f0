package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every command example in the README and the guides under {@code docs/} still works: each {@code ./hwnas ...} line
 * of a fenced code block (also {@code java -jar .../hwnas.jar ...} and {@code spark-submit ... hwnas.jar ...}), with
 * its {@code \} continuations joined and its comments dropped, must parse against the real command line; a stale
 * flag or command fails with the file, the line and picocli's message.
 *
 * <p>The examples that need nothing outside this JVM are also run, in document order, in-process (as
 * {@link CliTest#run} does), each guide in a folder of its own: relative paths in them are the repository's files
 * where those exist ({@code data/...}, {@code bench/devices}) and that folder's otherwise, so an example can read what
 * an earlier one wrote. {@code HWNAS_HOME} is the build's {@code target/hwnas-home}, as for every test. The others
 * are parse-checked only, each for a reason that {@link #whyNotRun} gives and the test's name shows: measuring on a
 * device, training, a long fit, another machine or build, or a file that only such an example makes.
 */
class DocsExamplesTest {

    /** Surefire runs a module's tests in the module's folder. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path work;

    /** One command line of the docs; {@code args} are hwnas's arguments, {@code env} its leading assignments. */
    record Example(String file, int line, String text, List<String> env, String launcher, List<String> args) {
        String where() {
            return file + ":" + line;
        }
    }

    /** What the test does with an example: parses it (or keeps picocli's refusal) and runs it, or says why not. */
    record Planned(Example example, ParseResult parsed, AssertionError stale, Optional<String> whyNotRun) {
        String name() {
            String what = stale != null ? " parses: "
                    : whyNotRun.map(why -> " parses only (" + why + "): ").orElse(" runs: ");
            return example.where() + what + example.text();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExampleParsesAndTheCheapOnesRun() throws IOException {
        List<Planned> plan = plan();
        assertFalse(plan.isEmpty(), "no ./hwnas example found in README.md and docs/*.md");
        return plan.stream().map(p -> {
            System.out.println("docs example " + p.name());
            return dynamicTest(p.name(), () -> {
                if (p.stale() != null) {
                    throw p.stale();
                }
                if (p.whyNotRun().isEmpty()) {
                    run(p.example(), p.parsed());
                }
            });
        });
    }

    /** The run examples must keep covering the commands a newcomer tries first, so the docs cannot drift to none. */
    @Test
    void theExamplesThatRunCoverTheCheapCommands() throws IOException {
        Set<String> ran = new HashSet<>();
        for (Planned p : plan()) {
            if (p.stale() == null && p.whyNotRun().isEmpty()) {
                String command = commandPath(p.parsed());
                boolean table = command.equals("search") && leaf(p.parsed()).hasMatchedOption("--latency-table");
                ran.add(table ? "search --latency-table" : command);
            }
        }
        for (String c : List.of("sample", "export", "inspect", "devices list", "search --latency-table", "report")) {
            assertTrue(ran.contains(c), "no example of '" + c + "' is run; examples run: " + ran);
        }
    }

    private static List<Planned> planned;

    /**
     * Every example of every doc in order, parsed once (picocli's refusal kept for the example's own test); an example
     * is run only if what it reads was written by one run before it.
     */
    static synchronized List<Planned> plan() throws IOException {
        if (planned != null) {
            return planned;
        }
        List<Planned> plan = new ArrayList<>();
        for (Path doc : docs()) {
            Set<String> made = new HashSet<>();
            for (Example e : examples(doc)) {
                try {
                    ParseResult parsed = parse(e);
                    Optional<String> why = whyNotRun(e, parsed, made);
                    if (why.isEmpty()) {
                        made.addAll(outputs(parsed));
                    }
                    plan.add(new Planned(e, parsed, null, why));
                } catch (AssertionError stale) {
                    plan.add(new Planned(e, null, stale, Optional.empty()));
                }
            }
        }
        planned = List.copyOf(plan);
        return planned;
    }

    @Test
    void aStaleFlagFailsWithTheFileTheLineAndPicocliSMessage() {
        Example stale = new Example("README.md", 7, "./hwnas sample --space nb201 --number 5", List.of(), "./hwnas",
                List.of("sample", "--space", "nb201", "--number", "5"));
        AssertionError e = assertThrows(AssertionError.class, () -> parse(stale));
        assertTrue(e.getMessage().startsWith("README.md:7: "), e.getMessage());
        assertTrue(e.getMessage().contains("picocli: Unknown options: '--number'"), e.getMessage());
    }

    @Test
    void continuationsQuotesAndCommentsAreReadAsAShellWould() throws IOException {
        Path doc = work.resolve("sample.md");
        Files.writeString(doc, String.join("\n", "text ./hwnas not in a block", "```", "# ./hwnas comment only",
                "HWNAS_PROFILES=spark ./hwnas search --budget 'a:latency_ms<=5' \\",
                "    --arch '|x~0|#x1=0.9'   # a comment", "scp cli/target/hwnas.jar pi@host:",
                "java -jar hwnas.jar agent --port 7070", "```", ""), StandardCharsets.UTF_8);
        List<Example> found = examples(doc);
        assertEquals(2, found.size(), found.toString());
        assertEquals(4, found.get(0).line());
        assertEquals(List.of("HWNAS_PROFILES=spark"), found.get(0).env());
        assertEquals(List.of("search", "--budget", "a:latency_ms<=5", "--arch", "|x~0|#x1=0.9"), found.get(0).args());
        assertEquals(List.of("agent", "--port", "7070"), found.get(1).args());
        assertEquals("java", found.get(1).launcher());
    }

    static List<Path> docs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The hwnas command lines in a Markdown file's fenced code blocks. */
    static List<Example> examples(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        String file = ROOT.relativize(doc.toAbsolutePath().normalize()).toString();
        List<Example> found = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            int first = i;
            StringBuilder joined = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                joined.append(line, 0, line.length() - 1).append(' ');
                line = lines.get(++i).strip();
            }
            joined.append(line);
            if (joined.indexOf("./hwnas") >= 0 || joined.indexOf("hwnas.jar") >= 0) {
                try {
                    found.addAll(commands(file, first + 1, joined.toString()));
                } catch (IllegalArgumentException unclosed) {
                    throw new IllegalArgumentException(file + ":" + (first + 1) + ": " + unclosed.getMessage());
                }
            }
        }
        return found;
    }

    /** The hwnas invocations in one shell line: commands split at {@code && ; | &}, env assignments kept apart. */
    static List<Example> commands(String file, int line, String text) {
        List<Example> found = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String w : Shell.words(text)) {
            if (Shell.isOperator(w)) {
                invocation(file, line, text, words).ifPresent(found::add);
                words = new ArrayList<>();
            } else {
                words.add(w);
            }
        }
        invocation(file, line, text, words).ifPresent(found::add);
        return found;
    }

    static Optional<Example> invocation(String file, int line, String text, List<String> words) {
        int start = 0;
        while (start < words.size() && words.get(start).matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            start++;
        }
        if (start == words.size()) {
            return Optional.empty();
        }
        List<String> env = words.subList(0, start);
        String launcher = words.get(start);
        int jar = -1;
        if (launcher.equals("./hwnas")) {
            jar = start;
        } else if (launcher.equals("java") || launcher.equals("spark-submit")) {
            for (int k = start + 1; k < words.size() && jar < 0; k++) {
                boolean jarFlag = launcher.equals("spark-submit") || words.get(k - 1).equals("-jar");
                jar = jarFlag && words.get(k).endsWith("hwnas.jar") ? k : -1;
            }
        }
        if (jar < 0) {
            return Optional.empty();
        }
        return Optional.of(new Example(file, line, text.strip().replaceAll("\\s+", " "), List.copyOf(env), launcher,
                List.copyOf(words.subList(jar + 1, words.size()))));
    }

    /** Parses with the real command line, as {@code Main} does before it runs anything. */
    static ParseResult parse(Example e) {
        try {
            return new CommandLine(new HwnasCommand()).parseArgs(e.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException ex) {
            throw new AssertionError(e.where() + ": " + e.text() + "\n  picocli: " + ex.getMessage(), ex);
        }
    }

    /**
     * Why an example is only parsed, or empty when it is run. {@code made} holds the relative paths that the run
     * examples before it in the same file write (a run directory, a saved predictor).
     */
    static Optional<String> whyNotRun(Example e, ParseResult parsed, Set<String> made) {
        if (!e.env().isEmpty()) {
            return Optional.of("needs another build of the tool: " + String.join(" ", e.env()));
        }
        if (!e.launcher().equals("./hwnas")) {
            return Optional.of("runs on another machine or a Spark cluster");
        }
        ParseResult leaf = leaf(parsed);
        String command = commandPath(parsed);
        return switch (command) {
            case "measure", "profile", "devices check" -> Optional.of("measures on a device: machine-dependent");
            case "measurements export" -> Optional.of("reads the measurements that measure and profile store");
            case "agent" -> Optional.of("a server that runs until it is stopped");
            case "train" -> Optional.of("trains with PyTorch");
            case "exits", "prune" -> Optional.of("trains and measures");
            case "search" -> whyNotSearch(leaf);
            case "report" -> needs(leaf.matchedPositionals().stream().flatMap(a -> a.originalStringValues().stream())
                    .toList(), made, "reports a run that only a parse-checked example makes");
            case "predictor eval", "predictor train" -> whyNotFit(leaf);
            case "predictor predict" -> needs(List.of(value(leaf, "--model", "")), made,
                    "needs a predictor file that only a parse-checked example makes");
            case "predictor spec-transfer" -> Optional.of(leaf.hasMatchedOption("--table")
                    ? "fits on HELP's whole table for each target: about 30 s"
                    : "reads this machine's measurements from the database");
            default -> Optional.empty();
        };
    }

    static Optional<String> whyNotSearch(ParseResult search) {
        if (value(search, "--accuracy", "").startsWith("train:")) {
            return Optional.of("trains every candidate with PyTorch");
        }
        if (search.hasMatchedOption("--resume")) {
            return Optional.of("resumes a run that a measuring search left");
        }
        boolean measuresNothing = search.hasMatchedOption("--latency-table")
                || value(search, "--spec-reference", "").equals("none");
        return measuresNothing ? Optional.empty()
                : Optional.of("measures candidates on this machine's CPU or a device: a minute or more");
    }

    static Optional<String> whyNotFit(ParseResult fit) {
        if (fit.hasMatchedOption("--device")) {
            return Optional.of("reads this machine's measurements from the database");
        }
        String predictor = value(fit, "--predictor", "weka");
        return predictor.startsWith("weka") ? Optional.of("trains Weka's M5P on thousands of rows: about 15 s")
                : Optional.empty();
    }

    static Optional<String> needs(List<String> paths, Set<String> made, String reason) {
        return made.containsAll(paths) ? Optional.empty() : Optional.of(reason);
    }

    /** An option's value as typed (the last, if repeated), whatever type the command converts it to. */
    static String value(ParseResult r, String option, String otherwise) {
        if (!r.hasMatchedOption(option)) {
            return otherwise;
        }
        List<String> values = r.matchedOption(option).originalStringValues();
        return values.get(values.size() - 1);
    }

    static ParseResult leaf(ParseResult parsed) {
        ParseResult r = parsed;
        while (r.subcommand() != null) {
            r = r.subcommand();
        }
        return r;
    }

    /** {@code search}, {@code devices list}, ...: the subcommand names below {@code hwnas}. */
    static String commandPath(ParseResult parsed) {
        List<String> names = new ArrayList<>();
        for (ParseResult r = parsed.subcommand(); r != null; r = r.subcommand()) {
            names.add(r.commandSpec().name());
        }
        return String.join(" ", names);
    }

    /** The relative paths an example writes: its output file or run directory. */
    static List<String> outputs(ParseResult parsed) {
        ParseResult leaf = leaf(parsed);
        List<String> out = new ArrayList<>();
        for (String name : List.of("-o", "--out", "--report")) {
            if (leaf.hasMatchedOption(name)) {
                out.add(leaf.matchedOption(name).originalStringValues().get(0));
            }
        }
        return out;
    }

    /**
     * Runs in-process, in a folder of the example's doc, with every Path argument moved into that folder (or onto the
     * repository's own file of that name).
     */
    static void run(Example e, ParseResult parsed) throws IOException {
        String doc = Path.of(e.file()).getFileName().toString().replace(".md", "");
        Path dir = Files.createDirectories(work.resolve(doc));
        Map<String, String> paths = new LinkedHashMap<>();
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (ArgSpec spec : r.matchedArgs()) {
                if (isPath(spec)) {
                    spec.originalStringValues().forEach(v -> paths.put(v, resolve(v, dir)));
                }
            }
        }
        List<String> args = e.args().stream().map(a -> rewrite(a, paths)).toList();
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        if (r.code() != 0) {
            fail(e.where() + ": " + e.text() + "\n  exit " + r.code() + " running " + args + "\n  " + r.err());
        }
        for (String written : outputs(parsed)) {
            assertTrue(Files.exists(Path.of(paths.get(written))), e.where() + ": " + e.text() + " did not write "
                    + written);
        }
    }

    static boolean isPath(ArgSpec spec) {
        return spec.type() == Path.class
                || (List.class.isAssignableFrom(spec.type()) && List.of(spec.auxiliaryTypes()).contains(Path.class));
    }

    static String resolve(String value, Path dir) {
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return value;
        }
        Path shipped = ROOT.resolve(p);
        return (Files.exists(shipped) ? shipped : dir.resolve(p)).toString();
    }

    static String rewrite(String arg, Map<String, String> paths) {
        if (paths.containsKey(arg)) {
            return paths.get(arg);
        }
        int eq = arg.indexOf('=');
        if (arg.startsWith("-") && eq > 0 && paths.containsKey(arg.substring(eq + 1))) {
            return arg.substring(0, eq + 1) + paths.get(arg.substring(eq + 1));
        }
        return arg;
    }

    /** Splits a line into words as a POSIX shell does for these examples: quotes, backslashes, comments. */
    static final class Shell {

        private Shell() {}

        static boolean isOperator(String w) {
            return w.startsWith("\0");
        }

        static List<String> words(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder w = null;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (w == null && c == '#') {
                    break;
                }
                if (Character.isWhitespace(c) || "|&;<>".indexOf(c) >= 0) {
                    if (w != null) {
                        words.add(w.toString());
                        w = null;
                    }
                    if (!Character.isWhitespace(c)) {
                        words.add("\0" + c);
                    }
                    continue;
                }
                w = w == null ? new StringBuilder() : w;
                i = quoted(line, i, w);
            }
            if (w != null) {
                words.add(w.toString());
            }
            return words;
        }

        /** Appends the character at {@code i} (or the quoted span it opens) and returns the last index used. */
        private static int quoted(String line, int i, StringBuilder w) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(i + 1));
                return i + 1;
            }
            if (c != '\'' && c != '"') {
                w.append(c);
                return i;
            }
            int end = line.indexOf(c, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed " + c + " in: " + line);
            }
            w.append(line, i + 1, end);
            return end;
        }
    }
}
