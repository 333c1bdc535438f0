package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
        long[] seeds = {-1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 48, (1L << 48) | 1, 1, -2, (-1L << 48) | 1,
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
}
