package io.hwnas.core.measure;

import io.hwnas.core.space.Architecture;
import java.util.OptionalDouble;

/**
 * The measuring port of a search: a real measurement of one architecture on one device, taken now or found taken
 * before. The search's measured oracles and the predictor in the loop ask it; the command-line tool lends one that
 * exports the model, looks it up in the measurement database, measures it through the device's own runner and
 * stores it at once.
 *
 * <pre>{@code
 * LatencyMeasurer m = (a, graph) -> OptionalDouble.of(table.get(a.canonical()));
 * double ms = m.measure(architecture).orElseThrow();      // the whole network
 * double path = m.measure(architecture, "x1").orElseThrow(); // an early-exit network as far as exit x1
 * }</pre>
 */
@FunctionalInterface
public interface LatencyMeasurer {

    /**
     * The median latency in ms of {@code architecture}'s graph {@code graph}: empty for the space's own network,
     * an exit's name ({@code x1}) for an early-exit network's path as far as that exit. Empty when the measurement
     * failed; the implementation reports why.
     */
    OptionalDouble measure(Architecture architecture, String graph);

    /** The whole network's median latency in ms; empty when the measurement failed. */
    default OptionalDouble measure(Architecture architecture) {
        return measure(architecture, "");
    }
}
