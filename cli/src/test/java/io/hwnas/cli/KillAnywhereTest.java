package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.RunData;
import io.hwnas.core.search.RunDirectory;
import io.hwnas.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill anywhere (issue 18): the real command line in a child JVM, killed ({@code destroyForcibly}, the kill -9 of
 * {@code Process}) at moments drawn from a seeded generator, again and again, and resumed each time. A search with
 * the table oracles and one that measures on this CPU end with the front an uninterrupted run finds; a profile
 * loses no measurement it reported; every SQLite database passes {@code PRAGMA integrity_check} after every kill and
 * holds each measurement once. A moment is either one or two progress lines into the attempt and then up to
 * 0.3 s (mid-generation, mid-measurement, mid-checkpoint), or, one time in four, up to three seconds after the
 * start (the JVM starting, the manifest being written, the first generation). Bounded: a few kills per command;
 * {@code bench/kill-anywhere.sh ROUNDS SEED} runs ROUNDS times the kills and the work.
 */
class KillAnywhereTest {

    private static final Pattern SEARCH_LINE = Pattern.compile(" gen (\\d+): ");
    private static final Pattern PROFILE_LINE = Pattern.compile(" \\[\\d+/\\d+\\] \\S+ ms (\\|\\S+\\|)");
    private static final long LIVENESS_NS = 240_000_000_000L; // a bound on a stuck child, not a speed check
    /** {@code bench/kill-anywhere.sh}: this many times the kills and the work, from another seed. */
    private static final int ROUNDS = Integer.getInteger("hwnas.kill.rounds", 1);
    private static final long SEED = Long.getLong("hwnas.kill.seed", 0);

    @TempDir
    Path dir;

    /** What the test checks after each kill, given every line the killed attempts printed. */
    private interface AfterKill {
        void check(List<String> printed) throws Exception;
    }

    private Process start(List<String> args, Path log) throws IOException {
        Path tmp = Files.createDirectories(dir.resolve("child-tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                CliTest.pathingJar(dir).toString(), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static List<String> lines(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        out.remove(out.size() - 1); // a line still being written
        return out;
    }

    /**
     * Starts the command (its arguments for attempt {@code i}, which may depend on what the last left on disk) and
     * kills it at a drawn moment, {@code kills} times or until an attempt finishes first; checks after each kill.
     * Returns a line per attempt saying when it was killed, for messages.
     */
    private List<String> killRepeatedly(java.util.function.IntFunction<List<String>> args, Pattern progress,
            int kills, long seed, AfterKill afterKill) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> printed = new ArrayList<>();
        List<String> story = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            boolean byTime = random.nextInt(4) == 0;
            int lines = byTime ? 0 : 1 + random.nextInt(2);
            long delayMs = byTime ? random.nextLong(3000) : random.nextLong(300);
            Path log = dir.resolve("attempt-" + i + ".log");
            Process p = start(args.apply(i), log);
            long deadline = System.nanoTime() + LIVENESS_NS;
            long due = byTime ? System.nanoTime() + delayMs * 1_000_000 : Long.MAX_VALUE;
            boolean finished = false;
            while (true) {
                if (!p.isAlive()) {
                    finished = true;
                    break;
                }
                if (due == Long.MAX_VALUE && lines(log).stream().filter(l -> progress.matcher(l).find())
                        .count() >= lines) {
                    due = System.nanoTime() + delayMs * 1_000_000;
                }
                if (System.nanoTime() >= due) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("attempt " + i + " made no progress; " + story + "; log: "
                            + Files.readString(log));
                }
                Thread.sleep(10);
            }
            p.destroyForcibly().waitFor();
            printed.addAll(lines(log));
            story.add("attempt " + i + (finished ? " finished (exit " + p.exitValue() + ")" : " killed "
                    + (byTime ? delayMs + " ms after its start" : delayMs + " ms after " + lines + " progress lines")));
            if (finished) {
                assertEquals(0, p.exitValue(), story + "; log: " + Files.readString(log));
                break;
            }
            afterKill.check(printed);
        }
        return story;
    }

    /** The command line again, with {@code --resume} in place of {@code --out} once the run has its manifest. */
    private static List<String> resumable(List<String> args, Path run) {
        if (!Files.exists(run.resolve("manifest.json"))) {
            return args;
        }
        List<String> a = new ArrayList<>(args);
        a.set(a.indexOf("--out"), "--resume");
        return a;
    }

    @Test
    void aTableSearchKilledAnywhereEndsWithTheUninterruptedRunsFront() throws Exception {
        List<String> args = List.of("search", "--latency-table", Fixtures.helpTablePath().toString(),
                "--latency-column", "1080ti_1_ms", "--evaluations", String.valueOf(1500 * ROUNDS), "--population",
                "20", "--seed", "5", "--json", "--out");
        Path run = dir.resolve("killed");
        List<String> killed = new ArrayList<>(args);
        killed.add(run.toString());
        List<String> story = killRepeatedly(i -> resumable(killed, run), SEARCH_LINE, 10 * ROUNDS, 18 + SEED,
                printed -> {
            if (Files.exists(run.resolve("checkpoint.bin"))) {
                RunDirectory.load(run); // every kill leaves a whole checkpoint, read back without error
            }
        });
        Result last = CliTest.run(resumable(killed, run).toArray(String[]::new));
        assertEquals(0, last.code(), story + ": " + last.err());

        List<String> whole = new ArrayList<>(args);
        whole.add(dir.resolve("whole").toString());
        Result reference = CliTest.run(whole.toArray(String[]::new));
        assertEquals(0, reference.code(), reference.err());
        assertEquals(reference.json().get("front").findValuesAsText("arch"),
                last.json().get("front").findValuesAsText("arch"), story.toString());
        assertEquals(Files.readString(dir.resolve("whole").resolve("candidates.csv")),
                Files.readString(run.resolve("candidates.csv")), story.toString());
    }

    /**
     * Measured on this CPU with the predictor in the loop, into a measurement database. The uninterrupted run to
     * compare with reads a copy of that database afterwards: it finds every measurement the killed attempts took,
     * so it sees the same latencies, and any difference in the front is the resume's.
     */
    @Test
    void aMeasuredSearchKilledAnywhereEndsWithTheFrontOfItsMeasurements() throws Exception {
        Path db = dir.resolve("m.db");
        List<String> args = new ArrayList<>(List.of("search", "--evaluations", String.valueOf(30 * ROUNDS),
                "--population", "8", "--warmup-samples", "4", "--measure-per-generation", "2", "--no-budget",
                "--drift-control", "off", "--seed", "3", "--json", "--db"));
        args.add(db.toString());
        args.addAll(List.of(CliTest.FAST));
        Path run = dir.resolve("killed");
        List<String> killed = new ArrayList<>(args);
        killed.addAll(List.of("--out", run.toString()));
        List<String> story = killRepeatedly(i -> resumable(killed, run), SEARCH_LINE, 6 * ROUNDS, 7 + SEED, printed -> {
            checkDatabase(db);
            if (Files.exists(run.resolve("checkpoint.bin"))) {
                // What the last checkpoint records as measured is in the database.
                Set<String> stored = archs(db);
                for (Candidate c : RunDirectory.load(run).candidates()) {
                    if (c.latency("cpu-1t").isMeasured()) {
                        assertTrue(stored.contains(c.arch()), c.arch() + " measured, not in the database");
                    }
                }
            }
        });
        Result last = CliTest.run(resumable(killed, run).toArray(String[]::new));
        assertEquals(0, last.code(), story + ": " + last.err());
        checkDatabase(db);

        Path copy = dir.resolve("copy.db");
        Files.copy(db, copy);
        int rows = archs(copy).size();
        List<String> whole = new ArrayList<>(args);
        whole.set(whole.indexOf(db.toString()), copy.toString());
        whole.addAll(List.of("--out", dir.resolve("whole").toString()));
        Result reference = CliTest.run(whole.toArray(String[]::new));
        assertEquals(0, reference.code(), reference.err());
        assertEquals(rows, archs(copy).size(), "the uninterrupted run found every measurement it needed");
        assertEquals(reference.json().get("front").findValuesAsText("arch"),
                last.json().get("front").findValuesAsText("arch"), story.toString());
        assertEquals(Files.readString(dir.resolve("whole").resolve("candidates.csv")),
                Files.readString(run.resolve("candidates.csv")), story.toString());
    }

    @Test
    void aProfileKilledAnywhereLosesNoMeasurementItReported() throws Exception {
        Path db = dir.resolve("p.db");
        List<String> args = new ArrayList<>(List.of("profile", "--space", "nb201", "--device", "cpu-1t",
                "--samples", String.valueOf(12 * ROUNDS), "--seed", "9", "--db", db.toString()));
        args.addAll(List.of(CliTest.FAST));
        List<String> story = killRepeatedly(i -> args, PROFILE_LINE, 6 * ROUNDS, 11 + SEED, printed -> {
            checkDatabase(db);
            Set<String> stored = archs(db);
            for (String line : printed) {
                Matcher m = PROFILE_LINE.matcher(line);
                if (m.find()) {
                    assertTrue(stored.contains(m.group(1)), "reported, then lost: " + line);
                }
            }
        });
        Result last = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, last.code(), story + ": " + last.err());
        checkDatabase(db);
        Set<String> sampled = new HashSet<>(CliTest.run("sample", "--space", "nb201", "--count",
                String.valueOf(12 * ROUNDS), "--seed", "9").out().lines().toList());
        assertEquals(sampled, archs(db), story.toString());
    }

    /** The architectures measured in {@code db}. */
    private static Set<String> archs(Path db) throws Exception {
        Set<String> out = new HashSet<>();
        if (!Files.exists(db)) {
            return out;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT arch FROM measurement")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** Intact, each measurement once, each with its samples. */
    private static void checkDatabase(Path db) throws Exception {
        if (!Files.exists(db)) {
            return;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
                assertTrue(r.next());
                assertEquals("ok", r.getString(1), db + " after a kill");
            }
            if (!hasTable(s, "measurement")) {
                return; // killed while it was being created
            }
            try (ResultSet r = s.executeQuery("SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT space, arch, "
                    + "device_id, intra_threads, inter_threads, opt_level, exec_mode, provider, ort_version FROM "
                    + "measurement)), (SELECT COUNT(*) FROM measurement m LEFT JOIN samples x ON x.measurement_id = "
                    + "m.id WHERE x.measurement_id IS NULL) FROM measurement")) {
                assertTrue(r.next());
                assertEquals(r.getLong(1), r.getLong(2), "each measurement once");
                assertEquals(0, r.getLong(3), "every measurement with its samples");
            }
        }
    }

    private static boolean hasTable(Statement s, String name) throws Exception {
        try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                + name + "'")) {
            return r.next() && r.getLong(1) > 0;
        }
    }
}
