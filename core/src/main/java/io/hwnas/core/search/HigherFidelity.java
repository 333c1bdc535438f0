package io.hwnas.core.search;

import io.hwnas.core.exec.EvaluationExecutor;
import io.hwnas.core.space.Architecture;
import java.util.List;

/**
 * An accuracy oracle's higher fidelity (a longer training), to which the search promotes the members of its final
 * front: cheap evaluations for every candidate, dear ones for the best ({@link AccuracyOracle#higherFidelity()}).
 */
public interface HigherFidelity {

    /**
     * Accuracy in % of {@code architecture} at the higher fidelity.
     *
     * @throws CandidateFailedException when that evaluation fails (the candidate keeps its first accuracy)
     */
    double accuracy(Architecture architecture);

    /** As {@link AccuracyOracle#prefetch}, for the final front's longer evaluations, in one batch. */
    default void prefetch(List<Architecture> batch, EvaluationExecutor executor) {}
}
