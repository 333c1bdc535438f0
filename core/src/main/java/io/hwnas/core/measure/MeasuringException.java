package io.hwnas.core.measure;

import java.util.Objects;

/**
 * Measuring (or tracing) a model failed because of the environment: the file, the runtime, the device. The message
 * names the model and the device. Profilers subclass it to keep their runtime's error code.
 */
public class MeasuringException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String deviceId;

    public MeasuringException(String message, String deviceId, Throwable cause) {
        super(message, cause);
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    }

    /** The device the measurement was for. */
    public String deviceId() {
        return deviceId;
    }
}
