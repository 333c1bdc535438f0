package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint.bin} as a {@link Checkpoint} writes and reads it, without a search: every field comes back as
 * written, and a payload whose checksum is right but whose values cannot be a search's state is refused naming the
 * file and the byte.
 */
class CheckpointFileTest {

    @TempDir
    Path dir;

    private static LinkedHashMap<String, String> failed(String... pairs) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Checkpoint full() {
        return new Checkpoint(Checkpoint.FORMAT, "{\"space\":\"nb201\"}", 3, true,
                new SeededRandom.State(true, (1L << 48) - 1, true, -0.5), 1234,
                List.of(new CandidatePool.Measured("cpu-1t", "a"), new CandidatePool.Measured("gpu", "b")),
                List.of(new GenerationStats(1, 10, 0.5, 3, 1, 900), new GenerationStats(2, 20, 0.75, 4, 2, 1800)),
                new double[] {0, 1.5}, new double[] {100, 42}, new byte[] {9, 8, 7}, 4567,
                failed("c", "out of memory", "d", "diverged"));
    }

    private static void assertSame(Checkpoint want, Checkpoint got) {
        assertEquals(want.format(), got.format());
        assertEquals(want.config(), got.config());
        assertEquals(want.generation(), got.generation());
        assertEquals(want.finished(), got.finished());
        assertEquals(want.random(), got.random());
        assertEquals(want.candidateBytes(), got.candidateBytes());
        assertEquals(want.measurements(), got.measurements());
        assertEquals(want.history(), got.history());
        assertArrayEquals(want.ideal(), got.ideal());
        assertArrayEquals(want.nadir(), got.nadir());
        assertArrayEquals(want.algorithmState(), got.algorithmState());
        assertEquals(want.elapsedMs(), got.elapsedMs());
        assertEquals(List.copyOf(want.failed().entrySet()), List.copyOf(got.failed().entrySet()), "in order");
    }

    @Test
    void everyFieldWrittenReadsBack() throws IOException {
        Checkpoint cp = full();
        cp.write(dir);
        assertSame(cp, Checkpoint.read(dir));
        assertTrue(SearchRun.hasCheckpoint(dir));
    }

    @Test
    void aCheckpointWithoutAReferenceOrFailuresReadsBack() throws IOException {
        Checkpoint cp = new Checkpoint(Checkpoint.FORMAT, "", 0, false,
                new SeededRandom.State(false, Long.MIN_VALUE + 5, false, 0), 0, List.of(), List.of(), null, null,
                new byte[0], 0, new LinkedHashMap<>());
        cp.write(dir);
        Checkpoint back = Checkpoint.read(dir);
        assertSame(cp, back);
        assertNull(back.ideal());
        assertNull(back.nadir());
    }

    /** Replaced whole: the old file or the new one, never a mix, and nothing left beside it. */
    @Test
    void aNewCheckpointReplacesTheOldWholeLeavingNoOtherFile() throws IOException {
        full().write(dir);
        Checkpoint next = new Checkpoint(Checkpoint.FORMAT, "x", 4, false, new SeededRandom.State(true, 5, false, 0),
                99, List.of(), List.of(), null, null, new byte[] {1}, 1, failed());
        next.write(dir);
        assertSame(next, Checkpoint.read(dir));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(Checkpoint.FILE)), files.toList());
        }
    }

    @Test
    void theFileIsFramedAsAnHwnasCheckpoint() throws IOException {
        full().write(dir);
        byte[] b = Files.readAllBytes(dir.resolve(Checkpoint.FILE));
        assertEquals("HWNASCKP", new String(b, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        CheckedFiles.read(dir.resolve(Checkpoint.FILE), CheckedFiles.CHECKPOINT);
    }

    @Test
    void theCandidatesAreThoseOfTheLogItCovers() throws IOException {
        Candidate a = new Candidate(0, 1, "a", 91.5, Map.of("cpu", LatencyEstimate.predicted(3)), Map.of());
        Candidate b = new Candidate(1, 1, "b", 80, Map.of("cpu", LatencyEstimate.measured(2)), Map.of());
        long covered = CandidateLog.append(dir, 0, List.of(a));
        CandidateLog.append(dir, covered, List.of(b));
        Checkpoint cp = new Checkpoint(Checkpoint.FORMAT, "", 1, false, new SeededRandom.State(true, 1, false, 0),
                covered, List.of(), List.of(), null, null, new byte[0], 0, failed());
        assertEquals(List.of(a), cp.candidates(dir), "b was appended after the checkpoint");
    }

    /**
     * A payload as {@link Checkpoint} encodes it, with the values given, its checksum right.
     *
     * @param trailing bytes after the last field
     */
    private void writePayload(int generation, boolean lcg, long seed, long candidateBytes, double[] ideal,
            double[] nadir, int trailing) throws IOException {
        PlainOutput out = new PlainOutput().writeString("c").writeInt(generation).writeBoolean(false)
                .writeBoolean(lcg).writeLong(seed).writeBoolean(false).writeDouble(0).writeLong(candidateBytes)
                .writeInt(0).writeInt(0).writeDoubles(ideal).writeDoubles(nadir).writeBytes(new byte[0])
                .writeLong(0).writeInt(0);
        for (int i = 0; i < trailing; i++) {
            out.writeByte(0);
        }
        Files.write(dir.resolve(Checkpoint.FILE), CheckedFiles.frame(CheckedFiles.CHECKPOINT, out.toByteArray()));
    }

    private String refusal() {
        RunFileException e = assertThrows(RunFileException.class, () -> Checkpoint.read(dir));
        assertEquals(dir.resolve(Checkpoint.FILE), e.file());
        return e.getMessage();
    }

    /** Header 24, "c" 5, generation 4, finished 1, lcg 1, seed 8: the seed ends at byte 43. */
    @Test
    void aLinearCongruentialStateOver48BitsIsMalformed() throws IOException {
        writePayload(1, true, 1L << 48, 0, null, null, 0);
        assertEquals(dir.resolve(Checkpoint.FILE) + ": malformed at byte 43: a 48-bit generator state was expected, "
                + "but was " + (1L << 48), refusal());
        writePayload(1, true, -1, 0, null, null, 0);
        assertTrue(refusal().endsWith("a 48-bit generator state was expected, but was -1"));
        // The other generator keeps all 64 bits.
        writePayload(1, false, -1, 0, null, null, 0);
        assertEquals(new SeededRandom.State(false, -1, false, 0), Checkpoint.read(dir).random());
    }

    /** ... then haveGaussian 1, gaussian 8, candidate bytes 8: the numbers end at byte 60. */
    @Test
    void aNegativeGenerationOrLogLengthIsMalformed() throws IOException {
        writePayload(-1, true, 0, 0, null, null, 0);
        assertEquals(dir.resolve(Checkpoint.FILE) + ": malformed at byte 60: generation -1, 0 bytes of "
                + "candidates.bin", refusal());
        writePayload(0, true, 0, -5, null, null, 0);
        assertEquals(dir.resolve(Checkpoint.FILE) + ": malformed at byte 60: generation 0, -5 bytes of "
                + "candidates.bin", refusal());
        writePayload(0, true, 0, 0, null, null, 0);
        assertEquals(0, Checkpoint.read(dir).generation(), "zero is a generation not yet ended, not damage");
    }

    @Test
    void aHypervolumeReferenceWhoseIdealAndNadirDifferIsMalformed() throws IOException {
        String what = "a hypervolume reference whose ideal and nadir points differ in length";
        writePayload(1, true, 0, 0, null, new double[] {1}, 0);
        assertTrue(refusal().endsWith(what), refusal());
        writePayload(1, true, 0, 0, new double[] {1}, null, 0);
        assertTrue(refusal().endsWith(what), refusal());
        writePayload(1, true, 0, 0, new double[] {1, 2}, new double[] {3}, 0);
        assertTrue(refusal().endsWith(what), refusal());
        writePayload(1, true, 0, 0, new double[] {1, 2}, new double[] {3, 4}, 0);
        assertArrayEquals(new double[] {3, 4}, Checkpoint.read(dir).nadir());
    }

    @Test
    void bytesAfterTheLastFieldAreMalformed() throws IOException {
        writePayload(1, true, 0, 0, null, null, 2);
        String m = refusal();
        assertTrue(m.startsWith(dir.resolve(Checkpoint.FILE) + ": malformed at byte "), m);
        assertTrue(m.endsWith(": 2 bytes are left over after the last field"), m);
        writePayload(1, true, 0, 0, null, null, 0);
        assertFalse(Checkpoint.read(dir).finished());
    }
}
