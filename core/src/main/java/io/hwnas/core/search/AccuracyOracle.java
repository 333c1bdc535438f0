package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;

/**
 * Where accuracy comes from: a benchmark table today, training later. Implementations are deterministic: the same
 * architecture always gets the same accuracy, which is what makes a seeded search repeatable.
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
}
