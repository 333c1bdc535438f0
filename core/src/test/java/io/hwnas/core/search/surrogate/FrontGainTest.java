package io.hwnas.core.search.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrontGainTest {

    /** Unit cells of [0, 20)^2 that some point dominates below the reference: an independent exact area. */
    private static int cells(List<double[]> points, double[] ref) {
        int n = 0;
        for (int x = 0; x < 20; x++) {
            for (int y = 0; y < 20; y++) {
                boolean covered = false;
                for (double[] p : points) {
                    covered |= p[0] <= x && p[1] <= y && x + 1 <= ref[0] && y + 1 <= ref[1];
                }
                n += covered ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void hypervolumeAndGainAgreeWithCountingCellsOnRandomFronts() {
        SplittableRandom r = new SplittableRandom(4);
        for (int t = 0; t < 200; t++) {
            double[] ref = {5 + r.nextInt(16), 5 + r.nextInt(16)};
            FrontGain g = new FrontGain(ref);
            List<double[]> added = new ArrayList<>();
            for (int k = r.nextInt(8); k > 0; k--) {
                double[] p = {r.nextInt(20), r.nextInt(20)};
                g.add(p);
                added.add(p);
            }
            assertEquals(cells(added, ref), g.hypervolume(), 1e-9);
            double[] p = {r.nextInt(20), r.nextInt(20)};
            List<double[]> more = new ArrayList<>(added);
            more.add(p);
            assertEquals(cells(more, ref) - cells(added, ref), g.gain(p), 1e-9, "gain of " + p[0] + "," + p[1]);
        }
    }

    @Test
    void aDominatedPointStaysOutAndADominatingOneReplacesMembers() {
        FrontGain g = new FrontGain(new double[] {10, 10});
        g.add(new double[] {2, 6});
        g.add(new double[] {5, 3});
        g.add(new double[] {6, 6});
        assertEquals(2, g.members().size());
        assertEquals(0, g.gain(new double[] {6, 6}));
        g.add(new double[] {1, 2});
        assertEquals(1, g.members().size());
        assertEquals(72, g.hypervolume(), 1e-12);
        assertEquals(0, g.gain(new double[] {12, 0}), "outside the reference box");
    }

    @Test
    void behindIsHowFarADominatedPointMustMove() {
        List<double[]> front = List.of(new double[] {1, 5}, new double[] {4, 2});
        double[] scale = {1, 1};
        assertEquals(1, FrontGain.behind(new double[] {5, 3}, front, scale), 1e-12);
        assertTrue(FrontGain.behind(new double[] {0, 9}, front, scale) < 0, "not dominated");
        assertEquals(0.5, FrontGain.behind(new double[] {5, 3}, front, new double[] {2, 2}), 1e-12);
    }

    @Test
    void aTieWithAMemberIsDominatedAndAPointLevelInOneObjectiveReplacesTheWorseMember() {
        FrontGain g = new FrontGain(new double[] {10, 10});
        g.add(new double[] {2, 6});
        g.add(new double[] {2, 7}); // level in the first objective, worse in the second
        g.add(new double[] {3, 6}); // level in the second, worse in the first
        g.add(new double[] {2, 6}); // the member itself
        assertEquals(List.of("2.0,6.0"), text(g.members()));
        g.add(new double[] {5, 3});
        g.add(new double[] {4, 3}); // level in the second and better in the first: {5, 3} leaves
        assertEquals(List.of("2.0,6.0", "4.0,3.0"), text(g.members()));
        assertEquals(2 * 4 + 6 * 7, g.hypervolume(), 1e-12); // [2, 4) x [6, 10) and [4, 10) x [3, 10)
    }

    @Test
    void membersAreCopiesAndTheReferenceIsKeptAsGiven() {
        double[] ref = {10, 10};
        FrontGain g = new FrontGain(ref);
        double[] p = {1, 1};
        g.add(p);
        p[0] = 9;
        ref[0] = 2;
        g.members().get(0)[1] = 9;
        assertEquals(List.of("1.0,1.0"), text(g.members()));
        assertEquals(81, g.hypervolume(), 1e-12);
    }

    @Test
    void onlyTwoFiniteObjectivesAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrontGain(new double[] {1, 2, 3}));
        assertEquals("a front gain has two objectives, but the reference has 3", e.getMessage());
        FrontGain g = new FrontGain(new double[] {10, 10});
        for (double[] bad : new double[][] {{1}, {1, 2, 3}, {Double.NaN, 1}, {1, Double.POSITIVE_INFINITY}}) {
            assertThrows(IllegalArgumentException.class, () -> g.add(bad), java.util.Arrays.toString(bad));
            assertThrows(IllegalArgumentException.class, () -> g.gain(bad), java.util.Arrays.toString(bad));
        }
        assertEquals(List.of(), g.members());
    }

    private static List<String> text(List<double[]> points) {
        return points.stream().map(p -> p[0] + "," + p[1]).toList();
    }
}
