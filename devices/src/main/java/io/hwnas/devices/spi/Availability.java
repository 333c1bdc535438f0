package io.hwnas.devices.spi;

import java.util.Objects;

/**
 * Whether a device can be used here and now, and if not, why; asked before measuring so a missing device is
 * reported ("CUDA execution provider not in this ONNX Runtime build") instead of crashing.
 *
 * @param reason empty when available
 */
public record Availability(boolean available, String reason) {

    public static final Availability AVAILABLE = new Availability(true, "");

    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (available && !reason.isEmpty()) {
            throw new IllegalArgumentException("reason must be empty when available, but was '" + reason + "'");
        }
        if (!available && reason.isBlank()) {
            throw new IllegalArgumentException("reason must be given when unavailable, but was '" + reason + "'");
        }
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
