package io.hwnas.core.space;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.GraphBuilder;
import io.hwnas.core.graph.Value;
import java.util.List;

/**
 * A CNN space whose network runs in stages and can be cut after one: what an {@link EarlyExitSpace} needs to hang a
 * classifier after a stage, and to build the network only as far as that classifier. The space's own graphs are
 * {@code buildStaged} with no tap and every stage, node for node, so tapping changes nothing for anyone else.
 *
 * <pre>{@code
 * Graph upToStage1 = nb201.buildStaged(a, options, "cut", 1, (b, stage, x) ->
 *         b.output(b.gemm(b.flatten(b.globalAveragePool(x)), 10, true), "logits_x1"));
 * }</pre>
 */
public interface StagedSpace extends SearchSpace {

    /** Build every stage and the space's own classifier ({@code logits}, the last output). */
    int ALL_STAGES = Integer.MAX_VALUE;

    /** The stages after which an exit may be placed, ascending, each before the last stage. */
    List<Integer> exitStages();

    /** The classes of the network's classifier with {@code options} (its default when they leave it). */
    int classes(GraphOptions options);

    /** Called with a stage's output features, after the stage's last node and before anything that follows it. */
    @FunctionalInterface
    interface StageTap {
        void after(GraphBuilder b, int stage, Value features);
    }

    /**
     * The network of {@code architecture} through stage {@code through}: with {@link #ALL_STAGES} the whole network
     * with its classifier, else it ends after {@code through}'s tap (which must have added an output). {@code tap}
     * is called after each of the {@link #exitStages()} up to {@code through}, in order; {@code null} for none.
     *
     * @param name the graph's name
     * @throws IllegalArgumentException when {@code through} is neither an exit stage nor {@link #ALL_STAGES}
     */
    Graph buildStaged(Architecture architecture, GraphOptions options, String name, int through, StageTap tap);
}
