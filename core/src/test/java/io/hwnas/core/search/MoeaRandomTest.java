package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        IllegalStateException e = assertThrows(IllegalStateException.class, MoeaRandom::child);
        assertTrue(e.getMessage().contains("outside a search's lease"), e.getMessage());
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
