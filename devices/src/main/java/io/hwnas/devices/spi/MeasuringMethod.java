package io.hwnas.devices.spi;

import java.util.Arrays;
import java.util.Locale;

/** How latency is measured on a device; the names are those of the JSON profile's {@code method} field. */
public enum MeasuringMethod {
    /** ONNX Runtime in this process, with the profile's execution provider. */
    LOCAL,
    /** An hwnas agent on the target, over HTTP with a bearer token. */
    REMOTE,
    /** A phone or board reached through {@code adb}. */
    ADB,
    /**
     * No measurement: a spec sheet only; latency is predicted (transferred from a measured reference with both spec
     * sheets, or a roofline).
     */
    SPEC;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MeasuringMethod parse(String s) {
        for (MeasuringMethod m : values()) {
            if (m.key().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "'; known: "
                + Arrays.stream(values()).map(MeasuringMethod::key).toList());
    }
}
