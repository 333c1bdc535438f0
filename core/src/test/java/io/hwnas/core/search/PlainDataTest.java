package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@link PlainOutput} and {@link PlainInput}: what is written reads back, and what does not fit is refused. */
class PlainDataTest {

    private static final Path FILE = Path.of("run", "checkpoint.bin");

    private static PlainInput in(byte[] b) {
        return new PlainInput(b, FILE, 0);
    }

    private static String refused(byte[] b, Consumer<PlainInput> read) {
        PlainInput p = in(b);
        RunFileException e = assertThrows(RunFileException.class, () -> read.accept(p));
        assertEquals(FILE, e.file());
        return e.getMessage();
    }

    @Test
    void everyValueTypeReadsBackAsWritten() {
        byte[] b = new PlainOutput().writeInt(-7).writeInt(Integer.MAX_VALUE).writeLong(Long.MIN_VALUE)
                .writeDouble(-0.5).writeDouble(Double.NaN).writeDouble(Double.NEGATIVE_INFINITY).writeBoolean(true)
                .writeBoolean(false).writeByte(-3).writeByte(200).writeString("").writeString("héllo ✓ 𝄞")
                .writeNullableString(null).writeNullableString("x").writeDoubles(null).writeDoubles(new double[0])
                .writeDoubles(new double[] {1.5, -2, Double.MIN_VALUE}).writeBytes(new byte[] {0, -1, 127})
                .writeBytes(new byte[0]).toByteArray();
        PlainInput p = in(b);
        assertEquals(b.length, p.remaining());
        assertEquals(-7, p.readInt());
        assertEquals(Integer.MAX_VALUE, p.readInt());
        assertEquals(Long.MIN_VALUE, p.readLong());
        assertEquals(-0.5, p.readDouble());
        assertTrue(Double.isNaN(p.readDouble()));
        assertEquals(Double.NEGATIVE_INFINITY, p.readDouble());
        assertTrue(p.readBoolean());
        assertFalse(p.readBoolean());
        assertEquals(-3, p.readByte());
        assertEquals((byte) 200, p.readByte(), "a byte keeps its low 8 bits");
        assertEquals("", p.readString());
        assertEquals("héllo ✓ 𝄞", p.readString());
        assertNull(p.readNullableString());
        assertEquals("x", p.readNullableString());
        assertNull(p.readDoubles(), "null stays distinct from empty");
        assertArrayEquals(new double[0], p.readDoubles());
        assertArrayEquals(new double[] {1.5, -2, Double.MIN_VALUE}, p.readDoubles());
        assertArrayEquals(new byte[] {0, -1, 127}, p.readBytes());
        assertArrayEquals(new byte[0], p.readBytes());
        assertEquals(0, p.remaining());
        p.end();
        assertEquals(FILE, p.file());
    }

    /** The layout is part of the file format: big-endian, strings as their UTF-8 length then the bytes. */
    @Test
    void theLayoutIsBigEndianWithLengthsInBytes() {
        byte[] b = new PlainOutput().writeInt(0x01020304).writeString("é").writeNullableString(null)
                .writeDoubles(null).writeBoolean(true).toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 2, (byte) 0xC3, (byte) 0xA9, 0, -1, -1, -1, -1, 1}, b);
    }

    /** Each read fits exactly the bytes left: a value that ends at the last byte is whole. */
    @Test
    void aValueEndingAtTheLastByteReads() {
        assertEquals(5, in(new byte[] {0, 0, 0, 5}).readInt());
        assertEquals(9L, in(new byte[] {0, 0, 0, 0, 0, 0, 0, 9}).readLong());
        assertEquals(2.0, in(ByteBuffer.allocate(8).putDouble(2.0).array()).readDouble());
        assertEquals(4, in(new byte[] {4}).readByte());
        assertEquals("ab", in(new byte[] {0, 0, 0, 2, 'a', 'b'}).readString());
        assertArrayEquals(new byte[] {7}, in(new byte[] {0, 0, 0, 1, 7}).readBytes());
        assertArrayEquals(new double[] {3}, in(ByteBuffer.allocate(12).putInt(1).putDouble(3).array()).readDoubles());
        assertEquals(3, in(new byte[] {0, 0, 0, 3, 1, 2, 3}).readCount("things", 1));
        assertEquals(2, in(new byte[] {0, 0, 0, 2, 1, 2, 3, 4}).readCount("pairs", 2));
    }

    @Test
    void aTruncatedValueIsRefusedNamingTheByteAndWhatWasExpected() {
        assertEquals(FILE + ": malformed at byte 0: an int needs 4 bytes, but only 3 are left",
                refused(new byte[3], PlainInput::readInt));
        assertEquals(FILE + ": malformed at byte 0: a long needs 8 bytes, but only 7 are left",
                refused(new byte[7], PlainInput::readLong));
        assertEquals(FILE + ": malformed at byte 0: a number needs 8 bytes, but only 7 are left",
                refused(new byte[7], PlainInput::readDouble));
        assertEquals(FILE + ": malformed at byte 0: a byte needs 1 bytes, but only 0 are left",
                refused(new byte[0], PlainInput::readByte));
        assertEquals(FILE + ": malformed at byte 4: text: a count of 3 does not fit the 2 bytes left",
                refused(new byte[] {0, 0, 0, 3, 'a', 'b'}, PlainInput::readString));
        assertEquals(FILE + ": malformed at byte 4: numbers: a count of 2 does not fit the 15 bytes left",
                refused(ByteBuffer.allocate(19).putInt(2).array(), PlainInput::readDoubles));
        assertEquals(FILE + ": malformed at byte 4: bytes: a count of 2 does not fit the 1 bytes left",
                refused(new byte[] {0, 0, 0, 2, 1}, PlainInput::readBytes));
        assertEquals(FILE + ": malformed at byte 4: pairs: a count of 2 does not fit the 3 bytes left",
                refused(new byte[] {0, 0, 0, 2, 1, 2, 3}, p -> p.readCount("pairs", 2)));
    }

    /** A crafted count of 2^31 - 1 must not allocate before it is found not to fit. */
    @Test
    void aHugeOrNegativeCountIsRefusedBeforeAnythingIsAllocated() {
        byte[] max = {0x7f, -1, -1, -1, 0};
        assertTrue(refused(max, PlainInput::readString).endsWith("text: a count of 2147483647 does not fit the 1 "
                + "bytes left"));
        assertTrue(refused(max, PlainInput::readDoubles).endsWith("numbers: a count of 2147483647 does not fit the "
                + "1 bytes left"));
        // n * minBytes overflows an int: the check must multiply in longs.
        byte[] wraps = {0x40, 0, 0, 1, 0, 0, 0, 0};
        assertTrue(refused(wraps, p -> p.readCount("rows", 4)).endsWith("rows: a count of 1073741825 does not fit "
                + "the 4 bytes left"));
        assertTrue(refused(new byte[] {0x20, 0, 0, 1, 0, 0, 0, 0}, PlainInput::readDoubles)
                .endsWith("numbers: a count of 536870913 does not fit the 4 bytes left"));
        assertTrue(refused(new byte[] {-1, -1, -1, -1, 0}, PlainInput::readBytes).endsWith("bytes: a count of -1 "
                + "does not fit the 1 bytes left"));
        assertTrue(refused(new byte[] {-1, -1, -1, -2, 0}, PlainInput::readDoubles).endsWith("numbers: a count of "
                + "-2 does not fit the 1 bytes left"), "only -1 stands for null");
        assertTrue(refused(new byte[] {-128, 0, 0, 0}, p -> p.readCount("things", 0)).endsWith("things: a count of "
                + "-2147483648 does not fit the 0 bytes left"));
    }

    @Test
    void aBooleanIsZeroOrOneOnly() {
        assertTrue(refused(new byte[] {2}, PlainInput::readBoolean).endsWith("a boolean was expected, but the byte "
                + "is 2"));
        assertTrue(refused(new byte[] {-1}, PlainInput::readBoolean).endsWith("but the byte is -1"));
        assertTrue(refused(new byte[] {5, 0, 0, 0, 1, 'a'}, PlainInput::readNullableString)
                .endsWith("the byte is 5"));
    }

    @Test
    void textThatIsNotUtf8IsRefused() {
        assertEquals(FILE + ": malformed at byte 6: text that is not UTF-8",
                refused(new byte[] {0, 0, 0, 2, (byte) 0xC3, 'a'}, PlainInput::readString));
        // An unpaired surrogate, which a lenient decoder would turn into U+FFFD.
        assertTrue(refused(new byte[] {0, 0, 0, 3, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, PlainInput::readString)
                .endsWith("text that is not UTF-8"));
    }

    @Test
    void bytesLeftAfterTheLastFieldAreRefused() {
        PlainInput p = in(new byte[] {0, 0, 0, 1, 9, 9});
        assertEquals(1, p.readInt());
        RunFileException e = assertThrows(RunFileException.class, p::end);
        assertEquals(FILE + ": malformed at byte 4: 2 bytes are left over after the last field", e.getMessage());
    }

    /** Messages count bytes from the file's start, or name the part whose bytes they count. */
    @Test
    void messagesPlaceTheByteInTheFileOrInItsPart() {
        PlainInput atOffset = new PlainInput(new byte[] {0, 0, 0, 1, 2}, FILE, 24);
        atOffset.readInt();
        assertEquals(FILE + ": malformed at byte 28: an int needs 4 bytes, but only 1 are left",
                assertThrows(RunFileException.class, atOffset::readInt).getMessage());
        PlainInput part = new PlainInput(new byte[] {7}, FILE, "the algorithm's state");
        part.readByte();
        assertEquals(FILE + ": malformed at byte 1 of the algorithm's state: a byte needs 1 bytes, but only 0 are "
                + "left", assertThrows(RunFileException.class, part::readByte).getMessage());
    }

    /** Reading past the end moves nothing: the error is at the value's start. */
    @Test
    void aRefusedValueLeavesThePositionAtItsStart() {
        PlainInput p = in(ByteBuffer.allocate(7).putInt(1).put(new byte[] {0, 0, 9}).array());
        p.readInt();
        assertThrows(RunFileException.class, p::readInt);
        assertEquals(3, p.remaining());
    }
}
