package io.hwnas.devices.json;

import io.hwnas.core.measure.DeviceSettings;
import io.hwnas.devices.cuda.Cuda;
import io.hwnas.devices.spec.DeviceSpec;
import io.hwnas.devices.spi.AdbTarget;
import io.hwnas.devices.spi.Availability;
import io.hwnas.devices.spi.DeviceKind;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.MeasuringMethod;
import io.hwnas.devices.spi.RemoteTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A device profile read from JSON (a user's file, or one of the spec-sheet profiles hwnas ships). Checked when made;
 * see {@link DeviceProfiles#read} for the format.
 *
 * @param origin where it was read from, for messages
 */
public record ConfiguredProfile(String id, String name, DeviceKind kind, MeasuringMethod method,
        DeviceSettings settings, Map<String, String> providerOptions, OptionalLong memoryLimitMiB,
        Optional<RemoteTarget> remote, Optional<AdbTarget> adb, Optional<DeviceSpec> spec,
        List<String> defaultBudgets, List<String> tags, String origin) implements DeviceProfile {

    public ConfiguredProfile {
        DeviceProfile.requireValidId(id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        providerOptions = Collections.unmodifiableMap(new LinkedHashMap<>(providerOptions));
        defaultBudgets = List.copyOf(defaultBudgets);
        tags = List.copyOf(tags);
        if (method == MeasuringMethod.REMOTE && remote.isEmpty()) {
            throw new IllegalArgumentException(id + ": a remote profile needs remote.url and remote.tokenFile");
        }
        if (method == MeasuringMethod.ADB && adb.isEmpty()) {
            throw new IllegalArgumentException(id + ": an adb profile needs adb.serial and adb.tokenFile");
        }
        if (method == MeasuringMethod.SPEC && spec.isEmpty()) {
            throw new IllegalArgumentException(id + ": a spec-sheet profile needs spec");
        }
    }

    @Override
    public Availability availability() {
        return switch (method) {
            case LOCAL -> Cuda.PROVIDER.equals(settings.executionProvider()) ? Cuda.availability()
                    : Availability.AVAILABLE;
            case REMOTE -> tokenAvailability(remote.orElseThrow().tokenFile());
            case ADB -> AdbTarget.executable().isEmpty()
                    ? Availability.unavailable("adb is not on the PATH (install Android's platform-tools, or name it "
                            + "with HWNAS_ADB)")
                    : tokenAvailability(adb.orElseThrow().tokenFile());
            case SPEC -> Availability.unavailable(id + " is a spec sheet only: nothing to measure on; its latency is "
                    + "predicted from the spec (transferred from a measured reference, or a roofline)");
        };
    }

    /** An agent's device is usable when its token can be read; whether the agent answers, a check finds out. */
    private Availability tokenAvailability(Path token) {
        return Files.isReadable(token) ? Availability.AVAILABLE
                : Availability.unavailable("the token file " + token + " of " + id + " is not readable");
    }

    @Override
    public ConfiguredProfile withIntraOpThreads(int threads) {
        if (threads == settings.intraOpThreads()) {
            return this;
        }
        return new ConfiguredProfile(DeviceProfile.threadVariantId(id, threads), name + ", " + threads
                + (threads == 1 ? " thread" : " threads"), kind, method, settings.withIntraOpThreads(threads),
                providerOptions, memoryLimitMiB, remote, adb, spec, defaultBudgets, tags, origin);
    }
}
