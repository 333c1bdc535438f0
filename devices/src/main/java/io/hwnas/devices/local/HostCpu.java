package io.hwnas.devices.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.HwnasHome;
import io.hwnas.core.io.AtomicFiles;
import io.hwnas.core.provenance.Provenance;
import io.hwnas.devices.spec.DeviceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * This machine's CPU as a spec sheet, so that its measured profiles ({@code cpu}, {@code cpu-1t}) can be the
 * reference of a spec transfer to a device that has only a spec sheet.
 *
 * <ul>
 *   <li><b>Peak</b> = cores used × clock × FP32 FLOP per cycle. The cores are the profile's intra-op threads (at most
 *       the processors the JVM sees). The clock is {@code cpuinfo_max_freq} under
 *       {@code /sys/devices/system/cpu/cpu0/cpufreq} when there is one, else the largest {@code cpu MHz} of
 *       {@code /proc/cpuinfo}; in a virtual machine that is the nominal clock, which a boosting core passes. FLOP per
 *       cycle come from the widest SIMD the flags show, assuming the usual pipes of that ISA ({@link Isa}): they are
 *       an assumption, not a measurement, and say so in the source.</li>
 *   <li><b>Memory bandwidth</b> is measured once per host, with as many threads as cores used: each thread copies its
 *       share of two 128 MiB buffers (far beyond the caches) with {@code System.arraycopy}, counting bytes read and
 *       written as STREAM's Copy does; the best of ten copies. About a quarter of a second; the result is kept in
 *       {@code $HWNAS_HOME/host-spec.json}, keyed by host name and CPU, so it is measured once.</li>
 * </ul>
 * A figure that cannot be told (no clock, no known SIMD flags, no {@code /proc/cpuinfo}) leaves the profile without a
 * spec; a JSON local profile with its own {@code spec} is the way out.
 *
 * <pre>{@code
 * Optional<DeviceSpec> s = HostCpu.spec(1);   // cpu-1t: one core's peak, one thread's bandwidth
 * }</pre>
 */
public final class HostCpu {

    /** The cache file under {@code $HWNAS_HOME}. */
    public static final String CACHE_FILE = "host-spec.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int BUFFER_MIB = 128;
    private static final int COPIES = 10;
    private static final Map<String, Optional<DeviceSpec>> MEMO = new ConcurrentHashMap<>();

    private HostCpu() {}

    /**
     * FP32 FLOP per cycle of one core, by the widest SIMD instructions its flags show.
     *
     * @param name       the ISA, as the source names it
     * @param flops      FLOP per cycle per core
     * @param assumption the pipes assumed, in words
     */
    public record Isa(String name, int flops, String assumption) {}

    /**
     * What {@code /proc/cpuinfo} says about the first processor, and how many there are.
     *
     * @param mhz        the largest {@code cpu MHz} over all processors, or empty (ARM kernels do not state it)
     * @param flags      the {@code flags} (x86) or {@code Features} (ARM) of the first processor
     * @param processors how many {@code processor} entries there are
     */
    public record CpuInfo(String vendor, String model, int family, int modelNumber, OptionalDouble mhz,
            Set<String> flags, int processors) {

        public CpuInfo {
            Objects.requireNonNull(vendor, "vendor");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(mhz, "mhz");
            flags = Set.copyOf(flags);
        }

        /** Parses the text of {@code /proc/cpuinfo} (x86 or ARM). */
        public static CpuInfo parse(String text) {
            String vendor = "";
            String model = "";
            int family = -1;
            int modelNumber = -1;
            double mhz = Double.NaN;
            Set<String> flags = null;
            int processors = 0;
            String implementer = "";
            String part = "";
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                switch (key) {
                    case "processor" -> processors++;
                    case "vendor_id" -> vendor = vendor.isEmpty() ? value : vendor;
                    case "model name" -> model = model.isEmpty() ? value : model;
                    case "cpu family" -> family = family < 0 ? parseInt(value) : family;
                    case "model" -> modelNumber = modelNumber < 0 ? parseInt(value) : modelNumber;
                    case "cpu MHz" -> {
                        try {
                            double v = Double.parseDouble(value);
                            mhz = Double.isNaN(mhz) ? v : Math.max(mhz, v);
                        } catch (NumberFormatException e) {
                            // an unreadable clock is no clock
                        }
                    }
                    case "flags", "Features" -> {
                        if (flags == null) {
                            flags = new HashSet<>(Arrays.asList(value.split("\\s+")));
                        }
                    }
                    case "CPU implementer" -> implementer = implementer.isEmpty() ? value : implementer;
                    case "CPU part" -> part = part.isEmpty() ? value : part;
                    default -> { }
                }
            }
            if (model.isEmpty() && !part.isEmpty()) {
                model = "ARM implementer " + implementer + " part " + part;
            }
            return new CpuInfo(vendor, model, family, modelNumber,
                    Double.isNaN(mhz) ? OptionalDouble.empty() : OptionalDouble.of(mhz),
                    flags == null ? Set.of() : flags, Math.max(processors, 1));
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The widest SIMD the flags show, with the pipes assumed; empty when none is known. */
        public Optional<Isa> isa() {
            boolean amd = vendor.equals("AuthenticAMD");
            if (flags.contains("avx512f")) {
                return Optional.of(amd
                        ? new Isa("AVX-512 on AMD", 32, "Zen 4 runs a 512-bit FMA as two 256-bit halves: two "
                                + "256-bit FMA pipes, 2 x 8 lanes x 2")
                        : new Isa("AVX-512", 64, "two 512-bit FMA units, as Xeon Gold and Platinum have (Xeon Silver, "
                                + "Bronze and client cores with one unit reach half)"));
            }
            if (flags.contains("avx2") && flags.contains("fma")) {
                return Optional.of(new Isa("AVX2+FMA", 32, "two 256-bit FMA pipes (Intel Haswell and later, AMD Zen 2 "
                        + "and later; Zen 1 reaches half)"));
            }
            if (flags.contains("avx")) {
                return Optional.of(new Isa("AVX", 16, "one 256-bit add and one 256-bit multiply a cycle"));
            }
            if (flags.contains("sse2") || flags.contains("sse")) {
                return Optional.of(new Isa("SSE", 8, "one 128-bit add and one 128-bit multiply a cycle"));
            }
            if (flags.contains("asimd")) {
                return Optional.of(new Isa("NEON", 8, "one 128-bit FMA pipe (Cortex-A76 and later have two, and "
                        + "reach twice this)"));
            }
            return Optional.empty();
        }

        /** The vendor, model, family and model number, as one key and one name. */
        public String description() {
            StringBuilder sb = new StringBuilder(model.isEmpty() ? "unknown CPU" : model);
            if (family >= 0) {
                sb.append(", family ").append(family);
            }
            if (modelNumber >= 0) {
                sb.append(" model ").append(modelNumber);
            }
            return sb.toString();
        }
    }

    /** How the memory bandwidth is got: measured here, or a stand-in for tests. */
    @FunctionalInterface
    public interface BandwidthProbe {
        /** GB/s with this many threads. */
        double measure(int threads);
    }

    /**
     * The spec of this machine's CPU used by {@code threads} intra-op threads: the cached bandwidth when
     * {@code $HWNAS_HOME/host-spec.json} has it for this host and CPU, else measured now and cached. Memoised for the
     * process; empty when the peak cannot be told here.
     */
    public static Optional<DeviceSpec> spec(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
        }
        Path cache = HwnasHome.fromEnvironment().dir().resolve(CACHE_FILE);
        return MEMO.computeIfAbsent(cache + "|" + threads, k -> {
            Optional<CpuInfo> info = readCpuInfo();
            if (info.isEmpty()) {
                return Optional.empty();
            }
            return spec(info.get(), readMaxMhz(), threads, host(), cache, HostCpu::measureBandwidth);
        });
    }

    /**
     * The spec from these facts: what {@link #spec(int)} does, with every input given (for tests and other hosts).
     *
     * @param sysMaxMhz the cpufreq maximum in MHz when the kernel states one
     * @param cache     the cache file; read, and written when the probe had to measure
     */
    public static Optional<DeviceSpec> spec(CpuInfo info, OptionalDouble sysMaxMhz, int threads, String host,
            Path cache, BandwidthProbe probe) {
        Optional<Isa> isa = info.isa();
        OptionalDouble mhz = sysMaxMhz.isPresent() ? sysMaxMhz : info.mhz();
        if (isa.isEmpty() || mhz.isEmpty() || !(mhz.getAsDouble() > 0)) {
            return Optional.empty();
        }
        int cores = Math.min(threads, info.processors());
        double peak = cores * mhz.getAsDouble() * isa.get().flops() / 1000;
        String key = host + " / " + info.vendor() + " " + info.description();
        Bandwidth bw = cachedBandwidth(cache, key, cores).orElseGet(() -> {
            Bandwidth b = new Bandwidth(probe.measure(cores), Instant.now().truncatedTo(ChronoUnit.SECONDS));
            store(cache, key, cores, b);
            return b;
        });
        String source = String.format(Locale.ROOT, "this machine (%s): %s; peak %d %s x %.0f MHz (%s) x %d FP32 "
                + "FLOP/cycle (%s, assumed: %s) = %.1f GFLOP/s; memory bandwidth %.1f GB/s, measured with %d %s: each "
                + "copies its share of %d MiB with System.arraycopy, best of %d, counting bytes read and written, on "
                + "%s, kept in %s", host, info.description(), cores, cores == 1 ? "core" : "cores",
                mhz.getAsDouble(), sysMaxMhz.isPresent() ? "cpufreq maximum" : "cpu MHz in /proc/cpuinfo; in a VM "
                        + "the nominal clock, which boost passes", isa.get().flops(), isa.get().name(),
                isa.get().assumption(), peak, bw.gbs(), cores, cores == 1 ? "thread" : "threads", BUFFER_MIB,
                COPIES, bw.measuredAt(), cache);
        return Optional.of(new DeviceSpec(peak, bw.gbs(), 0, source));
    }

    /** One cached bandwidth. */
    private record Bandwidth(double gbs, Instant measuredAt) {}

    private static Optional<Bandwidth> cachedBandwidth(Path cache, String key, int threads) {
        if (!Files.isRegularFile(cache)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(cache.toFile());
            if (!key.equals(root.path("host_cpu").asText())) {
                return Optional.empty();
            }
            JsonNode e = root.path("bandwidth_gbs").path(Integer.toString(threads));
            if (!e.path("gbs").isNumber() || !(e.path("gbs").asDouble() > 0)) {
                return Optional.empty();
            }
            return Optional.of(new Bandwidth(e.path("gbs").asDouble(), Instant.parse(e.path("measured_at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable cache is measured again and rewritten
        }
    }

    private static synchronized void store(Path cache, String key, int threads, Bandwidth b) {
        ObjectNode root = JSON.createObjectNode();
        try {
            if (Files.isRegularFile(cache)) {
                JsonNode old = JSON.readTree(cache.toFile());
                if (old instanceof ObjectNode o && key.equals(o.path("host_cpu").asText())) {
                    root = o;
                }
            }
        } catch (IOException | RuntimeException e) {
            // start afresh
        }
        root.put("host_cpu", key);
        ObjectNode all = root.has("bandwidth_gbs") && root.get("bandwidth_gbs").isObject()
                ? (ObjectNode) root.get("bandwidth_gbs") : root.putObject("bandwidth_gbs");
        all.putObject(Integer.toString(threads)).put("gbs", b.gbs()).put("measured_at", b.measuredAt().toString());
        try {
            Files.createDirectories(cache.toAbsolutePath().getParent());
            AtomicFiles.write(cache, JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Not cached: the next process measures again; the figure itself is good.
        }
    }

    /**
     * Copy bandwidth in GB/s with {@code threads} threads: each copies its share of two {@value #BUFFER_MIB} MiB
     * buffers (smaller if the heap is small), all at once; the best of {@value #COPIES} rounds after one warm-up.
     */
    public static double measureBandwidth(int threads) {
        long budget = Math.min((long) BUFFER_MIB << 20, Runtime.getRuntime().maxMemory() / 6);
        int perThread = (int) Math.max(1 << 17, budget / 8 / threads);
        long[][] src = new long[threads][perThread];
        long[][] dst = new long[threads][perThread];
        for (long[] s : src) {
            Arrays.fill(s, 1L);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hwnas-bandwidth");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Callable<Void>> copies = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long[] s = src[t];
                long[] d = dst[t];
                copies.add(() -> {
                    System.arraycopy(s, 0, d, 0, s.length);
                    return null;
                });
            }
            double best = 0;
            for (int round = 0; round <= COPIES; round++) {
                long start = System.nanoTime();
                for (Future<Void> f : pool.invokeAll(copies)) {
                    f.get();
                }
                long ns = System.nanoTime() - start;
                if (round > 0) {
                    best = Math.max(best, 2.0 * 8 * perThread * threads / ns);
                }
            }
            return best;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring memory bandwidth", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("memory bandwidth copy failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Optional<CpuInfo> readCpuInfo() {
        try {
            return Optional.of(CpuInfo.parse(Files.readString(Path.of("/proc/cpuinfo"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static OptionalDouble readMaxMhz() {
        try {
            String khz = Files.readString(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")).strip();
            double v = Double.parseDouble(khz) / 1000;
            return v > 0 ? OptionalDouble.of(v) : OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static String host() {
        return Provenance.current().host();
    }
}
