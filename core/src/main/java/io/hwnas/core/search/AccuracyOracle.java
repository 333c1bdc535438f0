package io.hwnas.core.search;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.space.Architecture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Where accuracy comes from: a benchmark table, or training. Implementations are deterministic: the same
 * architecture always gets the same accuracy, which is what makes a seeded search repeatable. An oracle that cannot
 * evaluate one architecture (its training failed) throws {@link CandidateFailedException}; the search then leaves
 * that candidate out and goes on.
 *
 * <p>An oracle with expensive work per candidate (a training) can have it done ahead, in batches, by the search's
 * {@link EvaluationExecutor} ({@link #prefetch}): the search hands it each generation's new architectures before it
 * asks for their accuracies one by one, so that the trainings run at once (on a pool here, or on Spark) while the
 * search itself, and the order in which it numbers its candidates, stay as they were.
 */
public interface AccuracyOracle {

    /** How the user named it ({@code nb201:cifar10}, {@code table:acc}); stored in the run's manifest. */
    String name();

    /** Where its numbers come from, for the manifest. */
    String source();

    /**
     * Accuracy of {@code architecture} in %.
     *
     * @throws MissingArchitectureException when the oracle does not know it
     */
    double accuracy(Architecture architecture);

    /**
     * Accuracy in % on data the search never saw (a test split), asked only for the final front; empty when the
     * oracle has none (a table's accuracy is already a test accuracy).
     */
    default OptionalDouble heldOut(Architecture architecture) {
        return OptionalDouble.empty();
    }

    /**
     * What else the oracle knows of {@code architecture} after {@link #accuracy}, by column name, for the run's
     * files (a network with early exits: its final classifier's accuracy); empty by default.
     */
    default Map<String, Double> extras(Architecture architecture) {
        return Map.of();
    }

    /**
     * The worst and the best value {@link #accuracy} can give, the hypervolume's reference for this objective:
     * 0 and 100 % by default. NaN as the worst: the worst of the search's first generation is taken.
     */
    default double[] range() {
        return new double[] {0, 100};
    }

    /**
     * The oracle's higher fidelity (a longer training), to which the search promotes the members of its final front;
     * empty by default.
     */
    default Optional<HigherFidelity> higherFidelity() {
        return Optional.empty();
    }

    /**
     * Does the expensive part of evaluating {@code batch} on {@code executor}, so that {@link #accuracy} answers
     * them at once afterwards; called with every generation's new architectures before the first of them is
     * evaluated. {@link #accuracy} must answer after it exactly what it would have answered without it; an
     * architecture whose work failed for good makes {@link #accuracy} throw {@link CandidateFailedException} with
     * the reason. By default nothing is done (a table answers at once).
     */
    default void prefetch(List<Architecture> batch, EvaluationExecutor executor) {}

}
