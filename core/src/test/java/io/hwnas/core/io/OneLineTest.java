package io.hwnas.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OneLineTest {

    @Test
    void plainTextIsUnchanged() {
        assertEquals("unknown space 'nb999'; known: [mbv3, nb201] — ok é 汉字", OneLine.of(
                "unknown space 'nb999'; known: [mbv3, nb201] — ok é 汉字"));
        assertEquals("null", OneLine.of(null));
    }

    @Test
    void controlCharactersAreEscapedSoTheLineStaysOneLineAndCannotDriveTheTerminal() {
        assertEquals("a\\nb\\r\\tc \\x1b[2J \\x00\\x07\\x7f", OneLine.of("a\nb\r\tc \u001b[2J \u0000\u0007\u007f"));
    }

    @Test
    void invisibleAndReorderingCharactersAreShownAsCodePoints() {
        // C1 control, right-to-left override, zero-width space, byte-order mark, an unpaired surrogate
        assertEquals("\\u0085 \\u202e \\u200b \\ufeff \\ud800", OneLine.of("\u0085 \u202e \u200b \ufeff \ud800"));
        // a surrogate pair is one printable character: only an unpaired half is escaped
        assertEquals("\uD83D\uDE00 \\udc00x", OneLine.of("\uD83D\uDE00 \uDC00x"));
    }

    @Test
    void aLongValueKeepsBothEndsAndCountsWhatWasCut() {
        String value = "x".repeat(10_000);
        String line = OneLine.of("arch '" + value + "': not valid", 300);
        assertTrue(line.startsWith("arch 'xxx"), line);
        assertTrue(line.endsWith("xxx': not valid"), line);
        assertTrue(line.length() <= 300 + 40, line.length() + ": " + line);
        assertTrue(line.length() >= 300, line.length() + ": " + line);
        int kept = line.replaceAll("[^x]", "").length();
        assertTrue(line.contains(" ... [" + String.format("%,d", 10_000 - kept) + " characters cut] ... "), line);
        assertEquals(1000, OneLine.MAX);
        assertTrue(OneLine.of(value).length() <= OneLine.MAX + 40);
    }

    @Test
    void theCutCountsCharactersOfTheTextNotOfItsEscapes() {
        String line = OneLine.of("\u0001".repeat(5_000), 120);
        assertFalse(line.contains("\u0001"));
        int shown = (line.length() - line.replaceAll("\\\\x01", "").length()) / 4;
        assertTrue(line.contains("[" + String.format("%,d", 5_000 - shown) + " characters cut]"), line);
    }

    @Test
    void textOfEscapesIsCutByWhatItPrintsNotByHowManyCharactersItHolds() {
        // 50 overrides print 300 characters: 60 is the limit, so they are cut like 300 plain ones would be
        String line = OneLine.of("\u202e".repeat(50), 60);
        assertTrue(line.length() <= 60 + 40, line.length() + ": " + line);
        assertTrue(line.matches("(\\\\u202e)+ \\.\\.\\. \\[[0-9]+ characters cut] \\.\\.\\. (\\\\u202e)+"), line);
        // 20 escapes print 80: the 5 between the ends that 60 keeps print 20, less than the note would take
        assertEquals("\\x01".repeat(20), OneLine.of("\u0001".repeat(20), 60));
    }

    @Test
    void textJustOverTheLimitIsNotCutForNothing() {
        String text = "y".repeat(305);
        String line = OneLine.of(text, 300);
        assertEquals(text, line);
        assertThrows(IllegalArgumentException.class, () -> OneLine.of("x", 10));
    }
}
