package io.hwnas.core.prune;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.onnx.Weights;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Mbv3Space;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.TransformerSpace;
import java.util.List;
import java.util.Optional;

/**
 * How one space's networks are pruned: the groups a parent has, which combinations of their states the space can
 * express, the prunable units a combination keeps (the measure of a pruning ratio), the child architecture, and the
 * child's weights copied from the parent's.
 *
 * <p>A combination is an array with one state per group, in {@link #groups} order; all zeros is the parent.
 */
public interface StructuredPruning {

    /** The groups of {@code parent}; empty when nothing of it can be pruned. */
    List<Group> groups(Architecture parent);

    /** Whether the space has a network for these states (an mbv3 stage keeps two blocks, a model one layer). */
    boolean allowed(Architecture parent, int[] states);

    /** The prunable units these states keep: expanded channels in mbv3, feed-forward units in a transformer. */
    long units(Architecture parent, int[] states);

    /** The architecture of the space that these states leave. */
    Architecture child(Architecture parent, int[] states);

    /**
     * The child's weights from the parent's: every tensor of {@code childGraph} is its parent tensor, renamed where
     * a removed layer moved the later ones up, with the kept channels chosen by this space's importance criterion.
     *
     * @param parentGraph the network {@code parentWeights} belong to (any of the space's graphs with the same
     *                    parameters: a transformer's prefill or training graph)
     */
    Weights weights(Architecture parent, Graph parentGraph, Weights parentWeights, int[] states, Graph childGraph);

    /** What the space's importance criterion is, for reports and the training database. */
    String criterion();

    /**
     * The pruning of {@code space}.
     *
     * @throws IllegalArgumentException naming the space, when it has no prunable dimensions
     */
    static StructuredPruning require(SearchSpace space) {
        return of(space).orElseThrow(() -> new IllegalArgumentException("space " + space.name() + " has no "
                + "prunable dimensions (mbv3 and the transformer spaces have: blocks and expansions, layers and "
                + "feed-forward width)"));
    }

    /** The pruning of {@code space}, when it has prunable dimensions. */
    static Optional<StructuredPruning> of(SearchSpace space) {
        if (space instanceof Mbv3Space m) {
            return Optional.of(new Mbv3Pruning(m));
        }
        if (space instanceof TransformerSpace t) {
            return Optional.of(new TransformerPruning(t));
        }
        return Optional.empty();
    }
}
