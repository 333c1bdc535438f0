package io.hwnas.devices.remote;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.core.provenance.Provenance;

import java.util.Locale;
import java.util.Objects;

/**
 * What a profiling agent says about itself on {@code GET /health}: the machine, the runtime and the device it
 * measures on.
 *
 * @param provenance the agent's tool, Java, OS, architecture and host
 * @param cores      processors the agent's JVM sees
 * @param deviceId   the agent's device profile, e.g. {@code cpu-1t}
 * @param settings   the device's settings before any per-request thread count
 * @param measured   measurements the agent finished since it started
 * @param queued     measurements running or waiting now
 * @param maxUploadBytes the largest model the agent accepts
 */
public record AgentInfo(Provenance provenance, String ortVersion, int cores, String deviceId, String deviceName,
                        DeviceSettings settings, long measured, int queued, long maxUploadBytes) {

    public AgentInfo {
        Objects.requireNonNull(provenance, "provenance");
        requireText("ortVersion", ortVersion);
        requireText("deviceId", deviceId);
        requireText("deviceName", deviceName);
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * The device id a measurement taken by this agent is stored under: {@code agent:<host>:<device>}, with the
     * host name lowercased and anything outside {@code [a-z0-9.-]} turned into {@code -}; e.g.
     * {@code agent:raspberrypi:cpu-4t}. Measurements from an agent never share an id with local ones.
     */
    public static String storedDeviceId(String host, String agentDeviceId) {
        String h = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "");
        return "agent:" + (h.isEmpty() ? "unknown" : h) + ":" + agentDeviceId;
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
    }
}
