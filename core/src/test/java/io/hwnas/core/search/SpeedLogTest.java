package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeedLogTest {

    @TempDir
    Path dir;

    private static SpeedRow row(int second, String arch, double factor, boolean unsteady) {
        return new SpeedRow(Instant.parse("2026-12-07T10:00:00Z").plusSeconds(second), "cpu-1t", arch, 2.0 * factor,
                2.0, factor, unsteady, second < 0);
    }

    @Test
    void rowsReadBackInOrderAndAMeasurementFoundAgainIsWrittenOnce() throws Exception {
        SpeedLog log = SpeedLog.at(dir);
        assertFalse(Files.exists(dir.resolve(SpeedLog.FILE)), "no file before the first row");
        log.add(row(0, "|a~0|", 1.1, false));
        log.add(row(5, "|b~0|", 1.3, true));
        log.add(row(0, "|a~0|", 1.1, false));
        log.add(new SpeedRow(Instant.parse("2026-12-07T10:00:09Z"), "cpu-1t", "|c~0|", 3.0, Double.NaN, Double.NaN,
                false, true));
        log.add(row(-60, "|d~0|", 1.0, false));
        List<SpeedRow> rows = SpeedLog.read(dir);
        assertEquals(List.of(row(0, "|a~0|", 1.1, false), row(5, "|b~0|", 1.3, true)), rows.subList(0, 2));
        assertEquals(4, rows.size());
        assertFalse(rows.get(2).hasSpeedFactor(), "a measurement without a reading keeps empty columns");
        assertTrue(rows.get(2).found() && rows.get(3).found());
        assertEquals(SpeedLog.HEADER, Files.readAllLines(dir.resolve(SpeedLog.FILE)).get(0));
    }

    @Test
    void aKilledRunsHalfRowIsLeftOutAndTheResumedRunGoesOnAfterIt() throws Exception {
        SpeedLog.at(dir).add(row(0, "|a~0|", 1.0, false));
        Files.writeString(dir.resolve(SpeedLog.FILE), "2026-12-07T10:00:05Z,cpu-1t,|b~0|,2.2,2.0,1.1,false,tr",
                StandardOpenOption.APPEND);
        assertEquals(1, SpeedLog.read(dir).size());
        SpeedLog resumed = SpeedLog.at(dir);
        resumed.add(row(0, "|a~0|", 1.0, false));
        resumed.add(row(7, "|c~0|", 0.9, false));
        assertEquals(List.of(row(0, "|a~0|", 1.0, false), row(7, "|c~0|", 0.9, false)), SpeedLog.read(dir));
        String text = Files.readString(dir.resolve(SpeedLog.FILE), StandardCharsets.UTF_8);
        assertTrue(text.endsWith("0.9,false,false\n"), text);
    }

    @Test
    void aRunWithoutALogHasNoRows() throws Exception {
        assertEquals(List.of(), SpeedLog.read(dir));
    }

    @Test
    void aResumedWholeLogGoesOnWithoutABlankLineAndUnknownFiguresAreEmptyColumns() throws Exception {
        SpeedLog.at(dir).add(row(0, "|a~0|", 1.0, false));
        SpeedLog.at(dir).add(new SpeedRow(Instant.parse("2026-12-07T10:00:09Z"), "cpu-1t", "|c~0|", 3.0, Double.NaN,
                Double.NaN, false, true));
        List<String> lines = Files.readAllLines(dir.resolve(SpeedLog.FILE), StandardCharsets.UTF_8);
        assertEquals(List.of(SpeedLog.HEADER, "2026-12-07T10:00:00Z,cpu-1t,|a~0|,2.0,2.0,1.0,false,false",
                "2026-12-07T10:00:09Z,cpu-1t,|c~0|,3.0,,,false,true"), lines);
    }

    @Test
    void anEmptyLogFileIsGivenItsHeader() throws Exception {
        Files.createFile(dir.resolve(SpeedLog.FILE));
        SpeedLog.at(dir).add(row(0, "|a~0|", 1.0, false));
        assertEquals(SpeedLog.HEADER, Files.readAllLines(dir.resolve(SpeedLog.FILE)).get(0));
        assertEquals(List.of(row(0, "|a~0|", 1.0, false)), SpeedLog.read(dir));
    }
}
