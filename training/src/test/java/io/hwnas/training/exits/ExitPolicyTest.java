package io.hwnas.training.exits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.training.djl.HeadOutputs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy on four images, two exits and the final classifier, written out by hand. */
class ExitPolicyTest {

    /** Labels 0..3. Exit x1 is sure of images 0 and 1 (and right only on 0), x2 of image 2; final is always right. */
    static final HeadOutputs HEADS = new HeadOutputs(List.of("logits_x1", "logits_x2", "logits"),
            new float[][] {{0.95f, 0.91f, 0.40f, 0.30f}, {0.60f, 0.97f, 0.92f, 0.50f}, {0.80f, 0.80f, 0.80f, 0.80f}},
            new int[][] {{0, 9, 9, 9}, {0, 1, 2, 9}, {0, 1, 2, 3}}, new int[] {0, 1, 2, 3});

    @Test
    void anInputLeavesAtTheFirstExitSureEnough() {
        ExitPolicy.Result r = ExitPolicy.apply(HEADS, new double[] {0.9, 0.9});
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, r.shares(), 1e-12);
        assertEquals(0.75, r.accuracy(), 1e-12); // image 1 left at x1, wrongly
        assertArrayEquals(new double[] {0.5, 1, 1}, r.accuracyAt(), 1e-12);
    }

    @Test
    void thresholdZeroTakesEverythingAndAboveOneNothing() {
        ExitPolicy.Result all = ExitPolicy.apply(HEADS, new double[] {0, 0});
        assertArrayEquals(new double[] {1, 0, 0}, all.shares(), 1e-12);
        assertEquals(HEADS.accuracy(0), all.accuracy(), 1e-12);
        ExitPolicy.Result none = ExitPolicy.apply(HEADS, new double[] {1.01, 1.01});
        assertArrayEquals(new double[] {0, 0, 1}, none.shares(), 1e-12);
        assertEquals(HEADS.accuracy(2), none.accuracy(), 1e-12);
        assertTrue(Double.isNaN(none.accuracyAt()[0]), "no input left at x1");
        ExitPolicy.Result second = ExitPolicy.apply(HEADS, new double[] {1.01, 0});
        assertArrayEquals(new double[] {0, 1, 0}, second.shares(), 1e-12);
    }

    @Test
    void sharesSumToOneForAnyThresholds() {
        for (double a = 0; a <= 1.05; a += 0.05) {
            for (double b = 0; b <= 1.05; b += 0.05) {
                double[] s = ExitPolicy.apply(HEADS, new double[] {a, b}).shares();
                assertEquals(1, s[0] + s[1] + s[2], 1e-12);
            }
        }
    }

    @Test
    void oneThresholdPerExitIsNeeded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExitPolicy.apply(HEADS, new double[] {0.9}));
        assertTrue(e.getMessage().contains("2 exits [logits_x1, logits_x2]"), e.getMessage());
    }
}
