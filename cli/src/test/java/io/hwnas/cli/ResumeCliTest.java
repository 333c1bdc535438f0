package io.hwnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.cli.CliTest.Result;
import io.hwnas.core.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code search --resume}, {@code --out} and {@code --seed} as issue 18 found them, from the command line. */
class ResumeCliTest {

    @TempDir
    Path dir;

    /** A small table search into {@code out}: 60 evaluations, population 10, seed 2, unless {@code more} says. */
    private String[] tableSearch(String out, String... more) {
        List<String> a = new ArrayList<>(List.of("search", "--latency-table", Fixtures.helpTablePath().toString(),
                "--latency-column", "1080ti_1_ms", "--out", dir.resolve(out).toString(), "--json"));
        a.addAll(List.of(more));
        for (String[] d : new String[][] {{"--evaluations", "60"}, {"--population", "10"}, {"--seed", "2"}}) {
            if (!a.contains(d[0])) {
                a.addAll(List.of(d));
            }
        }
        return a.toArray(String[]::new);
    }

    /** Later checks call exactly this: a corrupted checkpoint.bin, a non-zero exit and one line naming it. */
    @Test
    void aCorruptedCheckpointIsRefusedWithOneLineNamingTheFile() throws Exception {
        Result done = CliTest.run(tableSearch("run"));
        assertEquals(0, done.code(), done.err());
        Path run = dir.resolve("run");
        Path checkpoint = run.resolve("checkpoint.bin");
        byte[] whole = Files.readAllBytes(checkpoint);
        Files.write(checkpoint, Arrays.copyOf(whole, whole.length - 7));
        Result cut = CliTest.run("search", "--resume", run.toString());
        assertEquals(2, cut.code(), cut.err());
        assertEquals("hwnas: " + checkpoint + ": truncated at byte " + (whole.length - 7) + " of " + whole.length
                + " (the file ends early)", cut.err().strip());
        Files.writeString(checkpoint, "garbage, or another program's file");
        Result garbage = CliTest.run("search", "--resume", run.toString());
        assertEquals(2, garbage.code(), garbage.err());
        assertTrue(garbage.err().strip().startsWith("hwnas: " + checkpoint + ": not an hwnas checkpoint"),
                garbage.err());
        Result report = CliTest.run("report", run.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(2, report.code(), report.err());
        assertTrue(report.err().contains(checkpoint + ": not an hwnas checkpoint"), report.err());
    }

    /**
     * Killed in its first generation, a run has its manifest and no checkpoint: --resume starts it again and it ends
     * as an uninterrupted run; --out on it says how to start over.
     */
    @Test
    void aRunWithOnlyItsManifestResumesToTheUninterruptedRun() throws Exception {
        Result whole = CliTest.run(tableSearch("whole"));
        assertEquals(0, whole.code(), whole.err());
        Result first = CliTest.run(tableSearch("cut"));
        assertEquals(0, first.code(), first.err());
        Path cut = dir.resolve("cut");
        try (var files = Files.list(cut)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("manifest.json")) {
                    Files.delete(f);
                }
            }
        }
        Result again = CliTest.run(tableSearch("cut"));
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("continue it with './hwnas search --resume " + cut + "', or start over: "
                + "delete the folder ('rm -r " + cut + "') and run this command again"), again.err());

        Result resumed = CliTest.run("search", "--resume", cut.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("stopped before its first generation ended: it starts again"),
                resumed.err());
        assertEquals(whole.json().get("front").findValuesAsText("arch"),
                resumed.json().get("front").findValuesAsText("arch"));
        assertEquals(Files.readString(dir.resolve("whole").resolve("candidates.csv")),
                Files.readString(cut.resolve("candidates.csv")));
    }

    /** java.util.Random kept a seed's low 48 bits: -1 and 2^63 - 1 were the same run. */
    @Test
    void seedsThatShareTheirLow48BitsAreDifferentRuns() throws Exception {
        Result minus = CliTest.run(tableSearch("minus", "--seed", "-1"));
        Result max = CliTest.run(tableSearch("max", "--seed", String.valueOf(Long.MAX_VALUE)));
        assertEquals(0, minus.code(), minus.err());
        assertEquals(0, max.code(), max.err());
        assertNotEquals(Files.readString(dir.resolve("minus").resolve("candidates.csv")),
                Files.readString(dir.resolve("max").resolve("candidates.csv")));
    }

    /** --evaluations 20 --population 50 printed [20/20] and evaluated 50; now all of them say 20. */
    @Test
    void theProgressTheManifestAndTheCandidatesAgreeOnABudgetBelowThePopulation() throws Exception {
        for (String algorithm : List.of("nsga2", "random")) {
            Result r = CliTest.run(tableSearch(algorithm, "--evaluations", "20", "--population", "50",
                    "--algorithm", algorithm));
            assertEquals(0, r.code(), r.err());
            assertEquals(20, r.json().get("evaluations").asInt(), algorithm);
            assertTrue(r.err().contains("[20/20]"), r.err());
            assertTrue(r.err().contains("the budget of 20 evaluations is below the population of 50"), r.err());
            Path run = dir.resolve(algorithm);
            assertEquals(20, Json.MAPPER.readTree(run.resolve("manifest.json").toFile()).get("config")
                    .get("evaluations").asInt());
            assertEquals(21, Files.readAllLines(run.resolve("candidates.csv")).size(), "header and 20 rows");
        }
    }
}
