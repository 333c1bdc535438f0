package io.hwnas.core.search.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GenomeEncodingTest {

    private static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    @Test
    void nb201GetsEveryChoiceAndEveryPairOfChoicesOfTwoEdges() {
        GenomeEncoding e = GenomeEncoding.of(NB201.dimensions());
        assertTrue(e.pairs());
        assertEquals(1 + 6 * 5 + 15 * 25, e.features());
        int[] active = e.active(NB201.sample(new SplittableRandom(3)));
        assertEquals(1 + 6 + 15, active.length);
        assertEquals(0, active[0]);
        for (int i = 1; i < active.length; i++) {
            assertTrue(active[i] > active[i - 1], Arrays.toString(active));
            assertTrue(active[i] < e.features());
        }
    }

    @Test
    void architecturesOneGeneApartShareAllButThatGenesFeatures() {
        GenomeEncoding e = GenomeEncoding.of(NB201.dimensions());
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 50; t++) {
            Architecture a = NB201.sample(r);
            Architecture b = NB201.mutate(a, r, 0.0);
            Set<Integer> sa = set(e.active(a));
            sa.retainAll(set(e.active(b)));
            // The gene's own indicator and its five pairs differ; the constant and the rest are shared.
            assertEquals(22 - 6, sa.size(), a.canonical() + " vs " + b.canonical());
        }
    }

    @Test
    void distinctArchitecturesHaveDistinctFeatures() {
        GenomeEncoding e = GenomeEncoding.of(NB201.dimensions());
        SplittableRandom r = new SplittableRandom(9);
        Set<List<Integer>> seen = new HashSet<>();
        Set<String> archs = new HashSet<>();
        for (int t = 0; t < 300; t++) {
            Architecture a = NB201.sample(r);
            if (archs.add(a.canonical())) {
                assertTrue(seen.add(Arrays.stream(e.active(a)).boxed().toList()), a.canonical());
            }
        }
    }

    @Test
    void aLargeSpaceIsEncodedWithoutPairsAndInactiveGenesSetNothing() {
        SearchSpace mbv3 = SearchSpaces.builtIn().get("mbv3");
        GenomeEncoding e = GenomeEncoding.of(mbv3.dimensions());
        assertFalse(e.pairs());
        assertEquals(1 + mbv3.dimensions().stream().mapToInt(d -> d.size()).sum(), e.features());
        SplittableRandom r = new SplittableRandom(1);
        boolean sawInactive = false;
        for (int t = 0; t < 20; t++) {
            Architecture a = mbv3.sample(r);
            long live = a.genome().stream().filter(g -> g != Architecture.INACTIVE).count();
            sawInactive |= live < a.genome().size();
            assertEquals(1 + live, e.active(a).length, a.canonical());
        }
        assertTrue(sawInactive, "no sample had an inactive gene");
    }

    @Test
    void anArchitectureOfAnotherShapeIsRefused() {
        GenomeEncoding e = GenomeEncoding.of(NB201.dimensions());
        Architecture other = SearchSpaces.builtIn().get("mbv3").sample(new SplittableRandom(1));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.active(other));
        assertTrue(x.getMessage().contains("genes, but the encoding has 6 dimensions"), x.getMessage());
    }

    private static Set<Integer> set(int[] a) {
        return new HashSet<>(IntStream.of(a).boxed().toList());
    }
}
