package io.hwnas.cli;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Space look-up and the sampling that {@code sample} and {@code profile} share, so both give the same list. */
public final class Spaces {

    private Spaces() {}

    public static SearchSpaces registry() {
        return SearchSpaces.discover(Spaces.class.getClassLoader());
    }

    public static SearchSpace get(String name) {
        return registry().get(name);
    }

    /** {@code count} distinct architectures drawn uniformly with a generator seeded by {@code seed}. */
    public static List<Architecture> sampleDistinct(SearchSpace space, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("--count must be >= 0, but was " + count);
        }
        if (space.size().compareTo(BigInteger.valueOf(count)) < 0) {
            throw new IllegalArgumentException("search space '" + space.name() + "' has only " + space.size()
                    + " architectures; cannot sample " + count + " distinct ones");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new LinkedHashSet<>();
        List<Architecture> out = new ArrayList<>();
        while (out.size() < count) {
            Architecture a = space.sample(random);
            if (seen.add(a.canonical())) {
                out.add(a);
            }
        }
        return out;
    }
}
