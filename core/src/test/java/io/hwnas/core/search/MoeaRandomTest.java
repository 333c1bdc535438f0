package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MoeaRandomTest {

    @Test
    void aSeedGivesTheSameStreamAndARestoredStateContinuesIt() {
        long a;
        long b;
        Random saved;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(42)) {
            a = MoeaRandom.child().nextLong();
            saved = SerialCopy.of(MoeaRandom.state());
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

    /** A deep copy through serialisation, as a checkpoint makes. */
    static final class SerialCopy {
        static Random of(Random r) {
            try {
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(b)) {
                    o.writeObject(r);
                }
                try (java.io.ObjectInputStream i = new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(b.toByteArray()))) {
                    return (Random) i.readObject();
                }
            } catch (java.io.IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
