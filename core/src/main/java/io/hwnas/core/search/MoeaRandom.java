package io.hwnas.core.search;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.moeaframework.core.PRNG;

/**
 * The one place that touches MOEA Framework's random generator, a global ({@link PRNG}) that its algorithms draw
 * from. A search holds a {@link Lease} from start to end: it seeds (or restores) the generator, and a second search
 * in the same JVM waits for the lease instead of drawing from the same stream, which would make both unrepeatable.
 * Everything hwnas draws itself goes through here as well, so a checkpoint's {@link #state()} is the whole story.
 * The generator is a {@link SeededRandom}: every long seed its own stream, its state plain numbers.
 */
final class MoeaRandom {

    private static final ReentrantLock LOCK = new ReentrantLock();

    private MoeaRandom() {}

    /** The generator held by the current thread's search, seeded or restored when it was leased. */
    static final class Lease implements AutoCloseable {
        private Lease() {}

        @Override
        public void close() {
            LOCK.unlock();
        }
    }

    /** Waits for the generator, then seeds it. */
    static Lease seeded(long seed) {
        LOCK.lock();
        PRNG.setRandom(SeededRandom.of(seed));
        return new Lease();
    }

    /** Waits for the generator, then sets it to a checkpoint's state. */
    static Lease restored(SeededRandom.State state) {
        LOCK.lock();
        PRNG.setRandom(SeededRandom.restore(state));
        return new Lease();
    }

    /** The generator's state, for a checkpoint. */
    static SeededRandom.State state() {
        requireHeld();
        return ((SeededRandom) PRNG.getRandom()).state();
    }

    /** A generator of hwnas's own for one operation, drawn from the stream (one {@code nextLong}). */
    static SplittableRandom child() {
        requireHeld();
        return new SplittableRandom(PRNG.getRandom().nextLong());
    }

    static <T> void shuffle(List<T> list) {
        requireHeld();
        PRNG.shuffle(list);
    }

    static <T> T pick(List<T> list) {
        requireHeld();
        return PRNG.nextItem(list);
    }

    private static void requireHeld() {
        if (!LOCK.isHeldByCurrentThread()) {
            throw new IllegalStateException("MOEA Framework's generator is used outside a search's lease");
        }
    }
}
