package io.hwnas.devices.registry;

import io.hwnas.devices.cuda.CudaProvider;
import io.hwnas.devices.json.ConfiguredProfile;
import io.hwnas.devices.json.DeviceProfiles;
import io.hwnas.devices.spec.SpecSheetProvider;
import java.io.IOException;
import java.nio.file.Path;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable set of device profiles by id: the built-ins plus whatever {@link DeviceProvider}s contribute.
 *
 * <pre>{@code
 * DeviceRegistry devices = DeviceRegistry.discover(Thread.currentThread().getContextClassLoader());
 * DeviceProfile target = devices.get("cpu").withIntraOpThreads(4);
 * }</pre>
 */
public final class DeviceRegistry {

    /** How {@link DeviceProfile#threadVariantId} spells a variant: the base id, then {@code -<threads>t}. */
    private static final Pattern THREAD_VARIANT = Pattern.compile("(.+)-([0-9]+)t");

    private final Map<String, DeviceProfile> profiles;

    private DeviceRegistry(Map<String, DeviceProfile> profiles) {
        this.profiles = Collections.unmodifiableMap(profiles);
    }

    /** Only the built-in profiles: {@code cpu}, {@code cpu-1t}, {@code cuda} and the spec-sheet edge chips. */
    public static DeviceRegistry builtIns() {
        return of(builtInProviders());
    }

    private static List<DeviceProvider> builtInProviders() {
        return List.of(new LocalCpuProvider(), new CudaProvider(), new SpecSheetProvider());
    }

    /** The built-ins plus every {@link DeviceProvider} that {@link ServiceLoader} finds through {@code loader}. */
    public static DeviceRegistry discover(ClassLoader loader) {
        List<DeviceProvider> providers = new ArrayList<>(builtInProviders());
        ServiceLoader.load(DeviceProvider.class, loader).forEach(providers::add);
        return of(providers);
    }

    /**
     * The built-ins, the JSON profiles of each folder (in order; a missing folder has none), and the plugins that
     * {@link ServiceLoader} finds. Two profiles with one id fail naming both sources (files or classes).
     */
    public static DeviceRegistry load(ClassLoader loader, List<Path> profileDirs) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (DeviceProvider p : builtInProviders()) {
            add(entries, p);
        }
        for (Path dir : profileDirs) {
            for (ConfiguredProfile c : DeviceProfiles.readDir(dir)) {
                entries.add(new Entry(c.origin(), requireOwnId(c)));
            }
        }
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class, loader)) {
            add(entries, p);
        }
        return ofEntries(entries);
    }

    /**
     * Reads a user's profile file ({@link DeviceProfiles#read(Path)}) and refuses it when {@link #requireOwnId} does.
     */
    public static ConfiguredProfile readUserProfile(Path file) throws IOException {
        return requireOwnId(DeviceProfiles.read(file));
    }

    /**
     * {@code p}, unless its id is a built-in device's, one that hwnas gives a thread-count variant of one
     * ({@code cpu-4t} is {@code --device cpu --threads 4}) or an agent's ({@code agent:...}): measurements are
     * stored under the id, so one id must be one device. The error names the profile's file and {@code /id}.
     */
    public static ConfiguredProfile requireOwnId(ConfiguredProfile p) {
        String id = p.id();
        List<DeviceProfile> builtIn = builtIns().profiles();
        for (DeviceProfile b : builtIn) {
            if (b.id().equals(id)) {
                throw new IllegalArgumentException(p.origin() + " /id: '" + id + "' is the id of the built-in device "
                        + id + " (" + b.name() + "); give this profile another id");
            }
        }
        if (id.startsWith("agent:")) {
            throw new IllegalArgumentException(p.origin() + " /id: '" + id + "': ids that begin with agent: are "
                    + "those measure --agent stores under (agent:<host>:<device>); give this profile another id");
        }
        Matcher variant = THREAD_VARIANT.matcher(id);
        if (variant.matches()) {
            for (DeviceProfile b : builtIn) {
                Matcher own = THREAD_VARIANT.matcher(b.id());
                String base = own.matches() ? own.group(1) : b.id();
                if (base.equals(variant.group(1))) {
                    throw new IllegalArgumentException(p.origin() + " /id: '" + id + "' is the id hwnas gives the "
                            + "built-in device " + base + " with " + variant.group(2) + " threads (--device " + base
                            + " --threads " + variant.group(2) + "); give this profile another id");
                }
            }
        }
        return p;
    }

    /**
     * Exactly the profiles of these providers.
     *
     * @throws IllegalArgumentException if two profiles share an id, naming both providers' classes
     */
    public static DeviceRegistry of(List<? extends DeviceProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        List<Entry> entries = new ArrayList<>();
        for (DeviceProvider provider : providers) {
            add(entries, provider);
        }
        return ofEntries(entries);
    }

    private record Entry(String source, DeviceProfile profile) {}

    private static void add(List<Entry> entries, DeviceProvider provider) {
        Objects.requireNonNull(provider, "provider");
        List<DeviceProfile> offered = Objects.requireNonNull(provider.profiles(),
                () -> provider.getClass().getName() + ".profiles() returned null");
        for (DeviceProfile profile : offered) {
            Objects.requireNonNull(profile, () -> provider.getClass().getName() + " offered a null profile");
            entries.add(new Entry(provider.getClass().getName(), profile));
        }
    }

    private static DeviceRegistry ofEntries(List<Entry> entries) {
        Map<String, DeviceProfile> byId = new TreeMap<>();
        Map<String, String> source = new TreeMap<>();
        for (Entry e : entries) {
            String id = DeviceProfile.requireValidId(e.profile().id());
            String earlier = source.putIfAbsent(id, e.source());
            if (earlier != null) {
                throw new IllegalArgumentException("Device profile '" + id + "' is provided by both " + earlier
                        + " and " + e.source());
            }
            byId.put(id, e.profile());
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
