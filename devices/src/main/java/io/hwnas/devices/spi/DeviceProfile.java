package io.hwnas.devices.spi;

import io.hwnas.core.measure.ModelRunner;
import io.hwnas.devices.spec.DeviceSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import io.hwnas.core.measure.DeviceSettings;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A target to measure on: what it is and the runtime settings that measurements on it use.
 *
 * <pre>{@code
 * DeviceProfile cpu = DeviceRegistry.builtIns().get("cpu");
 * DeviceProfile four = cpu.withIntraOpThreads(4);   // id "cpu-4t", for --threads 4
 * if (!four.availability().available()) { ... four.availability().reason() ... }
 * }</pre>
 *
 * <p>Implementations are immutable values. The id names the profile in the registry, the database and reports,
 * so two profiles with different settings must have different ids.
 */
public interface DeviceProfile {

    /** Ids are short lowercase names: letters, digits and {@code . _ : -}, starting with a letter or digit. */
    Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._:-]*");

    String id();

    /** A human-readable name, e.g. "CPU, all 8 cores". */
    String name();

    DeviceKind kind();

    DeviceSettings settings();

    Availability availability();

    /** How latency is measured on it; {@link MeasuringMethod#LOCAL} unless the profile says otherwise. */
    default MeasuringMethod method() {
        return MeasuringMethod.LOCAL;
    }

    /**
     * How models are measured on this device: the runner that takes a model file to a measurement, built with what
     * the measuring process lends ({@code host}, ONNX Runtime here). By default its {@link #method()}'s:
     * {@link MeasuringMethod#runner}. A profile that is measured some other way overrides this.
     *
     * @throws IllegalArgumentException when there is nothing to measure on (a spec sheet), saying why
     */
    default ModelRunner runner(MeasuringHost host) {
        return method().runner(this, host);
    }

    /** The spec sheet's figures, when the profile states them (a roofline estimate needs them). */
    default Optional<DeviceSpec> spec() {
        return Optional.empty();
    }

    /** For {@link MeasuringMethod#REMOTE}: the agent's URL and token file. */
    default Optional<RemoteTarget> remote() {
        return Optional.empty();
    }

    /** For {@link MeasuringMethod#ADB}: the device's serial and the agent running on it. */
    default Optional<AdbTarget> adb() {
        return Optional.empty();
    }

    /** Execution-provider options (such as CUDA's {@code device_id}), in the profile's order. */
    default Map<String, String> providerOptions() {
        return Map.of();
    }

    /** A memory limit for measuring, in MiB, when the profile sets one. */
    default OptionalLong memoryLimitMiB() {
        return OptionalLong.empty();
    }

    /** Budgets a search on this device uses when none is given, e.g. {@code latency_ms<=50}. */
    default List<String> defaultBudgets() {
        return List.of();
    }

    /** Free labels: {@code edge}, {@code arm}, {@code phone}. */
    default List<String> tags() {
        return List.of();
    }

    /**
     * The same device with another number of intra-op threads; {@code this} if the count is unchanged. The
     * variant's id is {@link #threadVariantId(String, int)} of this id.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    DeviceProfile withIntraOpThreads(int threads);

    /**
     * The id of a thread-count variant: the base id without any {@code -<n>t} suffix, then {@code -<threads>t}.
     * So {@code cpu} with 1 thread is {@code cpu-1t}, the built-in one-thread profile, and {@code cpu-1t} with 4 is
     * {@code cpu-4t}.
     */
    static String threadVariantId(String id, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        Matcher m = Pattern.compile("(.+)-[0-9]+t").matcher(id);
        String base = m.matches() ? m.group(1) : id;
        return base + "-" + threads + "t";
    }

    /** Checks an id against {@link #ID}. */
    static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("device id must match " + ID.pattern() + ", but was '" + id + "'");
        }
        return id;
    }
}
