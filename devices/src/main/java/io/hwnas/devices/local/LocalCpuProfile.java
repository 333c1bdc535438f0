package io.hwnas.devices.local;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.devices.spi.Availability;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spec.DeviceSpec;
import java.util.Optional;

import java.util.Objects;

/**
 * This machine's CPU through ONNX Runtime's CPU execution provider.
 *
 * <pre>{@code
 * LocalCpuProfile all = LocalCpuProfile.allCores();   // id "cpu"
 * LocalCpuProfile one = LocalCpuProfile.oneThread();  // id "cpu-1t"
 * }</pre>
 */
public record LocalCpuProfile(String id, String name, DeviceSettings settings) implements DeviceProfile {

    public LocalCpuProfile {
        DeviceProfile.requireValidId(id);
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
        }
        Objects.requireNonNull(settings, "settings");
        if (!DeviceSettings.CPU_PROVIDER.equals(settings.executionProvider())) {
            throw new IllegalArgumentException("settings.executionProvider must be " + DeviceSettings.CPU_PROVIDER
                    + " for a local CPU profile, but was " + settings.executionProvider());
        }
    }

    /** {@code cpu}: one intra-op thread per available processor, as the JVM counts them. */
    public static LocalCpuProfile allCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new LocalCpuProfile("cpu", "CPU, all " + cores + " cores", DeviceSettings.cpu(cores));
    }

    /** {@code cpu-1t}: one intra-op thread, the least noisy and most comparable setting. */
    public static LocalCpuProfile oneThread() {
        return new LocalCpuProfile("cpu-1t", "CPU, 1 thread", DeviceSettings.cpu(1));
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CPU;
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    /**
     * This machine's CPU as a spec sheet at this profile's thread count ({@link HostCpu}): the peak from
     * {@code /proc/cpuinfo}, the memory bandwidth measured once per host and cached under {@code $HWNAS_HOME}. What a
     * spec transfer needs of its reference; empty when the CPU's peak cannot be told here.
     */
    @Override
    public Optional<DeviceSpec> spec() {
        return HostCpu.spec(settings.intraOpThreads());
    }

    @Override
    public LocalCpuProfile withIntraOpThreads(int threads) {
        String id = DeviceProfile.threadVariantId(this.id, threads);
        if (threads == settings.intraOpThreads()) {
            return this;
        }
        return new LocalCpuProfile(id, "CPU, " + threads + (threads == 1 ? " thread" : " threads"),
                settings.withIntraOpThreads(threads));
    }
}
