package io.hwnas.core.space;

import java.util.List;
import java.util.Objects;

/**
 * One architecture of a {@link SearchSpace}: the space's name, the canonical string that is its key everywhere
 * (database rows, tables, reports), and its genome, one choice index per {@link SearchSpace#dimensions() dimension}.
 * The canonical string and the genome say the same thing; the space keeps them in step, so make architectures with
 * {@link SearchSpace#decode}, {@link SearchSpace#fromGenome} or the search operators rather than this constructor.
 *
 * <p>A gene is an index into its dimension's {@code choices}, or {@link #INACTIVE} where the dimension does not apply
 * to this architecture (in {@code mbv3}, the kernel and expansion of a block slot past its stage's depth). Encoders
 * must treat an inactive gene as absent, not as choice 0.
 *
 * @param space     the {@link SearchSpace#name() name} of the space
 * @param canonical the space's canonical string for this architecture
 * @param genome    a choice index (or {@link #INACTIVE}) per dimension, in the space's dimension order
 */
public record Architecture(String space, String canonical, List<Integer> genome) {

    /** The gene of a dimension that does not apply to this architecture. */
    public static final int INACTIVE = -1;

    public Architecture {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(canonical, "canonical");
        if (space.isBlank()) {
            throw new IllegalArgumentException("space must not be blank, but was '" + space + "'");
        }
        if (canonical.isBlank()) {
            throw new IllegalArgumentException("canonical must not be blank, but was '" + canonical + "'");
        }
        genome = List.copyOf(Objects.requireNonNull(genome, "genome"));
        for (int i = 0; i < genome.size(); i++) {
            if (genome.get(i) < INACTIVE) {
                throw new IllegalArgumentException("genome[" + i + "] must be a choice index >= 0 or INACTIVE (-1), "
                        + "but was " + genome.get(i) + " in " + space + " architecture '" + canonical + "'");
            }
        }
    }

    public int gene(int dimension) {
        return genome.get(dimension);
    }

    /** The genome as a fresh array, for operators that edit genes in place. */
    public int[] genes() {
        return genome.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code space:canonical}, e.g. {@code nb201:|nor_conv_3x3~0|+|...|}. */
    @Override
    public String toString() {
        return space + ":" + canonical;
    }
}
