package io.hwnas.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void mnistHasTenThousandDigitsOfTwentyEightPixelsInEveryClass() {
        ImageDataset d = Datasets.get("mnist");
        assertEquals(10_000, d.size());
        assertEquals(1, d.channels());
        assertEquals(28, d.height());
        assertEquals(28, d.width());
        assertEquals(10, Arrays.stream(d.labels()).distinct().count());
        assertPixelsInUnitRange(d);
        // the images are real digits: the centre is inked far more often than the corners
        double centre = 0;
        double corner = 0;
        for (int i = 0; i < d.size(); i++) {
            centre += d.pixels()[i * 784 + 14 * 28 + 14];
            corner += d.pixels()[i * 784];
        }
        assertTrue(centre > 100 * Math.max(corner, 1e-3), "centre " + centre + ", corner " + corner);
    }

    @Test
    void digitsHasTheUciDigitsOfEightByEight() {
        ImageDataset d = Datasets.get("digits");
        assertEquals(1797, d.size());
        assertEquals(8, d.height());
        assertEquals(10, Arrays.stream(d.labels()).distinct().count());
        assertPixelsInUnitRange(d);
    }

    @Test
    void anUnknownDatasetIsNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.get("cifar10"));
        assertTrue(e.getMessage().contains("'cifar10'") && e.getMessage().contains("mnist")
                && e.getMessage().contains("digits"), e.getMessage());
    }

    private static void assertPixelsInUnitRange(ImageDataset d) {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : d.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void aSplitIsDisjointCoversEveryImageAndRepeatsWithItsSeed() {
        DataSplit s = DataSplit.of(1797, 0.8, 0.1, 3);
        assertEquals(1438, s.train().length);
        assertEquals(180, s.validation().length);
        assertEquals(179, s.test().length);
        Set<Integer> all = new HashSet<>();
        for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
            for (int i : part) {
                assertTrue(all.add(i), "image " + i + " is in two parts");
            }
        }
        assertEquals(1797, all.size());
        assertTrue(Arrays.equals(s.validation(), DataSplit.of(1797, 0.8, 0.1, 3).validation()));
        assertFalse(Arrays.equals(s.validation(), DataSplit.of(1797, 0.8, 0.1, 4).validation()));
    }

    @Test
    void aSplitRefusesFractionsThatDoNotFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.of(100, 0.9, 0.2, 1));
        assertTrue(e.getMessage().contains("0.9") && e.getMessage().contains("0.2"), e.getMessage());
    }
}
