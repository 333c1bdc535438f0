package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run directory's binary files: every algorithm's state goes through them and comes back to the same run, and
 * whatever else a file holds (cut short, damaged, garbage, another version's, crafted) is refused before it is
 * used, with the file and what is wrong named.
 */
class CheckpointTest {

    @TempDir
    Path tmp;

    private static SearchListener killAfter(int generation) {
        return new SearchListener() {
            @Override
            public void generation(GenerationStats s, int target) {
                if (s.generation() == generation) {
                    throw new IllegalStateException("killed");
                }
            }
        };
    }

    private static List<String> archs(List<Candidate> cs) {
        return cs.stream().map(Candidate::arch).toList();
    }

    private static SearchSetup.Builder search(Path dir, String algorithm) {
        // Three objectives (NSGA-III's reference points), a budget (constraints in every solution).
        return SearchFixtures.tableSearch(dir).algorithm(algorithm).objective(Metric.PARAMS)
                .budget(Budget.parse("latency_ms<=15")).evaluations(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "nsga3", "random", "regevo", "saea", "snsga2"})
    void everyAlgorithmKilledAfterAGenerationResumesToTheSameRun(String algorithm) throws IOException {
        SearchResult whole = SearchRun.run(search(tmp.resolve("whole"), algorithm).build(), SearchListener.NONE);
        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> SearchRun.run(search(cut, algorithm).build(), killAfter(2)));
        SearchResult resumed = SearchRun.run(search(cut, algorithm).build(), SearchListener.NONE);
        assertTrue(resumed.resumed());
        assertEquals(archs(whole.candidates()), archs(resumed.candidates()));
        assertEquals(archs(whole.front()), archs(resumed.front()));
        assertEquals(whole.history().stream().map(GenerationStats::hypervolume).toList(),
                resumed.history().stream().map(GenerationStats::hypervolume).toList());
    }

    /** A run killed in its first generation has a manifest and no checkpoint: it starts again, the same run. */
    @Test
    void aRunKilledInItsFirstGenerationStartsAgainFromItsManifest() throws IOException {
        SearchResult whole = SearchRun.run(search(tmp.resolve("whole"), "nsga2").build(), SearchListener.NONE);
        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> SearchRun.run(search(cut, "nsga2").build(), killAfter(1)));
        // What a kill before the first checkpoint leaves: the manifest, and perhaps part of the candidate log.
        Files.delete(cut.resolve(Checkpoint.FILE));
        Files.write(cut.resolve(Checkpoint.CANDIDATES), new byte[] {1, 2, 3});
        List<String> messages = new java.util.ArrayList<>();
        SearchResult resumed = SearchRun.run(search(cut, "nsga2").build(), new SearchListener() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        });
        assertTrue(resumed.resumed());
        assertEquals(archs(whole.candidates()), archs(resumed.candidates()));
        assertEquals(archs(whole.front()), archs(resumed.front()));
        assertTrue(messages.get(0).contains("stopped before its first generation ended: it starts again"),
                messages.toString());

        Files.delete(cut.resolve(Checkpoint.FILE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchRun.run(search(cut, "nsga2").seed(99).build(), SearchListener.NONE));
        assertTrue(e.getMessage().contains("cannot resume " + cut + " with a different configuration: seed was 7 "
                + "there and is 99 now"), e.getMessage());
    }

    /** A killed run's directory, after its second generation. */
    private Path killedRun() {
        Path dir = tmp.resolve("run");
        assertThrows(IllegalStateException.class, () -> SearchRun.run(search(dir, "nsga2").build(), killAfter(2)));
        return dir;
    }

    /** What a resume or a report of {@code dir} says, both the same. */
    private String refusal(Path dir) {
        RunFileException resume = assertThrows(RunFileException.class,
                () -> SearchRun.run(search(dir, "nsga2").build(), SearchListener.NONE));
        RunFileException report = assertThrows(RunFileException.class, () -> RunDirectory.load(dir));
        assertEquals(resume.getMessage(), report.getMessage());
        assertTrue(!resume.getMessage().contains("\n"), "one line: " + resume.getMessage());
        return resume.getMessage();
    }

    @Test
    void aTruncatedCheckpointIsRefusedNamingTheFileAndTheByte() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertEquals(file + ": truncated at byte " + whole.length / 2 + " of " + whole.length + " (the file ends "
                + "early)", refusal(dir));
        Files.write(file, Arrays.copyOf(whole, 10));
        assertEquals(file + ": truncated at byte 10 of 12 (the header ends early)", refusal(dir));
        Files.write(file, new byte[0]);
        assertTrue(refusal(dir).startsWith(file + ": truncated at byte 0"));
    }

    @Test
    void aDamagedCheckpointIsRefusedWithAChecksumMismatch() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] b = Files.readAllBytes(file);
        b[b.length - 3] ^= 0x10;
        Files.write(file, b);
        assertTrue(refusal(dir).matches(java.util.regex.Pattern.quote(file.toString())
                + ": checksum mismatch \\(CRC32 stored [0-9a-f]{8}, computed [0-9a-f]{8}\\): the file is damaged"));
    }

    @Test
    void garbageIsNotAnHwnasCheckpoint() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        Files.write(file, new byte[] {(byte) 0xBA, (byte) 0xBD, (byte) 0xF9, (byte) 0x89, 1, 2, 3, 4, 5, 6});
        assertEquals(file + ": not an hwnas checkpoint (it begins with bytes ba bd f9 89 01 02 03 04, not "
                + "'HWNASCKP')", refusal(dir));
    }

    /** Checkpoints before format 4 were Java-serialised: never deserialised now, only recognised. */
    @Test
    void aJavaSerialisedCheckpointIsAnOlderHwnassAndIsNotDeserialised() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        try (ObjectOutputStream o = new ObjectOutputStream(Files.newOutputStream(file))) {
            o.writeObject(new java.util.Random(1));
        }
        String m = refusal(dir);
        assertTrue(m.startsWith(file + ": written by an older hwnas (Java-serialised, before run-directory format 4)"),
                m);
        assertTrue(m.contains("start it over: delete " + file + " and " + dir.resolve(Checkpoint.CANDIDATES)), m);
    }

    @Test
    void anotherFormatVersionIsNamed() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] b = Files.readAllBytes(file);
        ByteBuffer.wrap(b).putInt(8, 3);
        Files.write(file, b);
        assertTrue(refusal(dir).startsWith(file + ": written by an older hwnas (format 3; this one reads 4)"));
        ByteBuffer.wrap(b).putInt(8, 5);
        Files.write(file, b);
        assertEquals(file + ": written by a newer hwnas (format 5; this one reads 4): continue the run with that "
                + "version", refusal(dir));
    }

    /** A length field of 2^31 (or 2^62) is checked against a bound and the file's size; nothing is allocated. */
    @Test
    void hugeLengthFieldsAreRefusedWithoutAllocating() throws IOException {
        Path dir = killedRun();
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] header = Arrays.copyOf(Files.readAllBytes(file), CheckedFiles.HEADER);
        ByteBuffer.wrap(header).putLong(CheckedFiles.PREFIX, 1L << 29);
        Files.write(file, header);
        assertEquals(file + ": truncated at byte 24 of " + (24 + (1L << 29)) + " (the file ends early)",
                refusal(dir));
        for (long huge : new long[] {1L << 31, 1L << 62, -1}) {
            ByteBuffer.wrap(header).putLong(CheckedFiles.PREFIX, huge);
            Files.write(file, header);
            assertEquals(file + ": damaged: its header gives a length of " + huge + " bytes, outside 0 to "
                    + (1L << 30), refusal(dir));
        }

        // Past the checksum, a count of 2^31 - 1 is checked against the bytes left.
        byte[] payload = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array();
        Files.write(file, CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload));
        assertEquals(file + ": malformed at byte 28: text: a count of 2147483647 does not fit the 4 bytes left",
                refusal(dir));
    }

    @Test
    void aDamagedOrCutCandidateLogIsRefusedNamingIt() throws IOException {
        Path dir = killedRun();
        Path log = dir.resolve(Checkpoint.CANDIDATES);
        byte[] whole = Files.readAllBytes(log);
        Files.write(log, Arrays.copyOf(whole, whole.length - 5));
        assertEquals(log + ": truncated at byte " + (whole.length - 5) + " of " + whole.length + " (the log its "
                + "checkpoint covers ends early)", refusal(dir));
        byte[] b = whole.clone();
        b[CheckedFiles.PREFIX + 8 + 3] ^= 1;
        Files.write(log, b);
        assertTrue(refusal(dir).startsWith(log + ": checksum mismatch in the record at byte 12 (CRC32 stored "));
        b = whole.clone();
        ByteBuffer.wrap(b).putInt(CheckedFiles.PREFIX, Integer.MAX_VALUE);
        Files.write(log, b);
        assertTrue(refusal(dir).startsWith(log + ": malformed at byte 12: a record of 2147483647 bytes does not fit"));
        Files.write(log, "HWNASCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(refusal(dir).startsWith(log + ": not an hwnas candidate log (it begins with bytes 48 57 4e 41"));
    }

    /** A checkpoint whose every byte is sound may still not fit the run: its population must be the run's. */
    @Test
    void aPopulationOfArchitecturesTheRunNeverEvaluatedIsRefused() throws IOException {
        Path dir = killedRun();
        Checkpoint cp = Checkpoint.read(dir);
        int first = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(Checkpoint.CANDIDATES))).getInt(CheckedFiles.PREFIX);
        new Checkpoint(cp.format(), cp.config(), cp.generation(), cp.finished(), cp.random(),
                CheckedFiles.PREFIX + 8 + first, List.of(), cp.history(), cp.ideal(), cp.nadir(), cp.algorithmState(),
                cp.elapsedMs(), cp.failed()).write(dir);
        RunFileException e = assertThrows(RunFileException.class,
                () -> SearchRun.run(search(dir, "nsga2").build(), SearchListener.NONE));
        assertTrue(e.getMessage().startsWith(dir.resolve(Checkpoint.FILE) + ": malformed at byte "), e.getMessage());
        assertTrue(e.getMessage().contains(" of the algorithm's state: a member of the population, '|"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(", is not a candidate of this run"), e.getMessage());
    }
}
