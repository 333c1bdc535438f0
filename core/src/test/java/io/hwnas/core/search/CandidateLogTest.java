package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code candidates.bin}: what a search appends reads back, and a damaged or foreign log is refused clearly. */
class CandidateLogTest {

    private static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
            + "nor_conv_3x3~1|nor_conv_3x3~2|";
    private static final String B = "|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|none~1|nor_conv_1x1~2|";
    private static final String C = "|avg_pool_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    @TempDir
    Path dir;

    private Path log() {
        return dir.resolve(Checkpoint.CANDIDATES);
    }

    /** A candidate with every kind of value a log holds: both latencies, graph metrics and extras. */
    private static Candidate candidate(int index, String arch) {
        Map<String, LatencyEstimate> latency = new LinkedHashMap<>();
        latency.put("gpu", LatencyEstimate.predicted(1.25 + index));
        latency.put("cpu-1t", new LatencyEstimate(7.5, 8.0));
        Map<Metric, Double> graph = new LinkedHashMap<>();
        graph.put(Metric.PARAMS, 1.5e6);
        graph.put(Metric.FLOPS, 2.0e8);
        Map<String, Double> extras = new LinkedHashMap<>();
        extras.put(Candidate.worstKey("gpu"), 3.0);
        extras.put("exit_share[0]", 0.25);
        return new Candidate(index, index / 2 + 1, arch, 90.5 - index, latency, graph, extras);
    }

    /** A log of the given payloads, each framed as a record with its right length and checksum. */
    private Path writeLog(byte[]... payloads) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(CheckedFiles.prefix(CheckedFiles.CANDIDATES));
        for (byte[] p : payloads) {
            b.writeBytes(ByteBuffer.allocate(8).putInt(p.length).putInt(CheckedFiles.crc(p, 0, p.length)).array());
            b.writeBytes(p);
        }
        Files.write(log(), b.toByteArray());
        return log();
    }

    private String refused(long covered) {
        RunFileException e = assertThrows(RunFileException.class, () -> CandidateLog.read(dir, covered));
        return e.getMessage();
    }

    private String refusedPayload(byte[] payload) throws IOException {
        writeLog(payload);
        RunFileException e = assertThrows(RunFileException.class, () -> CandidateLog.read(dir, Files.size(log())));
        assertEquals(log(), e.file());
        return e.getMessage();
    }

    @Test
    void everyCandidateReadsBackWithEveryValue() throws IOException {
        Candidate a = candidate(0, A);
        Candidate plain = new Candidate(1, 1, B, Double.NaN, Map.of("gpu", LatencyEstimate.measured(0.0)), Map.of());
        long end = CandidateLog.append(dir, 0, List.of(a, plain));
        assertEquals(Files.size(log()), end, "the new length is the log's");
        assertEquals(List.of(a, plain), CandidateLog.read(dir, end));
        byte[] head = Arrays.copyOf(Files.readAllBytes(log()), CheckedFiles.PREFIX);
        assertArrayEquals(CheckedFiles.prefix(CheckedFiles.CANDIDATES), head, "a new log begins with its header");
    }

    @Test
    void aCandidateAppendedAgainKeepsItsPlaceWithItsLatestValues() throws IOException {
        Candidate a = candidate(0, A);
        Candidate b = candidate(1, B);
        long first = CandidateLog.append(dir, 0, List.of(a, b));
        Candidate measured = a.withLatency("gpu", LatencyEstimate.measured(4.0));
        long second = CandidateLog.append(dir, first, List.of(candidate(2, C), measured));
        assertEquals(List.of(measured, b, candidate(2, C)), CandidateLog.read(dir, second));
        assertEquals(List.of(a, b), CandidateLog.read(dir, first), "bytes past what a checkpoint covers are not read");
    }

    @Test
    void candidatesReadBackInEvaluationOrderWhateverTheOrderAppended() throws IOException {
        long end = CandidateLog.append(dir, 0, List.of(candidate(2, C), candidate(0, A), candidate(1, B)));
        assertEquals(List.of(candidate(0, A), candidate(1, B), candidate(2, C)), CandidateLog.read(dir, end));
    }

    /** A killed process appended after the last checkpoint: a resumed search writes over those bytes. */
    @Test
    void appendingCutsWhatTheLastCheckpointDoesNotCover() throws IOException {
        long first = CandidateLog.append(dir, 0, List.of(candidate(0, A)));
        CandidateLog.append(dir, first, List.of(candidate(1, B), candidate(2, C)));
        long resumed = CandidateLog.append(dir, first, List.of(candidate(1, C)));
        assertEquals(Files.size(log()), resumed);
        assertEquals(first + 8 + CandidateLog.encode(candidate(1, C)).length, resumed);
        assertEquals(List.of(candidate(0, A), candidate(1, C)), CandidateLog.read(dir, resumed));
        assertEquals(first, CandidateLog.append(dir, first, List.of()), "nothing new: the log ends where it was");
        assertEquals(first, Files.size(log()));
    }

    @Test
    void aMissingLogIsRefusedSayingWhatTheCheckpointCovers() {
        assertEquals(log() + ": missing: the checkpoint covers 40 bytes of it", refused(40));
    }

    @Test
    void aForeignOrOldLogIsRefusedByItsHeader() throws IOException {
        Files.write(log(), "name,accuracy\nx,1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(refused(18).contains("not an hwnas candidate log"), refused(18));
        Files.write(log(), new byte[] {'H', 'W', 'N'});
        assertEquals(log() + ": truncated at byte 3 of 12 (the header ends early)", refused(3));
    }

    @Test
    void aCheckpointCoveringLessThanTheHeaderIsRefusedNamingTheCheckpoint() throws IOException {
        writeLog();
        RunFileException e = assertThrows(RunFileException.class, () -> CandidateLog.read(dir, 11));
        assertEquals(dir.resolve(Checkpoint.FILE), e.file());
        assertEquals(dir.resolve(Checkpoint.FILE) + ": malformed: it covers 11 bytes of candidates.bin, less than "
                + "its header", e.getMessage());
        assertEquals(List.of(), CandidateLog.read(dir, CheckedFiles.PREFIX), "a log of no candidates");
    }

    @Test
    void aLogShorterThanItsCheckpointSaysIsTruncated() throws IOException {
        long end = CandidateLog.append(dir, 0, List.of(candidate(0, A)));
        assertEquals(log() + ": truncated at byte " + end + " of " + (end + 1) + " (the log its checkpoint covers "
                + "ends early)", refused(end + 1));
    }

    @Test
    void aRecordCrossingTheCoveredEndIsRefused() throws IOException {
        long end = CandidateLog.append(dir, 0, List.of(candidate(0, A)));
        assertEquals(log() + ": malformed at byte 12: a record's header crosses byte 19, where its checkpoint says "
                + "the log ends", refused(19));
        assertEquals(log() + ": malformed at byte 12: a record of " + (end - 20) + " bytes does not fit the "
                + (end - 21) + " bytes its checkpoint covers after it", refused(end - 1));
    }

    @Test
    void aRecordLengthOutsideItsBoundsIsRefusedBeforeItIsRead() throws IOException {
        byte[] file = ByteBuffer.allocate(CheckedFiles.PREFIX + 8 + 4).put(CheckedFiles.prefix(CheckedFiles.CANDIDATES))
                .putInt(-4).putInt(0).array();
        Files.write(log(), file);
        assertEquals(log() + ": malformed at byte 12: a record of -4 bytes does not fit the 4 bytes its checkpoint "
                + "covers after it", refused(file.length));
    }

    /** A record whose header ends where the checkpoint says the log ends is whole, and empty: not a candidate. */
    @Test
    void anEmptyRecordIsRefusedAsNoCandidate() throws IOException {
        writeLog(new byte[0]);
        assertEquals(log() + ": malformed at byte 20: an int needs 4 bytes, but only 0 are left", refused(20));
    }

    /** A real candidate is a few hundred bytes; a megabyte is the most a record may claim, however long the log. */
    @Test
    void aRecordOfTheLargestLengthReadsAndOneByteMoreIsRefused() throws IOException {
        int overhead = CandidateLog.encode(new Candidate(0, 1, "", 1, Map.of(), Map.of())).length;
        Candidate big = new Candidate(0, 1, "x".repeat(CandidateLog.MAX_RECORD - overhead), 1, Map.of(), Map.of());
        long end = CandidateLog.append(dir, 0, List.of(big));
        assertEquals(CheckedFiles.PREFIX + 8 + CandidateLog.MAX_RECORD, end);
        assertEquals(List.of(big), CandidateLog.read(dir, end));

        Candidate bigger = new Candidate(0, 1, big.arch() + "x", 1, Map.of(), Map.of());
        end = CandidateLog.append(dir, 0, List.of(bigger));
        assertEquals(log() + ": malformed at byte 12: a record of " + (CandidateLog.MAX_RECORD + 1) + " bytes does "
                + "not fit the " + (CandidateLog.MAX_RECORD + 1) + " bytes its checkpoint covers after it",
                refused(end));
    }

    @Test
    void aDamagedRecordIsRefusedByItsChecksum() throws IOException {
        long end = CandidateLog.append(dir, 0, List.of(candidate(0, A), candidate(1, B)));
        byte[] file = Files.readAllBytes(log());
        int second = CheckedFiles.PREFIX + 8 + CandidateLog.encode(candidate(0, A)).length;
        file[second + 8 + 10] ^= 1;
        Files.write(log(), file);
        String m = refused(end);
        assertTrue(m.startsWith(log() + ": checksum mismatch in the record at byte " + second + " (CRC32 stored "), m);
        assertTrue(m.endsWith("): the file is damaged"), m);
    }

    @Test
    void aCandidateWithANegativeNumberIsRefused() throws IOException {
        assertEquals(log() + ": malformed at byte 28: a candidate numbered -1 of generation 1",
                refusedPayload(new PlainOutput().writeInt(-1).writeInt(1).toByteArray()));
        assertEquals(log() + ": malformed at byte 28: a candidate numbered 0 of generation -2",
                refusedPayload(new PlainOutput().writeInt(0).writeInt(-2).toByteArray()));
    }

    @Test
    void aLatencyNeitherMeasuredNorPredictedIsRefused() throws IOException {
        byte[] p = new PlainOutput().writeInt(0).writeInt(1).writeString("a").writeDouble(1).writeInt(1)
                .writeString("gpu").writeDouble(Double.NaN).writeDouble(Double.NaN).writeInt(0).writeInt(0)
                .toByteArray();
        assertEquals(log() + ": malformed at byte 68: the latency of a on 'gpu' is neither measured nor predicted",
                refusedPayload(p));
    }

    /** Only metrics computed from the graph are graph metrics: accuracy or latency there is a foreign record. */
    @Test
    void aGraphMetricThatIsNoneIsRefused() throws IOException {
        for (String key : List.of("accuracy", "latency_ms", "watts")) {
            byte[] p = new PlainOutput().writeInt(0).writeInt(1).writeString("a").writeDouble(1).writeInt(0)
                    .writeInt(1).writeString(key).writeDouble(1).writeInt(0).toByteArray();
            String m = refusedPayload(p);
            assertTrue(m.endsWith(": '" + key + "' is not a graph metric"), m);
        }
    }

    @Test
    void countsThatDoNotFitTheRecordAreRefused() throws IOException {
        PlainOutput head = new PlainOutput().writeInt(0).writeInt(1).writeString("a").writeDouble(1);
        assertTrue(refusedPayload(new PlainOutput().writeInt(0).writeInt(1).writeString("a").writeDouble(1)
                .writeInt(1).writeInt(0).writeInt(0).writeInt(0).writeInt(0).toByteArray())
                .endsWith("latencies: a count of 1 does not fit the 16 bytes left"));
        assertTrue(refusedPayload(new PlainOutput().writeInt(0).writeInt(1).writeString("a").writeDouble(1)
                .writeInt(0).writeInt(1).writeInt(0).writeInt(0).toByteArray())
                .endsWith("graph metrics: a count of 1 does not fit the 8 bytes left"));
        assertTrue(refusedPayload(head.writeInt(0).writeInt(0).writeInt(1).writeInt(0).writeInt(0).toByteArray())
                .endsWith("extras: a count of 1 does not fit the 8 bytes left"));
    }

    @Test
    void bytesAfterACandidateInItsRecordAreRefused() throws IOException {
        byte[] p = Arrays.copyOf(CandidateLog.encode(candidate(0, A)), CandidateLog.encode(candidate(0, A)).length + 3);
        assertTrue(refusedPayload(p).endsWith(": 3 bytes are left over after the last field"));
    }

    /** Each record's values are placed by their byte in the log, so a message points into the file. */
    @Test
    void aLaterRecordsErrorNamesItsByteInTheLog() throws IOException {
        byte[] good = CandidateLog.encode(candidate(0, A));
        writeLog(good, new PlainOutput().writeInt(-1).writeInt(1).toByteArray());
        long at = CheckedFiles.PREFIX + 8 + good.length + 8 + 8;
        assertEquals(log() + ": malformed at byte " + at + ": a candidate numbered -1 of generation 1",
                refused(Files.size(log())));
    }
}
