package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MoeaRandomTest {

    @Test
    void aSeedGivesTheSameStreamAndARestoredStateContinuesIt() {
        long a;
        long b;
        SeededRandom.State saved;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(42)) {
            a = MoeaRandom.child().nextLong();
            saved = MoeaRandom.state();
            b = MoeaRandom.child().nextLong();
        }
        try (MoeaRandom.Lease l = MoeaRandom.seeded(42)) {
            assertEquals(a, MoeaRandom.child().nextLong());
        }
        try (MoeaRandom.Lease l = MoeaRandom.restored(saved)) {
            assertEquals(b, MoeaRandom.child().nextLong(), "a restored generator continues where it was saved");
        }
    }

    @Test
    void theGeneratorIsRefusedOutsideALease() {
        List<Runnable> uses = List.of(MoeaRandom::child, MoeaRandom::state,
                () -> MoeaRandom.shuffle(new ArrayList<>(List.of(1, 2))), () -> MoeaRandom.pick(List.of(1, 2)));
        for (Runnable use : uses) {
            IllegalStateException e = assertThrows(IllegalStateException.class, use::run);
            assertEquals("MOEA Framework's generator is used outside a search's lease", e.getMessage());
        }
    }

    /** Shuffles and picks draw from the leased stream, so a seed repeats them and a restored state continues them. */
    @Test
    void shufflesAndPicksFollowTheSeed() {
        List<Integer> ordered = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        List<Integer> shuffled = new ArrayList<>(ordered);
        int picked;
        SeededRandom.State saved;
        List<Integer> later = new ArrayList<>(ordered);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(-5)) {
            MoeaRandom.shuffle(shuffled);
            picked = MoeaRandom.pick(ordered);
            saved = MoeaRandom.state();
            MoeaRandom.shuffle(later);
        }
        assertNotEquals(ordered, shuffled, "ten numbers in order after a shuffle: one in 3.6 million");
        assertEquals(ordered, shuffled.stream().sorted().toList(), "a permutation");
        assertTrue(ordered.contains(picked));
        try (MoeaRandom.Lease l = MoeaRandom.seeded(-5)) {
            List<Integer> again = new ArrayList<>(ordered);
            MoeaRandom.shuffle(again);
            assertEquals(shuffled, again);
            assertEquals(picked, MoeaRandom.pick(ordered));
            MoeaRandom.child(); // so that only a restored generator stands where the state was saved
        }
        try (MoeaRandom.Lease l = MoeaRandom.restored(saved)) {
            List<Integer> continued = new ArrayList<>(ordered);
            MoeaRandom.shuffle(continued);
            assertEquals(later, continued);
        }
    }

    /** A restored lease, once closed, lets another search take the generator. */
    @Test
    void aRestoredLeaseIsReleasedWhenClosed() throws Exception {
        SeededRandom.State saved;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(9)) {
            saved = MoeaRandom.state();
        }
        try (MoeaRandom.Lease l = MoeaRandom.restored(saved)) {
            MoeaRandom.child();
        }
        long other = CompletableFuture.supplyAsync(() -> {
            try (MoeaRandom.Lease m = MoeaRandom.seeded(9)) {
                return MoeaRandom.child().nextLong();
            }
        }).get(10, TimeUnit.SECONDS);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(9)) {
            assertEquals(MoeaRandom.child().nextLong(), other);
        }
    }

    /** A second search waits for the first one's lease rather than drawing from the same stream. */
    @Test
    void aSecondLeaseWaitsForTheFirst() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CompletableFuture<Long> second;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(1)) {
            second = CompletableFuture.supplyAsync(() -> {
                asked.countDown();
                try (MoeaRandom.Lease m = MoeaRandom.seeded(7)) {
                    return MoeaRandom.child().nextLong();
                }
            });
            assertTrue(asked.await(10, TimeUnit.SECONDS));
            // Whatever the other thread does meanwhile, this lease's stream is the seed-1 stream.
            long mine = MoeaRandom.child().nextLong();
            try (MoeaRandom.Lease again = MoeaRandom.seeded(1)) {
                assertEquals(mine, MoeaRandom.child().nextLong(), "the lease is re-entrant for its own thread");
            }
        }
        long seven;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(7)) {
            seven = MoeaRandom.child().nextLong();
        }
        assertEquals(seven, second.get(10, TimeUnit.SECONDS));
    }
}
