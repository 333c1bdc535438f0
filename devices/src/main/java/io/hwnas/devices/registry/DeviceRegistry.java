package io.hwnas.devices.registry;

import io.hwnas.devices.local.LocalCpuProvider;
import io.hwnas.devices.spi.DeviceProfile;
import io.hwnas.devices.spi.DeviceProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * An immutable set of device profiles by id: the built-ins plus whatever {@link DeviceProvider}s contribute.
 *
 * <pre>{@code
 * DeviceRegistry devices = DeviceRegistry.discover(Thread.currentThread().getContextClassLoader());
 * DeviceProfile target = devices.get("cpu").withIntraOpThreads(4);
 * }</pre>
 */
public final class DeviceRegistry {

    private final Map<String, DeviceProfile> profiles;

    private DeviceRegistry(Map<String, DeviceProfile> profiles) {
        this.profiles = Collections.unmodifiableMap(profiles);
    }

    /** Only the built-in profiles, {@code cpu} and {@code cpu-1t}. */
    public static DeviceRegistry builtIns() {
        return of(List.of(new LocalCpuProvider()));
    }

    /** The built-ins plus every {@link DeviceProvider} that {@link ServiceLoader} finds through {@code loader}. */
    public static DeviceRegistry discover(ClassLoader loader) {
        List<DeviceProvider> providers = new ArrayList<>();
        providers.add(new LocalCpuProvider());
        ServiceLoader.load(DeviceProvider.class, loader).forEach(providers::add);
        return of(providers);
    }

    /**
     * Exactly the profiles of these providers.
     *
     * @throws IllegalArgumentException if two profiles share an id, naming both providers' classes
     */
    public static DeviceRegistry of(List<? extends DeviceProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        Map<String, DeviceProfile> byId = new TreeMap<>();
        Map<String, DeviceProvider> source = new TreeMap<>();
        for (DeviceProvider provider : providers) {
            Objects.requireNonNull(provider, "provider");
            List<DeviceProfile> offered = Objects.requireNonNull(provider.profiles(),
                    () -> provider.getClass().getName() + ".profiles() returned null");
            for (DeviceProfile profile : offered) {
                Objects.requireNonNull(profile, () -> provider.getClass().getName() + " offered a null profile");
                String id = DeviceProfile.requireValidId(profile.id());
                DeviceProvider earlier = source.putIfAbsent(id, provider);
                if (earlier != null) {
                    throw new IllegalArgumentException("Device profile '" + id + "' is provided by both "
                            + earlier.getClass().getName() + " and " + provider.getClass().getName());
                }
                byId.put(id, profile);
            }
        }
        return new DeviceRegistry(byId);
    }

    /**
     * @throws IllegalArgumentException naming the known ids, e.g. {@code No device profile 'pi5'; known: [cpu, cpu-1t]}
     */
    public DeviceProfile get(String id) {
        DeviceProfile profile = profiles.get(id);
        if (profile == null) {
            throw new IllegalArgumentException("No device profile '" + id + "'; known: " + ids());
        }
        return profile;
    }

    public Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    /** The ids, sorted. */
    public List<String> ids() {
        return List.copyOf(profiles.keySet());
    }

    /** The profiles, sorted by id. */
    public List<DeviceProfile> profiles() {
        return List.copyOf(profiles.values());
    }
}
