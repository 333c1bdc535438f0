package io.hwnas.predictors.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginOptionsTest {

    private static final Set<String> KNOWN = Set.of("peak", "bw", "calibrate", "fit");

    @Test
    void readsNumbersFlagsAndChoices() {
        PluginOptions o = PluginOptions.parse("roofline", " peak=100 , bw=20,calibrate", KNOWN);
        assertEquals(Optional.of(100.0), o.positive("peak"));
        assertEquals(20.0, o.nonNegative("bw", 1));
        assertTrue(o.flag("calibrate"));
        assertEquals("linear", o.choice("fit", Set.of("linear"), "linear"));
        assertFalse(PluginOptions.parse("roofline", "", KNOWN).flag("calibrate"));
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> PluginOptions.parse("roofline", "peek=1", KNOWN));
        assertEquals("roofline option 'peek' is unknown; known: [bw, calibrate, fit, peak]", e.getMessage());
    }

    @Test
    void badNumberNamesKeyAndValue() {
        PluginOptions o = PluginOptions.parse("roofline", "peak=fast", KNOWN);
        var e = assertThrows(IllegalArgumentException.class, () -> o.positive("peak"));
        assertEquals("roofline option peak must be a number > 0, but was 'fast'", e.getMessage());
    }

    @Test
    void rejectsRepeatedAndEmptyOptions() {
        var twice = assertThrows(IllegalArgumentException.class,
                () -> PluginOptions.parse("roofline", "peak=1,peak=2", KNOWN));
        assertTrue(twice.getMessage().contains("'peak' is given twice"), twice.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> PluginOptions.parse("roofline", "peak=1,", KNOWN));
        assertTrue(empty.getMessage().contains("empty option"), empty.getMessage());
    }

    @Test
    void flagRejectsAnythingButTrueOrFalse() {
        PluginOptions o = PluginOptions.parse("roofline", "calibrate=yes", KNOWN);
        var e = assertThrows(IllegalArgumentException.class, () -> o.flag("calibrate"));
        assertTrue(e.getMessage().contains("calibrate") && e.getMessage().contains("'yes'"), e.getMessage());
    }
}
