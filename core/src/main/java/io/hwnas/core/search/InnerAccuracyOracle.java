package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The accuracy of a network with early exits taken as that of the same network without them (its final
 * classifier), from an oracle of the inner space (a NAS-Bench-201 table): what a search with configured shares
 * ({@link ConfiguredExitShares}) has when nothing is trained. It assumes that the exits cost no accuracy, which an
 * exit that is confidently wrong does: an optimistic figure, said so in the manifest.
 */
public final class InnerAccuracyOracle implements AccuracyOracle {

    private final AccuracyOracle inner;
    private final EarlyExitSpace space;

    public InnerAccuracyOracle(AccuracyOracle inner, EarlyExitSpace space) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.space = Objects.requireNonNull(space, "space");
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String source() {
        return inner.source() + "; of the network without its exits (the final classifier's): the exits are assumed "
                + "to cost no accuracy, so it is an upper bound where an exit is confidently wrong";
    }

    @Override
    public double accuracy(Architecture a) {
        return inner.accuracy(space.innerArchitecture(a));
    }

    @Override
    public OptionalDouble heldOut(Architecture a) {
        return inner.heldOut(space.innerArchitecture(a));
    }

    @Override
    public double[] range() {
        return inner.range();
    }
}
