package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The header of a run directory's binary files, byte by byte: what is framed reads back, and each way a file can be
 * damaged is refused, before its payload is decoded, with the file and what is wrong named. The slow end-to-end
 * {@link CheckpointTest} shows the same refusals through a resume; these need no search.
 */
class CheckedFilesTest {

    private static final Path DIR = Path.of("/runs/r1");
    private static final Path FILE = DIR.resolve(Checkpoint.FILE);
    private static final String START_OVER = "finish the run with the hwnas that wrote it, or start it over: delete "
            + DIR.resolve(Checkpoint.FILE) + " and " + DIR.resolve(Checkpoint.CANDIDATES) + ", and resume " + DIR
            + " (it starts again from its manifest)";

    @TempDir
    Path tmp;

    private static byte[] payload() {
        return new PlainOutput().writeString("config").writeInt(7).writeDouble(0.25).toByteArray();
    }

    private Path write(byte[] b) throws IOException {
        Path f = tmp.resolve(Checkpoint.FILE);
        Files.write(f, b);
        return f;
    }

    private static int crc32(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }

    /** The message of reading {@code file} as a checkpoint, which must be refused naming it. */
    private static String refusal(Path file) {
        RunFileException e = assertThrows(RunFileException.class, () -> CheckedFiles.read(file,
                CheckedFiles.CHECKPOINT));
        assertEquals(file, e.file());
        return e.getMessage();
    }

    private static String prefixRefusal(CheckedFiles.Kind kind, byte[] head) {
        RunFileException e = assertThrows(RunFileException.class, () -> CheckedFiles.checkPrefix(FILE, kind, head));
        assertEquals(FILE, e.file());
        return e.getMessage();
    }

    @Test
    void aFramedPayloadReadsBackWholeAfterItsHeader() throws IOException {
        byte[] payload = payload();
        byte[] framed = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload);
        ByteBuffer h = ByteBuffer.wrap(framed);
        byte[] magic = new byte[8];
        h.get(magic);
        assertEquals("HWNASCKP", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(CheckedFiles.FORMAT, h.getInt());
        assertEquals(payload.length, h.getLong());
        assertEquals(crc32(payload), h.getInt(), "the CRC32 of the payload alone");
        assertEquals(CheckedFiles.HEADER, h.position());
        assertArrayEquals(payload, Arrays.copyOfRange(framed, CheckedFiles.HEADER, framed.length));

        PlainInput in = CheckedFiles.read(write(framed), CheckedFiles.CHECKPOINT);
        assertEquals("config", in.readString());
        assertEquals(7, in.readInt());
        assertEquals(0.25, in.readDouble());
        in.end();
        // Positions in the payload's messages are the file's: the payload begins after the 24 bytes of header.
        assertEquals(tmp.resolve(Checkpoint.FILE) + ": malformed at byte " + framed.length
                + ": an int needs 4 bytes, but only 0 are left", assertThrows(RunFileException.class, in::readInt)
                .getMessage());
    }

    @Test
    void anEmptyPayloadIsAWholeFileOfJustAHeader() throws IOException {
        byte[] framed = CheckedFiles.frame(CheckedFiles.CHECKPOINT, new byte[0]);
        assertEquals(CheckedFiles.HEADER, framed.length);
        assertEquals(0, CheckedFiles.read(write(framed), CheckedFiles.CHECKPOINT).remaining());
    }

    @Test
    void aLogsPrefixIsItsMagicAndTheFormat() {
        byte[] p = CheckedFiles.prefix(CheckedFiles.CANDIDATES);
        assertEquals(CheckedFiles.PREFIX, p.length);
        assertEquals("HWNASCND", new String(p, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(CheckedFiles.FORMAT, ByteBuffer.wrap(p).getInt(8));
        assertDoesNotThrow(() -> CheckedFiles.checkPrefix(FILE, CheckedFiles.CANDIDATES, p));
    }

    @Test
    void aChecksumCoversOnlyTheBytesItIsGiven() {
        byte[] b = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(crc32("hello world".getBytes(StandardCharsets.US_ASCII)), CheckedFiles.crc(b, 2, 11));
        assertEquals(crc32(new byte[0]), CheckedFiles.crc(b, 5, 0));
    }

    /** Cut inside the magic and version: there is not even a whole prefix to check. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 8, 11})
    void aFileCutInsideItsPrefixIsTruncatedAtThatByteOf12(int cut) throws IOException {
        Path f = write(Arrays.copyOf(CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload()), cut));
        assertEquals(f + ": truncated at byte " + cut + " of 12 (the header ends early)", refusal(f));
    }

    /** Magic and version are right; the length and the checksum are missing. */
    @ParameterizedTest
    @ValueSource(ints = {12, 20, 23})
    void aFileCutInsideItsLengthOrChecksumIsTruncatedAtThatByteOf24(int cut) throws IOException {
        Path f = write(Arrays.copyOf(CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload()), cut));
        assertEquals(f + ": truncated at byte " + cut + " of 24 (the header ends early)", refusal(f));
    }

    @Test
    void aFileCutInsideItsPayloadIsTruncatedAtThatByteOfTheWhole() throws IOException {
        byte[] whole = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        for (int cut : new int[] {CheckedFiles.HEADER, whole.length - 1}) {
            Path f = write(Arrays.copyOf(whole, cut));
            assertEquals(f + ": truncated at byte " + cut + " of " + whole.length + " (the file ends early)",
                    refusal(f));
        }
    }

    @Test
    void bytesAfterThePayloadAreDamageNamedWithTheirCount() throws IOException {
        byte[] whole = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        Path f = write(Arrays.copyOf(whole, whole.length + 3));
        assertEquals(f + ": damaged: 3 bytes follow the " + whole.length + " its header gives", refusal(f));
        f = write(Arrays.copyOf(whole, whole.length + 1));
        assertEquals(f + ": damaged: 1 bytes follow the " + whole.length + " its header gives", refusal(f));
    }

    /** A length outside 0 to the kind's bound is refused as such, not looked for (nor allocated). */
    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE, (1L << 30) + 1, Long.MAX_VALUE})
    void aLengthOutsideTheBoundIsDamage(long length) throws IOException {
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        ByteBuffer.wrap(b).putLong(CheckedFiles.PREFIX, length);
        Path f = write(b);
        assertEquals(f + ": damaged: its header gives a length of " + length + " bytes, outside 0 to " + (1L << 30),
                refusal(f));
    }

    @Test
    void aLengthAtTheBoundIsAcceptedAndTheFileIsThenShort() throws IOException {
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        ByteBuffer.wrap(b).putLong(CheckedFiles.PREFIX, 1L << 30);
        Path f = write(b);
        assertEquals(f + ": truncated at byte " + b.length + " of " + (CheckedFiles.HEADER + (1L << 30))
                + " (the file ends early)", refusal(f));
    }

    @Test
    void aLengthOneShortOfTheFileLeavesATrailingByte() throws IOException {
        byte[] payload = payload();
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload);
        ByteBuffer.wrap(b).putLong(CheckedFiles.PREFIX, payload.length - 1);
        Path f = write(b);
        assertEquals(f + ": damaged: 1 bytes follow the " + (b.length - 1) + " its header gives", refusal(f));
    }

    @Test
    void aFlippedPayloadBitIsAChecksumMismatchGivingBothSums() throws IOException {
        byte[] payload = payload();
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload);
        b[b.length - 1] ^= 0x01;
        payload[payload.length - 1] ^= 0x01;
        Path f = write(b);
        assertEquals(String.format("%s: checksum mismatch (CRC32 stored %08x, computed %08x): the file is damaged", f,
                crc32(payload()), crc32(payload)), refusal(f));
    }

    @Test
    void aFlippedChecksumIsAMismatchToo() throws IOException {
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        b[CheckedFiles.HEADER - 1] ^= (byte) 0x80;
        Path f = write(b);
        assertEquals(String.format("%s: checksum mismatch (CRC32 stored %08x, computed %08x): the file is damaged", f,
                crc32(payload()) ^ 0x80, crc32(payload())), refusal(f));
    }

    @Test
    void aCandidateLogReadAsACheckpointIsNotACheckpoint() throws IOException {
        Path f = write(CheckedFiles.frame(CheckedFiles.CANDIDATES, payload()));
        assertEquals(f + ": not an hwnas checkpoint (it begins with bytes 48 57 4e 41 53 43 4e 44, not 'HWNASCKP')",
                refusal(f));
        assertEquals(FILE + ": not an hwnas candidate log (it begins with bytes 48 57 4e 41 53 43 4b 50, not "
                + "'HWNASCND')", prefixRefusal(CheckedFiles.CANDIDATES, CheckedFiles.prefix(CheckedFiles.CHECKPOINT)));
    }

    /** Only the bytes there are are shown, at most eight. */
    @Test
    void aShortForeignFileShowsTheBytesItHas() {
        assertEquals(FILE + ": not an hwnas checkpoint (it begins with bytes 48 57 58, not 'HWNASCKP')",
                prefixRefusal(CheckedFiles.CHECKPOINT, new byte[] {'H', 'W', 'X'}));
        assertEquals(FILE + ": not an hwnas checkpoint (it begins with bytes 00 01 02 03 04 05 06 07, not "
                + "'HWNASCKP')", prefixRefusal(CheckedFiles.CHECKPOINT, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        // A different last letter of the magic is enough.
        assertEquals(FILE + ": not an hwnas checkpoint (it begins with bytes 48 57 4e 41 53 43 4b 51, not "
                + "'HWNASCKP')", prefixRefusal(CheckedFiles.CHECKPOINT,
                "HWNASCKQ".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aJavaSerialisedFileIsAnOlderHwnassWithHowToStartOver() {
        byte[] java = {(byte) 0xAC, (byte) 0xED, 0, 5};
        assertEquals(FILE + ": written by an older hwnas (Java-serialised, before run-directory format 4), which this "
                + "one does not read: " + START_OVER, prefixRefusal(CheckedFiles.CHECKPOINT, java));
        assertEquals(FILE + ": written by an older hwnas (Java-serialised, before run-directory format 4), which this "
                + "one does not read: " + START_OVER, prefixRefusal(CheckedFiles.CANDIDATES, java));
        // Three of its four bytes are not yet a Java stream: only not an hwnas file.
        assertEquals(FILE + ": not an hwnas checkpoint (it begins with bytes ac ed 00, not 'HWNASCKP')",
                prefixRefusal(CheckedFiles.CHECKPOINT, Arrays.copyOf(java, 3)));
    }

    /** The old candidate log began with a count, then its Java stream; the old checkpoint did not. */
    @Test
    void anOldCandidateLogIsRecognisedByItsStreamAfterFourBytes() {
        byte[] old = {0, 0, 0, 9, (byte) 0xAC, (byte) 0xED, 0, 5};
        assertEquals(FILE + ": written by an older hwnas (Java-serialised, before run-directory format 4), which this "
                + "one does not read: " + START_OVER, prefixRefusal(CheckedFiles.CANDIDATES, old));
        assertEquals(FILE + ": not an hwnas checkpoint (it begins with bytes 00 00 00 09 ac ed 00 05, not "
                + "'HWNASCKP')", prefixRefusal(CheckedFiles.CHECKPOINT, old));
        assertEquals(FILE + ": not an hwnas candidate log (it begins with bytes 00 00 00 09 ac ed 00, not "
                + "'HWNASCND')", prefixRefusal(CheckedFiles.CANDIDATES, Arrays.copyOf(old, 7)));
    }

    @Test
    void aFileWithoutAFolderIsToldToStartOverInTheCurrentOne() {
        Path bare = Path.of(Checkpoint.FILE);
        RunFileException e = assertThrows(RunFileException.class, () -> CheckedFiles.checkPrefix(bare,
                CheckedFiles.CHECKPOINT, new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}));
        Path here = Path.of(".");
        assertEquals(bare + ": written by an older hwnas (Java-serialised, before run-directory format 4), which this "
                + "one does not read: finish the run with the hwnas that wrote it, or start it over: delete "
                + here.resolve(Checkpoint.FILE) + " and " + here.resolve(Checkpoint.CANDIDATES) + ", and resume "
                + here + " (it starts again from its manifest)", e.getMessage());
    }

    private static byte[] withVersion(int version) {
        return ByteBuffer.allocate(CheckedFiles.PREFIX).put("HWNASCKP".getBytes(StandardCharsets.US_ASCII))
                .putInt(version).array();
    }

    @Test
    void anOlderFormatIsNamedWithHowToStartOver() {
        assertEquals(FILE + ": written by an older hwnas (format 3; this one reads 4): " + START_OVER,
                prefixRefusal(CheckedFiles.CHECKPOINT, withVersion(3)));
        assertEquals(FILE + ": written by an older hwnas (format -1; this one reads 4): " + START_OVER,
                prefixRefusal(CheckedFiles.CHECKPOINT, withVersion(-1)));
    }

    @Test
    void aNewerFormatIsNamedWithWhichHwnasToUse() {
        assertEquals(FILE + ": written by a newer hwnas (format 5; this one reads 4): continue the run with that "
                + "version", prefixRefusal(CheckedFiles.CHECKPOINT, withVersion(5)));
        assertDoesNotThrow(() -> CheckedFiles.checkPrefix(FILE, CheckedFiles.CHECKPOINT, withVersion(4)));
    }

    @Test
    void anotherVersionInAFileIsRefusedBeforeItsLength() throws IOException {
        byte[] b = CheckedFiles.frame(CheckedFiles.CHECKPOINT, payload());
        ByteBuffer.wrap(b).putInt(8, 5).putLong(CheckedFiles.PREFIX, -1);
        Path f = write(b);
        assertEquals(f + ": written by a newer hwnas (format 5; this one reads 4): continue the run with that "
                + "version", refusal(f));
    }

    @Test
    void truncatedSaysWhereWhatEnded() {
        RunFileException e = CheckedFiles.truncated(FILE, 30, 100, "log its checkpoint covers");
        assertEquals(FILE, e.file());
        assertEquals(FILE + ": truncated at byte 30 of 100 (the log its checkpoint covers ends early)",
                e.getMessage());
    }
}
