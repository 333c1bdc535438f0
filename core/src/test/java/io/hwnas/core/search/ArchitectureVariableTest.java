package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.moeaframework.core.Solution;

/** The decision variable carries one architecture's canonical string, and two are equal when both parts are. */
class ArchitectureVariableTest {

    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";
    private static final String OTHER = "|none~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    @Test
    void itEncodesAndPrintsAsTheCanonicalStringAndDecodesOneBack() {
        ArchitectureVariable v = new ArchitectureVariable("nb201", CELL);
        assertEquals(CELL, v.encode(), "a checkpoint stores the canonical string itself");
        assertEquals(CELL, v.toString());
        v.decode(OTHER);
        assertEquals(OTHER, v.encode());
        assertEquals("ArchitectureVariable(nb201)", v.getDefinition());
    }

    @Test
    void aCopyIsEqualButIndependent() {
        ArchitectureVariable v = new ArchitectureVariable("nb201", CELL);
        ArchitectureVariable copy = (ArchitectureVariable) v.copy();
        assertEquals(v, copy);
        assertEquals(v.hashCode(), copy.hashCode());
        copy.decode(OTHER);
        assertEquals(CELL, v.encode(), "changing the copy leaves the original");
    }

    @Test
    void equalityNeedsTheSameSpaceAndTheSameArchitecture() {
        ArchitectureVariable v = new ArchitectureVariable("nb201", CELL);
        assertEquals(v, new ArchitectureVariable("nb201", CELL));
        assertNotEquals(v, new ArchitectureVariable("nb201-ee", CELL), "the same string in another space");
        assertNotEquals(v, new ArchitectureVariable("nb201", OTHER));
        assertNotEquals(v, new ArchitectureVariable("nb201", null));
        assertNotEquals(v, CELL, "a string is not a variable");
        assertEquals(new ArchitectureVariable("nb201", null), new ArchitectureVariable("nb201", null),
                "a new solution's variable, not set yet");
        // Hash sets of solutions rely on equal variables hashing alike, and on different ones mostly not.
        assertNotEquals(v.hashCode(), new ArchitectureVariable("nb201", OTHER).hashCode());
    }

    @Test
    void aSolutionsArchitectureIsReadAndSetThroughItsVariable() {
        Solution s = new Solution(1, 0);
        s.setVariable(0, new ArchitectureVariable("nb201", CELL));
        assertEquals(CELL, ArchitectureVariable.of(s));
        ArchitectureVariable.set(s, OTHER);
        assertEquals(OTHER, ArchitectureVariable.of(s));
        assertEquals(OTHER, s.getVariable(0).encode());
    }

    @Test
    void itRefusesToRandomiseItselfAsTheSpaceDrawsArchitectures() {
        var e = assertThrows(UnsupportedOperationException.class,
                () -> new ArchitectureVariable("nb201", CELL).randomize());
        assertEquals("architectures are drawn by the search space, not by the variable", e.getMessage());
    }
}
