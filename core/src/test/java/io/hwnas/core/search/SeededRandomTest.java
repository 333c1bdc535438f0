package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeededRandomTest {

    /** Every kind of draw MOEA Framework and hwnas make, in a mix, so that a difference in any shows. */
    private static List<Object> draws(Random r) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(r.nextInt(7 + i));
            out.add(r.nextDouble());
            out.add(r.nextLong());
            out.add(r.nextGaussian());
            out.add(r.nextBoolean());
            out.add(r.nextInt());
            out.add(r.nextFloat());
        }
        return out;
    }

    /** Seeds below 2^48 keep java.util.Random's stream, so the searches they seed keep their results. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 7, 42, 123456789, (1L << 48) - 1})
    void aSeedBelow2To48GivesJavaUtilRandomsStream(long seed) {
        assertEquals(draws(new Random(seed)), draws(SeededRandom.of(seed)));
    }

    /** java.util.Random keeps a seed's low 48 bits: -1 and Long.MAX_VALUE were one stream (issue 18, item 9). */
    @Test
    void seedsThatShareTheirLow48BitsAreDistinctStreams() {
        long[] seeds = {-1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 48, (1L << 48) | 1, 0, 1, -2, (-1L << 48) | 1,
            (1L << 62) | 1};
        Set<List<Object>> streams = new HashSet<>();
        for (long s : seeds) {
            streams.add(draws(SeededRandom.of(s)));
        }
        assertEquals(seeds.length, streams.size(), "each seed its own stream");
        assertEquals(draws(new Random(-1)), draws(new Random(Long.MAX_VALUE)), "the collision this class removes");
        assertNotEquals(draws(SeededRandom.of(-1)), draws(SeededRandom.of(Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, -1, Long.MAX_VALUE})
    void aRestoredStateContinuesTheStreamMidGaussianPair(long seed) {
        SeededRandom r = SeededRandom.of(seed);
        r.nextInt(10);
        r.nextGaussian(); // leaves the pair's second value pending
        SeededRandom.State saved = r.state();
        List<Object> rest = draws(r);
        assertEquals(rest, draws(SeededRandom.restore(saved)));
    }

    @Test
    void aSeedSetAgainStartsItsStreamAgain() {
        SeededRandom r = SeededRandom.of(5);
        List<Object> first = draws(r);
        r.setSeed(5);
        assertEquals(first, draws(r));
    }

    @Test
    void aStateWiderThan48BitsIsRefusedForJavaUtilRandomsGenerator() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SeededRandom.State(true, 1L << 50, false, 0));
        assertEquals("a 48-bit generator state was expected, but was " + (1L << 50), e.getMessage());
    }

    /**
     * Seeds outside java.util.Random's run SplitMix64 itself: the JDK's SplittableRandom, seeded alike, draws the
     * same 64-bit outputs, of which each int draw is the high half.
     */
    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 48, -123456789})
    void aSeedOutsideJavaUtilRandomsDrivesSplitMix64(long seed) {
        SeededRandom r = SeededRandom.of(seed);
        SplittableRandom reference = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            assertEquals((int) (reference.nextLong() >>> 32), r.nextInt(), "draw " + i);
            // Random's nextDouble takes the top 26 bits of one output and the top 27 of the next.
            double d = ((reference.nextLong() >>> 38 << 27) + (reference.nextLong() >>> 37)) * 0x1.0p-53;
            assertEquals(d, r.nextDouble(), "double " + i);
            assertEquals(reference.nextLong() < 0, r.nextBoolean(), "boolean " + i);
        }
        assertFalse(r.state().lcg());
    }

    /** The first seed past 2^48 would be seed 0's stream again if it fell to java.util.Random. */
    @Test
    void theFirstSeedPast2To48IsNotSeedZero() {
        assertNotEquals(draws(SeededRandom.of(0)), draws(SeededRandom.of(1L << 48)));
        assertTrue(SeededRandom.of((1L << 48) - 1).state().lcg());
        assertFalse(SeededRandom.of(1L << 48).state().lcg());
        assertFalse(SeededRandom.of(-1).state().lcg());
        assertTrue(SeededRandom.of(0).state().lcg());
    }

    /** A checkpoint written between draws holds no stale spare Gaussian: the same state saves the same bytes. */
    @Test
    void aStateHoldsTheSpareGaussianOnlyWhileItIsPending() {
        SeededRandom r = SeededRandom.of(-7);
        double first = r.nextGaussian();
        SeededRandom.State pending = r.state();
        assertTrue(pending.haveGaussian());
        double second = r.nextGaussian();
        assertEquals(second, pending.gaussian(), "the pair's second value is what the state keeps");
        assertNotEquals(first, second);
        SeededRandom.State taken = r.state();
        assertFalse(taken.haveGaussian());
        assertEquals(0.0, taken.gaussian(), "no spare, no value");
        assertEquals(taken, SeededRandom.restore(taken).state());
    }

    /** Setting a seed drops a pending spare Gaussian, as java.util.Random does. */
    @Test
    void setSeedDropsThePendingGaussian() {
        SeededRandom r = SeededRandom.of(3);
        r.nextGaussian();
        r.setSeed(3);
        assertFalse(r.state().haveGaussian());
        Random reference = new Random(3);
        assertEquals(reference.nextGaussian(), r.nextGaussian());
    }

    @Test
    void aStateOfAny64BitsIsValidForSplitMix64AndOf48ForJavaUtilRandom() {
        assertEquals(-1L, new SeededRandom.State(false, -1, false, 0).seed());
        assertEquals((1L << 48) - 1, new SeededRandom.State(true, (1L << 48) - 1, false, 0).seed());
        assertThrows(IllegalArgumentException.class, () -> new SeededRandom.State(true, -1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new SeededRandom.State(true, 1L << 48, false, 0));
    }
}
