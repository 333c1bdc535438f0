package io.hwnas.predictors.lut;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.List;

/**
 * How a space's latency splits into additive parts: a few <em>base</em> columns (the part every network has, which
 * may depend on a global choice such as the input resolution) and <em>block</em> columns (one per kind of
 * searchable block). An architecture uses exactly one base column and some block columns, a column possibly more
 * than once (same-shaped blocks in one stage).
 */
interface BlockLayout {

    int columns();

    /** A short human name of the column, e.g. {@code stage2/node3<-1/nor_conv_3x3}. */
    String name(int column);

    boolean isBase(int column);

    /**
     * Groups of columns to average over when this one was never seen, from the closest to the widest; the last is
     * the widest group of its kind (all blocks of that operation, or all bases).
     */
    List<String> fallbackGroups(int column);

    /** The most columns {@link #activeColumns} may write. */
    int maxActive();

    /**
     * Writes the columns {@code a} uses, base first, repeats allowed, into {@code out}; returns how many. Reads only
     * the genome.
     */
    int activeColumns(Architecture a, int[] out);

    static BlockLayout of(SearchSpace space, int resolutionBucket, boolean allEdges) {
        return switch (space.name()) {
            case Nb201Layout.SPACE -> new Nb201Layout(space, allEdges);
            case Mbv3Layout.SPACE -> new Mbv3Layout(space, resolutionBucket);
            default -> throw new IllegalArgumentException("lut has block layouts for spaces [mbv3, nb201], not for '"
                    + space.name() + "'");
        };
    }
}
