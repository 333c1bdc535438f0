package io.hwnas.predictors.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTableTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
    static final String B = "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|";
    static final String C = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|";
    static final String D = "|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|";

    @TempDir
    Path dir;

    private Path csv(String... rows) throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "arch,ms\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void badLatenciesAreSetAsideByReasonWithTheirLines() throws IOException {
        LatencyDataset d = LatencyTable.read(csv(A + ",5", B + ",-2", C + ",0", D + ",abc", B + ",NaN", C + ",Infinity",
                D + ",", B + ",1e999"), NB201, "arch").dataset("ms");
        assertEquals(1, d.size());
        assertEquals(7, d.skipped());
        assertEquals(List.of(
                new LatencyDataset.SetAside("with no latency", 1, List.of(8)),
                new LatencyDataset.SetAside("with a latency that is not a finite number", 4, List.of(5, 6, 7, 9)),
                new LatencyDataset.SetAside("with a zero or negative latency", 2, List.of(3, 4))), d.setAside());
        assertEquals("7 rows set aside: 1 row with no latency (line 8); 4 rows with a latency that is not a finite "
                + "number (lines 5, 6, 7, 9); 2 rows with a zero or negative latency (lines 3, 4)", d.setAsideText());
    }

    @Test
    void aReasonListsItsFirstFiveLinesAndSaysThereAreMore() throws IOException {
        String[] rows = new String[8];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = A + ",-1";
        }
        LatencyDataset d = LatencyTable.read(csv(rows), NB201, "arch").dataset("ms");
        assertEquals("8 rows with a zero or negative latency (lines 2, 3, 4, 5, 6, ...)",
                d.setAside().get(0).describe());
        assertEquals(0, d.size());
    }

    @Test
    void anArchitectureWithTwoLatenciesIsRefusedNamingBothLinesAndValues() throws IOException {
        Path f = csv(A + ",16", B + ",3", A + ",999");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LatencyTable.read(f, NB201, "arch").dataset("ms"));
        assertTrue(e.getMessage().contains("16 ms (line 2) and 999 ms (line 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("--duplicates average"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatencyTable.read(f, NB201, "arch").column("ms"));
    }

    @Test
    void averagingIsWhatTheUserAsksForAndIsSaid() throws IOException {
        LatencyTable t = LatencyTable.read(csv(A + ",16", B + ",3", A + ",999", A + ",-1"), NB201, "arch",
                Duplicates.AVERAGE);
        LatencyDataset d = t.dataset("ms");
        assertEquals(2, d.size());
        assertEquals(A, d.records().get(0).architecture().canonical());
        assertEquals((16 + 999) / 2.0, d.records().get(0).latencyMs());
        assertEquals(2, d.skipped());
        assertTrue(d.setAsideText().contains("1 row repeating an architecture of an earlier row (averaged) (line 4)"),
                d.setAsideText());
        assertArrayEquals(new double[] {507.5, 3}, t.column("ms"));
        assertEquals(2, t.architectures().size());
    }

    @Test
    void aRepeatWithTheSameLatencyIsMergedWithANote() throws IOException {
        LatencyDataset d = LatencyTable.read(csv(A + ",16", B + ",3", A + ",16.0"), NB201, "arch").dataset("ms");
        assertEquals(2, d.size());
        assertEquals(16, d.records().get(0).latencyMs());
        assertEquals("1 row set aside: 1 row repeating an architecture of an earlier row with the same latency "
                + "(merged) (line 4)", d.setAsideText());
    }

    @Test
    void aCleanTableSetsNothingAside() throws IOException {
        LatencyDataset d = LatencyTable.read(csv(A + ",16", B + ",3"), NB201, "arch").dataset("ms");
        assertEquals(0, d.skipped());
        assertEquals(List.of(), d.setAside());
        assertEquals("", d.setAsideText());
    }

    @Test
    void duplicatesWordsAreRefuseAndAverage() {
        assertEquals(Duplicates.AVERAGE, Duplicates.parse(" Average"));
        assertEquals(Duplicates.REFUSE, Duplicates.parse("refuse"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Duplicates.parse("mean"));
        assertEquals("--duplicates must be refuse or average, but was 'mean'", e.getMessage());
    }

    @Test
    void setAsideMustAccountForEverySkippedRow() {
        List<LatencyRecord> none = List.of();
        List<LatencyDataset.SetAside> one = List.of(new LatencyDataset.SetAside("with no latency", 1, List.of(2)));
        assertThrows(IllegalArgumentException.class, () -> new LatencyDataset("nb201", "x", "s", none, 2, one));
        assertThrows(IllegalArgumentException.class, () -> new LatencyDataset.SetAside("x", 1, List.of(1, 2)));
    }
}
