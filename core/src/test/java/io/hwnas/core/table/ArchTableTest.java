package io.hwnas.core.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ArchTableTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    static final String B = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    static final String C = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";

    static ArchTable table(String text) throws IOException {
        return ArchTable.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", NB201,
                "arch");
    }

    @Test
    void readsValuesAndLeavesEmptyCellsMissing() throws IOException {
        ArchTable t = table("arch,acc,ms\n" + A + ",93.5,2e-3\n\n" + B + ", ,-1\n");
        assertArrayEquals(new double[] {93.5, Double.NaN}, t.column("acc"));
        assertArrayEquals(new double[] {0.002, -1}, t.column("ms"));
        assertEquals(2, t.line(0));
        assertEquals(4, t.line(1), "a blank line still counts");
        assertEquals(Map.of(A, 93.5), t.lookup("acc"));
    }

    @Test
    void aTextCellIsMalformedNotMissingAndItsColumnIsRefusedNamingLineAndColumn() throws IOException {
        ArchTable t = table("arch,acc,notes\n" + A + ",93.5,fine\n" + B + ",n/a,x\n" + C + ",NaN,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.column("acc"));
        assertTrue(e.getMessage().startsWith("t.csv:3: column 'acc': 'n/a' is not a number (and 1 more in the "
                + "column: line 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.lookup("acc"));
        BitSet bad = t.malformedRows("acc");
        assertEquals(2, bad.cardinality());
        assertTrue(bad.get(1) && bad.get(2));
        assertTrue(Double.isNaN(t.cells("acc")[1]));
        assertEquals(93.5, t.cells("acc")[0]);
    }

    @Test
    void whatJavaWouldParseButATableDoesNotHoldIsMalformed() throws IOException {
        for (String cell : new String[] {"Infinity", "-Infinity", "NaN", "0x1p3", "1d", "2f", "1e999", "1..2", "e5"}) {
            ArchTable t = table("arch,v\n" + A + "," + cell + "\n");
            assertEquals(1, t.malformedRows("v").cardinality(), cell);
        }
    }

    @Test
    void anArchitectureWithTwoValuesIsRefusedNamingBothLinesAndOneWithOneValueIsOneEntry() throws IOException {
        ArchTable same = table("arch,ms\n" + A + ",16\n" + B + ",3\n" + A + ",16\n");
        assertEquals(Map.of(A, 16.0, B, 3.0), same.lookup("ms"));
        ArchTable two = table("arch,ms\n" + A + ",16\n" + B + ",3\n" + A + ",999\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> two.lookup("ms"));
        assertTrue(e.getMessage().contains("16 (line 2) and 999 (line 4)") && e.getMessage().contains(A),
                e.getMessage());
    }

    @Test
    void aValueOutsideTheRangeIsRefusedSayingWhatWasExpected() throws IOException {
        ArchTable t = table("arch,acc\n" + A + ",93.5\n" + B + ",193.2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.lookup("acc", v -> v >= 0 && v <= 100, "an accuracy in %"));
        assertEquals("t.csv:3: column 'acc': 193.2 is not an accuracy in %", e.getMessage());
    }

    @Test
    void aColumnNamedTwiceIsAmbiguousOnlyWhenAskedFor() throws IOException {
        ArchTable t = table("arch,ms,ms,acc\n" + A + ",1,2,50\n");
        assertEquals(50, t.column("acc")[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.column("ms"));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void structuralMistakesNameTheSourceAndLine() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> table("")).getMessage()
                .contains("t.csv: empty file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> table("a,b\n")).getMessage()
                .startsWith("t.csv: no column 'arch'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> table("arch,ms\n" + A + ",1,2\n"))
                .getMessage().startsWith("t.csv:2: 3 fields"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> table("arch,ms\nnot-a-cell,1\n"))
                .getMessage().startsWith("t.csv:2: "));
    }

    @Test
    void aGzipSourceThatIsNotGzipIsBadInputNamingIt() throws IOException {
        byte[] plain = ("arch,ms\n" + A + ",1\n").getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchTable.read(new ByteArrayInputStream(plain), "t.csv.gz", NB201, "arch"));
        assertTrue(e.getMessage().startsWith("t.csv.gz: not a whole gzip file"), e.getMessage());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream o = new GZIPOutputStream(gz)) {
            o.write(plain);
        }
        byte[] cut = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() - 12);
        e = assertThrows(IllegalArgumentException.class,
                () -> ArchTable.read(new ByteArrayInputStream(cut), "t.csv.gz", NB201, "arch"));
        assertTrue(e.getMessage().startsWith("t.csv.gz: not a whole gzip file"), e.getMessage());
        assertFalse(ArchTable.read(new ByteArrayInputStream(gz.toByteArray()), "t.csv.gz", NB201, "arch")
                .architectures().isEmpty());
    }

    @Test
    void messagesCutAndEscapeWhatTheFileSays() throws IOException {
        ArchTable t = table("arch,v\n" + A + "," + "x".repeat(500) + "\u001b[31m\n");
        String m = assertThrows(IllegalArgumentException.class, () -> t.column("v")).getMessage();
        // 505 characters: the first 40 and the last 17 (20 once escaped) are shown, the 448 between counted
        assertTrue(m.contains(": column 'v': '" + "x".repeat(40) + " ... [448 characters cut] ... " + "x".repeat(12)
                + "\\x1b[31m' is not a number"), m);
        ArchTable esc = table("arch,v\n" + A + ",\u001b[31m\n");
        m = assertThrows(IllegalArgumentException.class, () -> esc.column("v")).getMessage();
        assertTrue(m.contains("'\\x1b[31m'") && !m.contains("\u001b"), m);
    }

    @Test
    void aPathThatIsNotATableIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals(dir + ": a folder, not a table", assertThrows(IllegalArgumentException.class,
                () -> ArchTable.read(dir, NB201, "arch")).getMessage());
        java.nio.file.Path none = dir.resolve("none.csv");
        assertEquals(none + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> ArchTable.read(none, NB201, "arch")).getMessage());
    }
}
