package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.space.EarlyExitSpace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's distribution of inputs over the exits, as an early-exit network with some exits off sees it. */
class ConfiguredExitSharesTest {

    private static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    @Test
    void anOffExitPassesItsShareOnToTheNext() {
        ConfiguredExitShares s = ConfiguredExitShares.of(EE, List.of(0.3, 0.2, 0.5));
        assertArrayEquals(new double[] {0.3, 0.2, 0.5}, s.shares(EE.decode(CELL + "#x1=0.9,x2=0.9")), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, s.shares(EE.decode(CELL + "#x2=0.9")), 1e-12);
        assertArrayEquals(new double[] {0.3, 0.7}, s.shares(EE.decode(CELL + "#x1=0.6")), 1e-12);
        assertArrayEquals(new double[] {1.0}, s.shares(EE.decode(CELL)), 1e-12);
    }

    @Test
    void theSharesAreCountedCheckedAndSummed() {
        var count = assertThrows(IllegalArgumentException.class, () -> ConfiguredExitShares.of(EE, List.of(0.5, 0.5)));
        assertEquals("3 shares are needed for nb201-ee (exits [x1, x2], then the final classifier), but 2 were given: "
                + "0.5,0.5", count.getMessage());
        for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ConfiguredExitShares.of(EE, List.of(0.5, bad, 0.5)));
            assertEquals("share 2 must be in [0, 1], but was " + bad, e.getMessage());
        }
        var sum = assertThrows(IllegalArgumentException.class,
                () -> ConfiguredExitShares.of(EE, List.of(0.3, 0.3, 0.5)));
        assertEquals("the shares must sum to 1, but 0.3,0.3,0.5 sums to 1.10000", sum.getMessage());
        // Within a millionth of 1 (what a user's decimals add up to) is 1.
        ConfiguredExitShares.of(EE, List.of(0.3333333, 0.3333333, 0.3333334));
        ConfiguredExitShares.of(EE, List.of(0.0, 0.0, 1.0));
    }

    @Test
    void itKeepsItsOwnCopyAndSaysWhereTheSharesComeFrom() {
        double[] given = {0.3, 0.2, 0.5};
        ConfiguredExitShares s = new ConfiguredExitShares(EE, given);
        given[0] = 0.9;
        assertArrayEquals(new double[] {0.3, 0.2, 0.5}, s.shares(EE.decode(CELL + "#x1=0.9,x2=0.9")), 1e-12);
        assertEquals("configured (0.3,0.2,0.5): per exit position [x1, x2] and the final classifier; an exit that is "
                + "off passes its share on to the next; the thresholds play no part", s.source());
    }
}
