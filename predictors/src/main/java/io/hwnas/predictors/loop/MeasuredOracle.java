package io.hwnas.predictors.loop;

import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.MissingArchitectureException;
import io.hwnas.core.space.Architecture;
import java.util.Objects;
import java.util.OptionalDouble;

/** Latency on one device measured for every candidate: exact and slow; for small searches and checks. */
public final class MeasuredOracle implements LatencyOracle {

    private final String device;
    private final Measurer measurer;

    private final String queue;

    public MeasuredOracle(String device, Measurer measurer) {
        this(device, measurer, device);
    }

    /** @param queue the measuring queue (devices sharing hardware share one) */
    public MeasuredOracle(String device, Measurer measurer, String queue) {
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
    public String kind() {
        return "measured";
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
