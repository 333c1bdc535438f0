package io.hwnas.devices.remote;

import io.hwnas.core.measure.Measurement;

import java.net.URI;
import java.util.Objects;

/**
 * A measurement taken by a profiling agent, as the agent reported it, with where it came from.
 *
 * <pre>{@code
 * RemoteMeasurement r = client.measure(model, plan, OptionalInt.empty(), 1);
 * r.measurement().stats().medianMs();         // the agent's statistics; r.measurement().samplesMs() the raw runs
 * store.save(r.toMeasurement(), false);        // stored as "agent:raspberrypi:cpu-4t"
 * }</pre>
 *
 * @param agent       the agent's URL
 * @param agentHost   the agent's host name
 * @param measurement as the agent took it: its device id ({@code cpu-1t}), settings, ONNX Runtime version,
 *                    provenance (the agent's host, OS and architecture), samples and statistics
 */
public record RemoteMeasurement(URI agent, String agentHost, Measurement measurement) {

    public RemoteMeasurement {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(agentHost, "agentHost");
        Objects.requireNonNull(measurement, "measurement");
    }

    /** The id this measurement is stored under, {@link AgentInfo#storedDeviceId}. */
    public String deviceId() {
        return AgentInfo.storedDeviceId(agentHost, measurement.deviceId());
    }

    /** The measurement under {@link #deviceId()}, ready for the measurement database; everything else as taken. */
    public Measurement toMeasurement() {
        return measurement.toBuilder().deviceId(deviceId()).build();
    }
}
