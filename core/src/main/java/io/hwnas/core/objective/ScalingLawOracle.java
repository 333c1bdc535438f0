package io.hwnas.core.objective;

import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.Locale;
import java.util.Objects;

/**
 * "Accuracy" of a language model size from a {@link ScalingLaw}: minus the predicted loss, so that the search,
 * which maximises accuracy, minimises the loss. N is the parameter count of the space's network; D is
 * {@code tokens} when given, else {@code tokensPerParameter × N} (Hoffmann et al.'s compute-optimal 20 by default).
 *
 * <pre>{@code
 * AccuracyOracle o = new ScalingLawOracle(transformer, ScalingLaw.CHINCHILLA, 0, 20);
 * o.accuracy(transformer.decode("L12-d768-h12-f3072-v50257-c1024"));   // -2.88: 2.88 nats per token
 * }</pre>
 */
public final class ScalingLawOracle implements AccuracyOracle {

    private final SearchSpace space;
    private final ScalingLaw law;
    private final double tokens;
    private final double tokensPerParameter;

    /**
     * @param tokens             training tokens for every candidate, or 0 to scale them with the parameters
     * @param tokensPerParameter tokens per parameter when {@code tokens} is 0
     */
    public ScalingLawOracle(SearchSpace space, ScalingLaw law, double tokens, double tokensPerParameter) {
        this.space = Objects.requireNonNull(space, "space");
        this.law = Objects.requireNonNull(law, "law");
        if (!(tokens >= 0) || !(tokensPerParameter > 0)) {
            throw new IllegalArgumentException("tokens must be >= 0 and tokens per parameter > 0, but were " + tokens
                    + " and " + tokensPerParameter);
        }
        this.tokens = tokens;
        this.tokensPerParameter = tokensPerParameter;
    }

    public ScalingLaw law() {
        return law;
    }

    @Override
    public String name() {
        return "scaling:" + law.name();
    }

    @Override
    public String source() {
        return "minus the loss (nats per token) predicted by " + law + ", N = the network's parameters, D = "
                + (tokens > 0 ? String.format(Locale.ROOT, "%.4g tokens", tokens)
                        : String.format(Locale.ROOT, "%.4g x N tokens", tokensPerParameter));
    }

    /** Minus the predicted loss of the architecture. */
    @Override
    public double accuracy(Architecture a) {
        return -loss(a);
    }

    public double loss(Architecture a) {
        double n = space.buildGraph(a).cost().trainableParams();
        return law.loss(n, tokens > 0 ? tokens : tokensPerParameter * n);
    }

    /** The best value is minus the irreducible loss E; the worst is found from the first generation. */
    @Override
    public double[] range() {
        return new double[] {Double.NaN, -law.e()};
    }
}
