package io.hwnas.training.djl;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * DJL's PyTorch engine, started once per process and fully offline: the native library comes from the
 * {@code pytorch-native-cpu} jar on the class path and is unpacked into {@code DJL_CACHE_DIR} (by default
 * {@code $HWNAS_HOME/djl}), never downloaded. The thread count is fixed when the engine starts (PyTorch reads it
 * once), so the first caller's count holds for the process.
 */
public final class DjlEngine {

    public static final String ENGINE = "PyTorch";
    private static volatile DjlEngine started;

    private final Engine engine;
    private final int threads;
    private final Path cacheDir;

    private DjlEngine(Engine engine, int threads, Path cacheDir) {
        this.engine = engine;
        this.threads = threads;
        this.cacheDir = cacheDir;
    }

    /**
     * Starts the engine (or returns the one started).
     *
     * @param home    hwnas's home folder; the native files go under {@code home/djl} unless {@code DJL_CACHE_DIR}
     *                is set (as a system property or in the environment)
     * @param threads PyTorch's intra-op threads (0: one per core)
     * @throws IllegalStateException naming the cache folder when the native library cannot be loaded
     */
    public static synchronized DjlEngine start(Path home, int threads) {
        if (started != null) {
            return started;
        }
        Objects.requireNonNull(home, "home");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, but was " + threads);
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache == null || cache.isBlank()) {
            cache = System.getenv("DJL_CACHE_DIR");
        }
        if (cache == null || cache.isBlank()) {
            cache = home.resolve("djl").toString();
            System.setProperty("DJL_CACHE_DIR", cache);
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        // TorchScript's graph optimiser is for inference of traced models; the IR runs eagerly.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        try {
            Engine e = Engine.getEngine(ENGINE);
            started = new DjlEngine(e, n, Path.of(cache));
            return started;
        } catch (EngineException | IllegalArgumentException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot start DJL's PyTorch engine offline (native files in " + cache
                    + "; is pytorch-native-cpu for this platform on the class path? see docs/training.md, "
                    + "DJL and PyTorch: the platforms' Maven profiles): " + e.getMessage(), e);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** PyTorch's version, e.g. {@code 2.7.1}. */
    public String version() {
        return engine.getVersion();
    }

    public String djlVersion() {
        return Engine.getDjlVersion();
    }

    public int threads() {
        return threads;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Where a training ran: the engine, its threads, the tool, Java, the OS, the host and the time. */
    public java.util.Map<String, String> provenance() {
        io.hwnas.core.provenance.Provenance p = io.hwnas.core.provenance.Provenance.current();
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("engine", "DJL " + djlVersion() + " / PyTorch " + version());
        m.put("threads", Integer.toString(threads));
        try (ai.djl.ndarray.NDManager any = engine.newBaseManager()) {
            m.put("convolution", Convolutions.verdict(any).describe());
        }
        m.put("tool_version", p.toolVersion());
        m.put("java", p.javaVersion());
        m.put("os", p.osName() + "/" + p.osArch());
        m.put("host", p.host());
        m.put("time", java.time.Instant.now().toString());
        return m;
    }
}
