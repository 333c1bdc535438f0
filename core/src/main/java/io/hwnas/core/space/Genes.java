package io.hwnas.core.space;

import java.util.List;
import java.util.SplittableRandom;

/** Checks and small random helpers shared by the built-in spaces. */
final class Genes {

    private Genes() {}

    static void checkRate(double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("mutation rate must be in [0, 1], but was " + rate);
        }
    }

    /**
     * Refuses an architecture of another space, or one whose genome and canonical string disagree (a hand-made
     * record), so that operators can trust the genome.
     */
    static Architecture own(SearchSpace space, Architecture a, String what) {
        if (a == null) {
            throw new NullPointerException(what);
        }
        if (!space.name().equals(a.space())) {
            throw new IllegalArgumentException(what + " '" + a.canonical() + "' is of search space '" + a.space()
                    + "', not '" + space.name() + "'");
        }
        Architecture normal = space.fromGenome(a.genome());
        if (!normal.equals(a)) {
            throw new IllegalArgumentException(what + " '" + a.canonical() + "' does not match its genome "
                    + a.genome() + ", which is '" + normal.canonical() + "'; make architectures with the space");
        }
        return a;
    }

    static int[] checkLength(SearchSpace space, List<Integer> genome) {
        if (genome == null) {
            throw new NullPointerException("genome");
        }
        int n = space.dimensions().size();
        if (genome.size() != n) {
            throw new IllegalArgumentException(space.name() + " genome must have " + n + " genes, but had "
                    + genome.size() + ": " + genome);
        }
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            Integer v = genome.get(i);
            if (v == null) {
                throw new IllegalArgumentException(space.name() + " genome[" + i + "] is null");
            }
            g[i] = v;
        }
        return g;
    }

    static IllegalArgumentException outOfRange(SearchSpace space, int index, int value) {
        Dimension d = space.dimensions().get(index);
        return new IllegalArgumentException(space.name() + " genome[" + index + "] (" + d.name() + ") must be 0.."
                + (d.size() - 1) + " " + d.choices() + ", but was " + value);
    }

    /** A choice of {@code 0..n-1} other than {@code current}, uniformly. */
    static int other(SplittableRandom random, int current, int n) {
        int r = random.nextInt(n - 1);
        return r >= current ? r + 1 : r;
    }
}
