package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Shape;
import java.math.BigInteger;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Mbv3SpaceTest extends SearchSpaceContract {

    private static final Mbv3Space MBV3 = new Mbv3Space();
    private static final String EXAMPLE = "r224-d24342-k35007355537073735700-e46006346466063666600";
    private static final String MIN = "r128-d22222-k33003300330033003300-e33003300330033003300";
    private static final String MAX = "r224-d44444-k77777777777777777777-e66666666666666666666";

    @Override
    protected SearchSpace space() {
        return MBV3;
    }

    @Override
    protected int defaultClasses() {
        return 1000;
    }

    // ---- strings ----

    @Test
    void canonicalStringsRoundTrip() {
        for (String s : new String[] {EXAMPLE, MIN, MAX}) {
            Architecture a = MBV3.decode(s);
            assertEquals(s, a.canonical());
            assertEquals(a, MBV3.fromGenome(a.genome()));
        }
        Architecture a = MBV3.decode(EXAMPLE);
        assertEquals(224, Mbv3Space.resolution(a));
        assertEquals(4, Mbv3Space.depth(a, 1));
        assertEquals(3, Mbv3Space.kernel(a, 1, 1));
        assertEquals(7, Mbv3Space.kernel(a, 1, 0));
        assertEquals(Architecture.INACTIVE, a.gene(Mbv3Space.KERNEL_GENE + 2));
        assertEquals(46, MBV3.dimensions().size());
        assertEquals("kernel2.2", MBV3.dimensions().get(Mbv3Space.KERNEL_GENE + 5).name());
    }

    @Test
    void normalisesDigitsPastAStagesDepthToZero() {
        assertEquals(EXAMPLE, MBV3.canonical("r224-d24342-k35777355537973735799-e46116346466963666612"));
        assertEquals(MIN, MBV3.canonical(" r128-d22222-k33573357335733573357-e33463346334633463346 "));
    }

    @Test
    void decodesOnceForAllsJsonForm() {
        String json = "{\"wid\": null, \"ks\": [3, 5, 0, 7, 7, 3, 5, 5, 5, 3, 7, 5, 7, 3, 7, 3, 5, 7, 3, 7],"
                + " \"e\": [4, 6, 3, 3, 6, 3, 4, 6, 4, 6, 6, 4, 6, 3, 6, 6, 6, 6, 6, 4],"
                + " \"d\": [2, 4, 3, 4, 2], \"r\": [224]}";
        Architecture a = MBV3.decode(json);
        assertEquals("r224-d24342-k35007355537073735700-e46006346466063666600", a.canonical());
        assertEquals(a, MBV3.decode(json.replace("[224]", "224")));
    }

    @Test
    void namesABadResolutionWithItsPosition() {
        String bad = "r225-d24342-k35007350537057307357-e46006340466046306664";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MBV3.decode(bad));
        assertEquals("mbv3 architecture '" + bad + "': resolution 225 at position 1 must be 128..224 in steps of 4",
                e.getMessage());
    }

    @Test
    void namesBadDigitsWithStageBlockAndPosition() {
        assertMessage("r224-d25342-k35007350537057307357-e46006340466046306664",
                "depth '5' of stage 2 at position 7 must be 2, 3 or 4");
        assertMessage("r224-d24342-k35007355537073734700-e46006346466063666600",
                "kernel '4' of stage 5, block 1 at position 29 must be 3, 5 or 7");
        assertMessage("r224-d24342-k35007355537073735700-e46006346466065666600",
                "expansion '5' of stage 4, block 2 at position 48 must be 3, 4 or 6");
        assertMessage("r224-d24342-k3500735553707373570-e46006346466063666600",
                "kernel digits '3500735553707373570' at position 13 must be 20 (four per stage), but were 19");
        assertMessage("r224-d24342-k35007355537073735700", "expected '-e' (expansions) at position 33, found the end");
        assertMessage("r224-d24x42-k35007350537057307357-e46006340466046306664",
                "'x' at position 8 in the depths is not a digit");
        assertMessage("d24342-k35007350537057307357-e46006340466046306664",
                "expected 'r' (resolution) at position 0, found 'd'");
        assertMessage("r224-d24342-k35007355537073735700-e46006346466063666600-x",
                "unexpected '-x' at position 55 after the expansions");
    }

    @Test
    void namesBadJsonFieldsByPointer() {
        String ks = "[3, 5, 0, 7, 7, 3, 5, 5, 5, 3, 7, 5, 7, 3, 7, 3, 5, 7, 3, 7]";
        String e = "[4, 6, 3, 3, 6, 3, 4, 6, 4, 6, 6, 4, 6, 3, 6, 6, 6, 6, 6, 4]";
        assertMessage("{\"ks\": " + ks.replaceFirst("5", "4") + ", \"e\": " + e + ", \"d\": [2,4,3,4,2], \"r\": [224]}",
                "/ks/1: kernel 4 of stage 1, block 2 must be 3, 5 or 7");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4,2]}", "/r: missing");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4,2], \"r\": 225}",
                "/r: resolution 225 must be 128..224 in steps of 4");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4,5], \"r\": 224}",
                "/d/4: depth 5 of stage 5 must be 2, 3 or 4");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4], \"r\": 224}",
                "/d: must be an array of 5 integers, but was [2,4,3,4]");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4,2], \"r\": 224, \"w\": 1}",
                "/w: unknown field; known: [ks, e, d, r, wid]");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e.replaceFirst("4", "\"4\"") + ", \"d\": [2,4,3,4,2], "
                + "\"r\": 224}", "/e/0: must be an integer, but was \"4\"");
        assertMessage("{\"ks\": " + ks + ", \"e\": " + e + ", \"d\": [2,4,3,4,2], \"r\": 224, \"r\": 128}",
                "not valid JSON: Duplicate field 'r'");
    }

    private static void assertMessage(String input, String expectedEnd) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MBV3.decode(input));
        assertEquals("mbv3 architecture '" + input + "': " + expectedEnd, e.getMessage());
    }

    @Test
    void rejectsAnInactiveGeneInAnActiveSlot() {
        Architecture a = MBV3.decode(MIN);
        int[] g = a.genes();
        g[Mbv3Space.EXPANSION_GENE] = Architecture.INACTIVE;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MBV3.fromGenome(java.util.Arrays.stream(g).boxed().toList()));
        assertTrue(e.getMessage().contains("(expand1.1)") && e.getMessage().contains("was -1"), e.getMessage());
    }

    // ---- size and operators ----

    @Test
    void sizeIsExact() {
        BigInteger perStage = BigInteger.ZERO;
        for (int d = 2; d <= 4; d++) {
            perStage = perStage.add(BigInteger.valueOf(9).pow(d)); // (3 kernels × 3 expansions)^depth
        }
        assertEquals(BigInteger.valueOf(25).multiply(perStage.pow(5)), MBV3.size());
        assertEquals(new BigInteger("543966387314312146275"), MBV3.size());
    }

    @Test
    void samplesUniformlyOverArchitecturesSoDeepStagesDominate() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 4000;
        int[] depths = new int[5];
        int[] resolutions = new int[25];
        for (int i = 0; i < n; i++) {
            Architecture a = MBV3.sample(random);
            resolutions[a.gene(Mbv3Space.RESOLUTION_GENE)]++;
            for (int s = 0; s < 5; s++) {
                depths[Mbv3Space.depth(a, s)]++;
            }
        }
        double total = 5.0 * n;
        assertEquals(81.0 / 7371, depths[2] / total, 0.005);
        assertEquals(729.0 / 7371, depths[3] / total, 0.015);
        assertEquals(6561.0 / 7371, depths[4] / total, 0.015);
        for (int r : resolutions) {
            assertEquals(n / 25.0, r, 60); // Binomial(4000, 1/25): sd 12.4
        }
    }

    @Test
    void mutationAndCrossoverKeepInactiveSlotsInactive() {
        SplittableRandom random = new SplittableRandom(21);
        Architecture shallow = MBV3.decode(MIN);
        Architecture deep = MBV3.decode(MAX);
        for (int i = 0; i < 300; i++) {
            Architecture child = MBV3.crossover(shallow, deep, random);
            Architecture mutant = MBV3.mutate(child, random, 0.2);
            for (Architecture a : new Architecture[] {child, mutant}) {
                assertValid(a);
                for (int s = 0; s < 5; s++) {
                    for (int b = 0; b < 4; b++) {
                        boolean active = b < Mbv3Space.depth(a, s);
                        assertEquals(active, a.gene(Mbv3Space.KERNEL_GENE + 4 * s + b) >= 0, a.canonical());
                        assertEquals(active, a.gene(Mbv3Space.EXPANSION_GENE + 4 * s + b) >= 0, a.canonical());
                    }
                }
            }
        }
    }

    // ---- the network ----

    /**
     * once-for-all's SE width {@code make_divisible(mid // 4, 8)} for the expanded widths of the reference nets,
     * worked by hand: round mid/4 to the nearest multiple of 8, and add 8 if that lost more than 10%
     * (72/4 = 18 rounds to 16 < 16.2, so 24).
     */
    private static final Map<Integer, Integer> SE_WIDTH = Map.of(72, 24, 120, 32, 144, 40, 240, 64, 336, 88,
            480, 120, 672, 168, 960, 240);

    /** Trainable parameters of an OFA MobileNetV3 with one kernel and expansion everywhere, by hand. */
    private static long params(int depth, int k, int e, int classes) {
        int[] widths = {24, 40, 80, 112, 160};
        boolean[] se = {false, true, false, true, true};
        long p = 3 * 16 * 9 + 2 * 16;                       // stem conv + BN
        p += 16 * 9 + 2 * 16 + 16 * 16 + 2 * 16;            // first block: depthwise + BN, pointwise + BN
        int in = 16;
        for (int s = 0; s < 5; s++) {
            for (int b = 0; b < depth; b++) {
                int mid = in * e;                           // a multiple of 8 for these widths
                int out = widths[s];
                p += (long) in * mid + 2 * mid;             // expand 1x1 + BN
                p += (long) mid * k * k + 2 * mid;          // depthwise + BN
                if (se[s]) {
                    int r = SE_WIDTH.get(mid);
                    p += (long) mid * r + r + (long) r * mid + mid; // reduce and expand 1x1 convs with bias
                }
                p += (long) mid * out + 2 * out;            // project 1x1 + BN
                in = out;
            }
        }
        p += 160 * 960 + 2 * 960;                           // final expand + BN
        p += 960 * 1280;                                    // feature mix, no bias, no BN
        p += 1280L * classes + classes;                     // classifier
        return p;
    }

    @Test
    void smallestNetworkHasTheHandDerivedParameterCount() {
        Graph g = MBV3.buildGraph(MBV3.decode(MIN));
        assertEquals(Shape.of(Shape.BATCH, 3, 128, 128), g.inputs().get(0).type().shape());
        assertEquals(Shape.of(Shape.BATCH, 1000), g.outputs().get(0).type().shape());
        assertEquals(params(2, 3, 3, 1000), g.cost().trainableParams());
    }

    @Test
    void largestNetworkHasTheHandDerivedParameterCountAndPlausibleMacs() {
        Graph g = MBV3.buildGraph(MBV3.decode(MAX));
        assertEquals(Shape.of(Shape.BATCH, 3, 224, 224), g.inputs().get(0).type().shape());
        assertEquals(Shape.of(Shape.BATCH, 1000), g.outputs().get(0).type().shape());
        assertEquals(params(4, 7, 6, 1000), g.cost().trainableParams());
        long macs = g.cost().macs();
        assertTrue(macs > 500_000_000L && macs < 700_000_000L, "MACs " + macs);
    }

    @Test
    void graphDepthGrowsWithStageDepth() {
        int shallow = MBV3.buildGraph(MBV3.decode(MIN)).cost().depth();
        int deep = MBV3.buildGraph(MBV3.decode("r128-d44444-k33333333333333333333-e33333333333333333333")).cost()
                .depth();
        // Ten more blocks of three convs each; six of them (stages 2, 4, 5) with two more in the SE branch.
        assertEquals(10 * 3 + 6 * 2, deep - shallow);
    }

    @Test
    void buildsAtAnotherSizeAndClassCountWhenAsked() {
        Graph g = MBV3.buildGraph(MBV3.decode(EXAMPLE), GraphOptions.DEFAULTS.inputChannels(1).inputSize(28)
                .classes(10));
        assertEquals(Shape.of(Shape.BATCH, 1, 28, 28), g.inputs().get(0).type().shape());
        assertEquals(Shape.of(Shape.BATCH, 10), g.outputs().get(0).type().shape());
    }

    @Test
    void makeDivisibleFollowsOnceForAll() {
        assertEquals(24, Mbv3Space.makeDivisible(18, 8));
        assertEquals(32, Mbv3Space.makeDivisible(30, 8));
        assertEquals(168, Mbv3Space.makeDivisible(168, 8));
        assertEquals(8, Mbv3Space.makeDivisible(3, 8));
    }

    @Test
    void buildsAHundredRandomNetworks() {
        SplittableRandom random = new SplittableRandom(100);
        for (int i = 0; i < 100; i++) {
            assertTrue(MBV3.buildGraph(MBV3.sample(random)).cost().params() > 0);
        }
    }
}
