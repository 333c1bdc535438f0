package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small value records of the package: each refuses a bad field, naming it and the value. */
class ValuesTest {

    @Test
    void architectureCopiesItsGenomeAndPrintsSpaceAndString() {
        java.util.ArrayList<Integer> genes = new java.util.ArrayList<>(List.of(1, 2));
        Architecture a = new Architecture("s", "x", genes);
        genes.set(0, 9);
        assertEquals(List.of(1, 2), a.genome());
        assertEquals("s:x", a.toString());
        int[] array = a.genes();
        array[0] = 5;
        assertEquals(1, a.gene(0));
    }

    @Test
    void architectureRejectsBadGenesAndBlankFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Architecture("s", "x", List.of(0, -2)));
        assertTrue(e.getMessage().contains("genome[1]") && e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Architecture(" ", "x", List.of()));
        assertTrue(e.getMessage().startsWith("space"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Architecture("s", "", List.of()));
        assertTrue(e.getMessage().startsWith("canonical"), e.getMessage());
    }

    @Test
    void dimensionRejectsNoOrRepeatedChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dimension("k", List.of()));
        assertTrue(e.getMessage().contains("'k'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dimension("k", List.of("3", "3")));
        assertTrue(e.getMessage().contains("'k'") && e.getMessage().contains("[3, 3]"), e.getMessage());
        assertEquals(1, new Dimension("k", List.of("3", "5")).indexOf("5"));
    }

    @Test
    void graphOptionsKeepTheSpaceDefaultUntilSet() {
        GraphOptions o = GraphOptions.DEFAULTS.classes(10);
        assertEquals(10, o.classesOr(1000));
        assertEquals(224, o.inputSizeOr(224));
        assertEquals(3, o.inputChannelsOr(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphOptions.DEFAULTS.inputSize(-4));
        assertEquals("inputSize must be > 0 (or SPACE_DEFAULT, 0), but was -4", e.getMessage());
    }
}
