package io.hwnas.core.search.surrogate;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Dimension;
import java.util.List;

/**
 * An architecture as the binary features a surrogate learns from: a constant, one indicator per choice of each
 * dimension (an inactive gene sets none), and, when the space is small enough, one indicator per pair of choices of
 * two different dimensions. The pairs let a linear model learn that an operation matters only together with another
 * (in {@code nb201} a convolution feeding a node that a {@code none} edge cuts off adds nothing), which one-hot
 * features alone cannot say.
 *
 * <p>Features are returned sparse, as the indices of those that are 1, because every one is 0 or 1: the normal
 * equations then cost the square of the active count per architecture, not of the feature count.
 */
public final class GenomeEncoding {

    /** Above this many features the pairs are left out: the normal equations are solved densely. */
    static final int MAX_FEATURES = 600;

    private final int dimensions;
    private final int[] offset;
    private final int[][] pairOffset;
    private final int[] sizes;
    private final int features;

    private GenomeEncoding(List<Dimension> dims, boolean pairs) {
        dimensions = dims.size();
        sizes = dims.stream().mapToInt(Dimension::size).toArray();
        offset = new int[dimensions];
        int n = 1;
        for (int d = 0; d < dimensions; d++) {
            offset[d] = n;
            n += sizes[d];
        }
        pairOffset = pairs ? new int[dimensions][dimensions] : null;
        if (pairs) {
            for (int a = 0; a < dimensions; a++) {
                for (int b = a + 1; b < dimensions; b++) {
                    pairOffset[a][b] = n;
                    n += sizes[a] * sizes[b];
                }
            }
        }
        features = n;
    }

    /** The encoding of a space with these dimensions: with pairs when they keep it under {@link #MAX_FEATURES}. */
    public static GenomeEncoding of(List<Dimension> dims) {
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("a space without dimensions cannot be encoded");
        }
        GenomeEncoding withPairs = new GenomeEncoding(dims, true);
        return withPairs.features <= MAX_FEATURES ? withPairs : new GenomeEncoding(dims, false);
    }

    /** How many features there are, the constant included. */
    public int features() {
        return features;
    }

    /** Whether pairs of choices are features. */
    public boolean pairs() {
        return pairOffset != null;
    }

    /** The indices of the features that are 1 for {@code a}, ascending; index 0, the constant, always. */
    public int[] active(Architecture a) {
        List<Integer> genome = a.genome();
        if (genome.size() != dimensions) {
            throw new IllegalArgumentException("architecture '" + a.canonical() + "' has " + genome.size()
                    + " genes, but the encoding has " + dimensions + " dimensions");
        }
        int live = 0;
        for (int g : genome) {
            live += g == Architecture.INACTIVE ? 0 : 1;
        }
        int[] out = new int[1 + live + (pairs() ? live * (live - 1) / 2 : 0)];
        int k = 1;
        for (int d = 0; d < dimensions; d++) {
            int g = genome.get(d);
            if (g != Architecture.INACTIVE) {
                out[k++] = offset[d] + g;
            }
        }
        if (pairs()) {
            for (int a2 = 0; a2 < dimensions; a2++) {
                int ga = genome.get(a2);
                for (int b = a2 + 1; b < dimensions && ga != Architecture.INACTIVE; b++) {
                    int gb = genome.get(b);
                    if (gb != Architecture.INACTIVE) {
                        out[k++] = pairOffset[a2][b] + ga * sizes[b] + gb;
                    }
                }
            }
        }
        return out;
    }
}
