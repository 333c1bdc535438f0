package io.hwnas.devices.spi;

import io.hwnas.core.measure.ModelRunner;
import io.hwnas.devices.remote.AdbRunner;
import io.hwnas.devices.remote.AgentRunner;
import java.util.Arrays;
import java.util.Locale;

/**
 * How latency is measured on a device; the names are those of the JSON profile's {@code method} field. Each method
 * makes its devices' {@link ModelRunner}.
 */
public enum MeasuringMethod {
    /** ONNX Runtime in this process, with the profile's execution provider. */
    LOCAL {
        @Override
        public ModelRunner runner(DeviceProfile device, MeasuringHost host) {
            return host.local(device);
        }
    },
    /** An hwnas agent on the target, over HTTP with a bearer token. */
    REMOTE {
        @Override
        public ModelRunner runner(DeviceProfile device, MeasuringHost host) {
            return new AgentRunner(device, device.remote().orElseThrow(() -> new IllegalArgumentException("device "
                    + device.id() + " is measured through an agent but names none (remote.url, remote.tokenFile)")));
        }
    },
    /** A phone or board reached through {@code adb}. */
    ADB {
        @Override
        public ModelRunner runner(DeviceProfile device, MeasuringHost host) {
            return new AdbRunner(device, device.adb().orElseThrow(() -> new IllegalArgumentException("device "
                    + device.id() + " is reached through adb but names no serial (adb.serial, adb.tokenFile)")));
        }
    },
    /**
     * No measurement: a spec sheet only; latency is predicted (transferred from a measured reference with both spec
     * sheets, or a roofline).
     */
    SPEC {
        @Override
        public ModelRunner runner(DeviceProfile device, MeasuringHost host) {
            throw new IllegalArgumentException("device " + device.id() + " is reached through " + key()
                    + ", which hwnas cannot measure on yet (a spec sheet has nothing to measure)");
        }
    };

    /**
     * The runner of {@code device}, measured this way.
     *
     * @throws IllegalArgumentException when there is nothing to measure on, saying why
     */
    public abstract ModelRunner runner(DeviceProfile device, MeasuringHost host);

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
