package io.hwnas.core.measure;

import java.util.Objects;

/**
 * What makes two measurements interchangeable: the same model bytes on the same device with the same runtime
 * settings and runtime version. A store holds at most one measurement per key.
 */
public record MeasurementKey(String modelSha256, String deviceId, DeviceSettings settings, String ortVersion) {

    public MeasurementKey {
        Sha256.requireHex("modelSha256", modelSha256);
        requireText("deviceId", deviceId);
        Objects.requireNonNull(settings, "settings");
        requireText("ortVersion", ortVersion);
    }

    static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return "model " + modelSha256.substring(0, 12) + " on " + deviceId + " " + settings + " with ORT " + ortVersion;
    }
}
