package io.hwnas.core.objective;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parametric scaling law of language-model loss: {@code L(N, D) = E + A / N^α + B / D^β}, with N the parameters
 * and D the training tokens (Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", Approach 3).
 * Two fits ship:
 * <ul>
 *   <li>{@code chinchilla}: Hoffmann et al.'s own constants, E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28.</li>
 *   <li>{@code epoch}: the refit of Besiroglu, Erdil, Barnett and You 2024 ("Chinchilla Scaling: A replication
 *       attempt", Epoch AI) to the same data, E = 1.817, A = 482.0, B = 2085.4, α = 0.348, β = 0.366.</li>
 * </ul>
 * The loss is in nats per token. N counts every parameter, the embeddings included (as Hoffmann et al. counted; a
 * tied output projection is counted once).
 */
public record ScalingLaw(String name, double e, double a, double b, double alpha, double beta, String source) {

    public static final ScalingLaw CHINCHILLA = new ScalingLaw("chinchilla", 1.69, 406.4, 410.7, 0.34, 0.28,
            "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models (arXiv:2203.15556), Approach 3");
    public static final ScalingLaw EPOCH = new ScalingLaw("epoch", 1.817, 482.0, 2085.4, 0.348, 0.366,
            "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt (arXiv:2404.10102), Epoch AI");
    public static final List<ScalingLaw> BUILT_IN = List.of(CHINCHILLA, EPOCH);

    public ScalingLaw {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        for (double v : new double[] {e, a, b, alpha, beta}) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": every constant must be > 0, but E, A, B, α, β were "
                        + e + ", " + a + ", " + b + ", " + alpha + ", " + beta);
            }
        }
    }

    /** {@code chinchilla} or {@code epoch}. */
    public static ScalingLaw named(String name) {
        for (ScalingLaw l : BUILT_IN) {
            if (l.name.equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown scaling law '" + name + "'; known: "
                + BUILT_IN.stream().map(ScalingLaw::name).toList());
    }

    /** The loss in nats per token of a model of {@code params} parameters trained on {@code tokens} tokens. */
    public double loss(double params, double tokens) {
        if (!(params > 0) || !(tokens > 0)) {
            throw new IllegalArgumentException("params and tokens must be > 0, but were " + params + " and " + tokens);
        }
        return e + a / Math.pow(params, alpha) + b / Math.pow(tokens, beta);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: L = %.4g + %.4g/N^%.4g + %.4g/D^%.4g (%s)", name, e, a, alpha, b, beta,
                source);
    }
}
