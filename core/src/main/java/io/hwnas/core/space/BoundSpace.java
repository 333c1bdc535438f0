package io.hwnas.core.space;

import io.hwnas.core.graph.Graph;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A space whose networks are built for one task's input and classes: the same architectures (same name, strings and
 * operators), but {@link #buildGraph(Architecture)} gives the network with, say, MNIST's 1×28×28 input and 10
 * classes. A search that trains on a dataset searches such a space, so that the network it measures, costs and
 * exports is the network it trained.
 *
 * <pre>{@code
 * SearchSpace mnistNb201 = new BoundSpace(nb201, GraphOptions.DEFAULTS.inputChannels(1).inputSize(28).classes(10),
 *         "mnist");
 * }</pre>
 *
 * @param label what the options stand for (a dataset's name), for people and for the export command; empty when
 *              only the graph is bound
 * @param graph which of the space's graphs ({@link SearchSpace#graphs()}) is built; empty for the default
 */
public record BoundSpace(SearchSpace inner, GraphOptions options, String label, String graph) implements SearchSpace {

    public BoundSpace {
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(graph, "graph");
        if (inner instanceof BoundSpace) {
            throw new IllegalArgumentException("space '" + inner.name() + "' is already bound to an input");
        }
        if (!graph.isEmpty() && !inner.graphs().contains(graph)) {
            throw new IllegalArgumentException("search space '" + inner.name() + "' has no graph '" + graph + "'"
                    + (inner.graphs().isEmpty() ? "; it has one graph" : "; its graphs: " + inner.graphs()));
        }
    }

    /** The space's networks for a task's input and classes. */
    public BoundSpace(SearchSpace inner, GraphOptions options, String label) {
        this(inner, options, label, "");
    }

    /** The space's graph {@code graph} (a language model's {@code decode}) in place of its default one. */
    public static BoundSpace graph(SearchSpace inner, String graph) {
        return new BoundSpace(inner, GraphOptions.DEFAULTS, "", graph);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public List<Dimension> dimensions() {
        return inner.dimensions();
    }

    @Override
    public BigInteger size() {
        return inner.size();
    }

    @Override
    public Architecture decode(String text) {
        return inner.decode(text);
    }

    @Override
    public Architecture fromGenome(List<Integer> genome) {
        return inner.fromGenome(genome);
    }

    @Override
    public Architecture sample(SplittableRandom random) {
        return inner.sample(random);
    }

    @Override
    public Architecture mutate(Architecture parent, SplittableRandom random, double rate) {
        return inner.mutate(parent, random, rate);
    }

    @Override
    public Architecture crossover(Architecture a, Architecture b, SplittableRandom random) {
        return inner.crossover(a, b, random);
    }

    @Override
    public Graph buildGraph(Architecture architecture) {
        return inner.buildGraph(architecture, options, graph);
    }

    @Override
    public List<String> graphs() {
        return inner.graphs();
    }

    /** The bound input, with any field of {@code more} that is not the space default taking its place. */
    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions more) {
        GraphOptions o = new GraphOptions(
                more.inputChannels() != GraphOptions.SPACE_DEFAULT ? more.inputChannels() : options.inputChannels(),
                more.inputSize() != GraphOptions.SPACE_DEFAULT ? more.inputSize() : options.inputSize(),
                more.classes() != GraphOptions.SPACE_DEFAULT ? more.classes() : options.classes());
        return inner.buildGraph(architecture, o, graph);
    }

    @Override
    public Graph buildGraph(Architecture architecture, GraphOptions more, String otherGraph) {
        return new BoundSpace(inner, options, label, otherGraph == null ? "" : otherGraph)
                .buildGraph(architecture, more);
    }

    @Override
    public String networkKey(Architecture architecture) {
        return inner.networkKey(architecture);
    }

    @Override
    public boolean enumerable() {
        return inner.enumerable();
    }

    @Override
    public Stream<Architecture> enumerate() {
        return inner.enumerate();
    }
}
