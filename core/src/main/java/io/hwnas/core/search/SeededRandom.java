package io.hwnas.core.search;

import java.util.Random;

/**
 * MOEA Framework's generator as a search seeds it: every long seed its own stream, with a state that a checkpoint
 * writes as four plain numbers ({@link #state()}) rather than as a serialised object.
 *
 * <p>{@link Random} keeps only the low 48 bits of its seed, so {@code --seed -1} and {@code --seed
 * 9223372036854775807} (the same low bits) gave the same search. Here seeds 0 to 2<sup>48</sup> - 1 still give
 * {@link Random}'s stream for that seed, bit for bit, so runs seeded so keep their results; every other seed
 * (negative, or 2<sup>48</sup> and above) drives SplitMix64 (Steele, Lea and Flood, 2014) from the seed itself,
 * whose outputs are a bijection of its 64-bit state, so two such seeds differ from the first draw.
 *
 * <pre>{@code
 * SeededRandom r = SeededRandom.of(-1);
 * SeededRandom.State saved = r.state();
 * long next = r.nextLong();
 * assert SeededRandom.restore(saved).nextLong() == next;
 * }</pre>
 */
final class SeededRandom extends Random {

    private static final long serialVersionUID = 1L;
    /** Seeds below this give {@link Random}'s own stream. */
    static final long LCG_SEEDS = 1L << 48;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = LCG_SEEDS - 1;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /**
     * The whole state of the generator.
     *
     * @param lcg          whether it runs {@link Random}'s linear congruential generator (else SplitMix64)
     * @param seed         the generator's state: 48 bits for the LCG, 64 for SplitMix64
     * @param haveGaussian whether {@link #nextGaussian()} holds the second of a pair
     * @param gaussian     that second value (0 when none)
     */
    record State(boolean lcg, long seed, boolean haveGaussian, double gaussian) {
        State {
            if (lcg && (seed & ~MASK) != 0) {
                throw new IllegalArgumentException("a 48-bit generator state was expected, but was " + seed);
            }
        }
    }

    private boolean lcg;
    private long seed;
    private boolean haveGaussian;
    private double gaussian;

    private SeededRandom(State s) {
        super(0L);
        restoreFrom(s);
    }

    /** The stream of {@code seed}. */
    static SeededRandom of(long seed) {
        SeededRandom r = new SeededRandom(new State(false, 0, false, 0));
        r.setSeed(seed);
        return r;
    }

    /** The generator where {@link #state()} left it. */
    static SeededRandom restore(State s) {
        return new SeededRandom(s);
    }

    synchronized State state() {
        return new State(lcg, seed, haveGaussian, haveGaussian ? gaussian : 0);
    }

    private synchronized void restoreFrom(State s) {
        lcg = s.lcg();
        seed = s.seed();
        haveGaussian = s.haveGaussian();
        gaussian = s.gaussian();
    }

    @Override
    public synchronized void setSeed(long seed) {
        // Called by Random's constructor too, before this class's fields are assigned: it assigns nothing else.
        this.lcg = seed >= 0 && seed < LCG_SEEDS;
        this.seed = lcg ? (seed ^ MULTIPLIER) & MASK : seed;
        this.haveGaussian = false;
    }

    @Override
    protected synchronized int next(int bits) {
        if (lcg) {
            seed = (seed * MULTIPLIER + ADDEND) & MASK;
            return (int) (seed >>> (48 - bits));
        }
        seed += GOLDEN_GAMMA;
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) >>> (64 - bits));
    }

    /** {@link Random#nextGaussian()}'s polar method, with its spare value in this class's state. */
    @Override
    public synchronized double nextGaussian() {
        if (haveGaussian) {
            haveGaussian = false;
            return gaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        gaussian = v2 * multiplier;
        haveGaussian = true;
        return v1 * multiplier;
    }
}
