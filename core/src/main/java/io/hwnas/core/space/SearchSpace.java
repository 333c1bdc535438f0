package io.hwnas.core.space;

import io.hwnas.core.graph.Graph;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A family of architectures the search explores: how to name one (its canonical string), draw and vary one (the
 * search operators), and turn one into a {@link Graph} to cost, export and measure. Implementations are immutable
 * and thread-safe; randomness comes only from the {@link SplittableRandom} passed in, so a seed repeats a run.
 * Register one with {@code META-INF/services/io.hwnas.core.space.SearchSpace} to have {@link SearchSpaces#discover}
 * find it.
 *
 * <pre>{@code
 * SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
 * SplittableRandom random = new SplittableRandom(42);
 * Architecture a = nb201.sample(random);
 * Architecture b = nb201.mutate(a, random.split(), 0.2);
 * Graph g = nb201.buildGraph(b);                 // CIFAR-10 network, 3x32x32 -> 10 logits
 * String key = b.canonical();                    // what tables and the database store
 * }</pre>
 *
 * <p>Every operator that takes an {@link Architecture} refuses one of another space, or one whose canonical string
 * and genome disagree, with an {@link IllegalArgumentException}.
 */
public interface SearchSpace {

    /** Short, stable, lower-case name: the key of the registry and the first column of every table. */
    String name();

    /** The decisions, in genome order. */
    List<Dimension> dimensions();

    /** The number of distinct architectures (distinct canonical strings). */
    BigInteger size();

    /**
     * Parses any accepted spelling of an architecture and normalises it. Fails with an
     * {@link IllegalArgumentException} that quotes the input and names the bad token, its position and what was
     * expected.
     */
    Architecture decode(String text);

    /** The canonical string of {@code text}: {@code decode(text).canonical()}. */
    default String canonical(String text) {
        return decode(text).canonical();
    }

    /**
     * The architecture with these genes, normalised as {@link #decode} normalises (an inactive dimension may hold
     * any in-range index or {@link Architecture#INACTIVE}). Fails naming the first gene out of range.
     */
    Architecture fromGenome(List<Integer> genome);

    /** An architecture drawn uniformly from all {@link #size()} architectures. */
    Architecture sample(SplittableRandom random);

    /**
     * A valid architecture different from {@code parent}: each gene that matters is redrawn to another choice with
     * probability {@code rate}, and when none was, one drawn uniformly is, so that no evaluation is spent on a
     * copy of the parent.
     *
     * @param rate per-gene mutation probability in [0, 1]
     */
    Architecture mutate(Architecture parent, SplittableRandom random, double rate);

    /** A valid architecture that takes each decision from one parent or the other (uniform crossover). */
    Architecture crossover(Architecture a, Architecture b, SplittableRandom random);

    /** The network of {@code architecture} with the space's default input and classes. */
    default Graph buildGraph(Architecture architecture) {
        return buildGraph(architecture, GraphOptions.DEFAULTS);
    }

    /** The network of {@code architecture} with the given input and classes. */
    Graph buildGraph(Architecture architecture, GraphOptions options);

    /**
     * The graphs the space builds besides its default one, by name: a language model's {@code decode} step beside
     * its default {@code prefill}. Empty for spaces with one graph.
     */
    default List<String> graphs() {
        return List.of();
    }

    /**
     * The graph named {@code graph} ({@code null} or empty: the default, {@link #buildGraph(Architecture,
     * GraphOptions)}).
     *
     * @throws IllegalArgumentException for a name not in {@link #graphs()}, listing them
     */
    default Graph buildGraph(Architecture architecture, GraphOptions options, String graph) {
        if (graph == null || graph.isEmpty()) {
            return buildGraph(architecture, options);
        }
        throw new IllegalArgumentException("search space '" + name() + "' has no graph '" + graph + "'"
                + (graphs().isEmpty() ? "; it has one graph" : "; its graphs: " + graphs()));
    }

    /**
     * What decides the network's weights and models: two architectures with one key train to the same weights and
     * build the same graphs. The canonical string, except where part of the string is a policy rather than the
     * network (an {@link EarlyExitSpace}'s thresholds). Trainings are stored, and models labelled, by it.
     */
    default String networkKey(Architecture architecture) {
        return architecture.canonical();
    }

    /** Whether {@link #enumerate()} is supported; only small spaces are. */
    default boolean enumerable() {
        return false;
    }

    /**
     * Every architecture, in a fixed order. Only for {@link #enumerable()} spaces.
     *
     * @throws UnsupportedOperationException for spaces too large to list
     */
    default Stream<Architecture> enumerate() {
        throw new UnsupportedOperationException("search space '" + name() + "' has " + size()
                + " architectures; too many to enumerate");
    }
}
