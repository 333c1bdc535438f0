package io.hwnas.core.search;

import io.hwnas.core.measure.LatencyMeasurer;
import io.hwnas.core.space.Architecture;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Latency on one device measured for every candidate: exact and slow; for small searches and checks. A candidate
 * whose measurement fails is missing (the measurer has reported why).
 *
 * <pre>{@code
 * LatencyOracle cpu = new MeasuredOracle("cpu-1t", measurer, "this-machine");
 * }</pre>
 */
public final class MeasuredOracle implements LatencyOracle {

    private final String device;
    private final LatencyMeasurer measurer;
    private final String queue;

    public MeasuredOracle(String device, LatencyMeasurer measurer) {
        this(device, measurer, device);
    }

    /** @param queue the measuring queue (devices sharing hardware share one) */
    public MeasuredOracle(String device, LatencyMeasurer measurer, String queue) {
        this.device = Objects.requireNonNull(device, "device");
        this.measurer = Objects.requireNonNull(measurer, "measurer");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public LatencyKind kind() {
        return LatencyKind.MEASURED;
    }

    @Override
    public String source() {
        return "ONNX Runtime measurements on " + device + " (every candidate)";
    }

    @Override
    public LatencyEstimate estimate(Architecture a) {
        OptionalDouble ms = measurer.measure(a);
        if (ms.isEmpty()) {
            throw new MissingArchitectureException("measurement on " + device + " (it failed)", a.canonical());
        }
        return LatencyEstimate.measured(ms.getAsDouble());
    }
}
