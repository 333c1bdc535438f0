package io.hwnas.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Optuna's samplers as peers of hwnas's search: each search is one Python process running
 * {@code bench/lib/optuna_nb201.py}, at most {@code jobs} at a time, and its result is cached in a directory under
 * a name made of everything it depends on (sampler, device, seed, distinct evaluations, budget, Optuna version), so
 * that a rerun after hwnas's search changed does not redo Optuna's.
 *
 * <pre>{@code
 * try (OptunaPeers optuna = OptunaPeers.start(Path.of("/usr/bin/python3"), script, cacheDir, 2, System.err::println)) {
 *     Future<OptunaPeers.Result> f = optuna.submit(new OptunaPeers.Request("tpe", "silver_4114_ms", 1, 3000,
 *             16.824, cellsCsv));
 *     List<String> archs = f.get().archs();   // distinct, in the order Optuna first evaluated them
 * }
 * }</pre>
 */
final class OptunaPeers implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The script's trial cap per distinct evaluation asked for (its --max-trials default). */
    static final int MAX_TRIALS_PER_DISTINCT = 30;

    /** One search: {@code cells} is a CSV (arch, accuracy, latency_ms) of every cell on {@code device}. */
    record Request(String sampler, String device, long seed, int n, double budget, Path cells) {

        String label() {
            return "optuna:" + sampler;
        }
    }

    /**
     * What a search found: the distinct architectures in the order it first evaluated them, with the seconds since
     * its start and the trial count at each; its total trials, whether the trial cap stopped it, its wall time.
     */
    record Result(Request request, List<String> archs, double[] elapsedMs, int[] trials, int totalTrials,
            boolean capped, double wallMs, boolean cached) {}

    private final Path python;
    private final Path script;
    private final Path cache;
    private final Consumer<String> progress;
    private final ExecutorService pool;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    private final String version;

    private OptunaPeers(Path python, Path script, Path cache, String version, int jobs, Consumer<String> progress) {
        this.version = version;
        this.python = python;
        this.script = script;
        this.cache = cache;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "optuna");
            t.setDaemon(true);
            return t;
        });
    }

    /** Asks the script for Optuna's version (which fails clearly when Python lacks Optuna) and starts the pool. */
    static OptunaPeers start(Path python, Path script, Path cache, int jobs, Consumer<String> progress)
            throws IOException {
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1, but was " + jobs);
        }
        Files.createDirectories(cache);
        List<String> out = exec(List.of(python.toString(), script.toString(), "--version"),
                cache.resolve("version.log"), "asking Optuna's version (" + python + " " + script + " --version)",
                ConcurrentHashMap.newKeySet());
        String v = out.isEmpty() ? "" : out.get(out.size() - 1).trim();
        if (!v.matches("[0-9][0-9A-Za-z.+-]*")) {
            throw new IOException("Optuna's version from " + python + " is not a version: '" + v + "'");
        }
        return new OptunaPeers(python, script, cache, v, jobs, progress);
    }

    String version() {
        return version;
    }

    /** Runs {@code r} when a job slot is free, or reads its cached result. */
    Future<Result> submit(Request r) {
        return pool.submit(() -> {
            try {
                return run(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The cache's name of {@code r}'s files, without the extension. */
    private String base(Request r) {
        return String.format(Locale.ROOT, "%s_%s_seed%d_n%d_b%s_optuna%s", r.sampler(), r.device(), r.seed(), r.n(),
                Double.toString(r.budget()), version);
    }

    private Result run(Request r) throws IOException {
        String base = base(r);
        Path csv = cache.resolve(base + ".csv");
        Path meta = cache.resolve(base + ".json");
        boolean cached = Files.isRegularFile(csv) && Files.isRegularFile(meta);
        Result longer = cached ? null : prefixOfLonger(r);
        if (longer != null) {
            progress.accept(String.format(Locale.ROOT, "%s %s seed %d: the first %d of a longer run (cached)",
                    r.label(), r.device(), r.seed(), r.n()));
            return longer;
        }
        if (!cached) {
            progress.accept(String.format(Locale.ROOT, "%s %s seed %d: started (%d distinct evaluations)", r.label(),
                    r.device(), r.seed(), r.n()));
            exec(List.of(python.toString(), script.toString(), "--cells", r.cells().toString(), "--sampler",
                    r.sampler(), "--seed", Long.toString(r.seed()), "--n", Integer.toString(r.n()), "--budget",
                    Double.toString(r.budget()), "--out", csv.toString(), "--meta", meta.toString(), "--progress",
                    "500"), cache.resolve(base + ".log"), r.label() + " " + r.device() + " seed " + r.seed(), live);
        }
        Result result = read(r, csv, meta, cached);
        progress.accept(String.format(Locale.ROOT, "%s %s seed %d: %d distinct in %d trials%s, %.1f s%s",
                r.label(), r.device(), r.seed(), result.archs().size(), result.totalTrials(),
                result.capped() ? " (trial cap hit)" : "", result.wallMs() / 1e3, cached ? " (cached)" : ""));
        return result;
    }

    /**
     * {@code r} cut from a cached run of the same search to more distinct evaluations: a search's first n proposals
     * do not depend on where it stops, so they are {@code r}'s, unless {@code r} would have hit its trial cap first.
     * {@code null} when there is no such run.
     */
    private Result prefixOfLonger(Request r) throws IOException {
        String[] parts = base(r).split("_n" + r.n() + "_", 2);
        try (Stream<Path> files = Files.list(cache)) {
            for (Path meta : files.filter(f -> f.getFileName().toString().startsWith(parts[0] + "_n")
                    && f.getFileName().toString().endsWith("_" + parts[1] + ".json")).sorted().toList()) {
                String name = meta.getFileName().toString();
                String n = name.substring(parts[0].length() + 2, name.length() - parts[1].length() - 6);
                if (!n.matches("[0-9]{1,9}") || Integer.parseInt(n) <= r.n()) {
                    continue;
                }
                Request longer = new Request(r.sampler(), r.device(), r.seed(), Integer.parseInt(n), r.budget(),
                        r.cells());
                Path csv = cache.resolve(name.substring(0, name.length() - 5) + ".csv");
                if (!Files.isRegularFile(csv)) {
                    continue;
                }
                Result all = read(longer, csv, meta, true);
                int k = r.n();
                if (all.archs().size() >= k && all.trials()[k - 1] <= MAX_TRIALS_PER_DISTINCT * k) {
                    return new Result(r, all.archs().subList(0, k), Arrays.copyOf(all.elapsedMs(), k),
                            Arrays.copyOf(all.trials(), k), all.trials()[k - 1], false, all.elapsedMs()[k - 1], true);
                }
            }
        }
        return null;
    }

    /** Reads a finished search's files, checking that they are the search asked for. */
    static Result read(Request r, Path csv, Path meta, boolean cached) throws IOException {
        JsonNode m = JSON.readTree(meta.toFile());
        if (!m.path("sampler").asText().equals(r.sampler()) || m.path("seed").asLong() != r.seed()
                || m.path("n").asInt() != r.n() || m.path("budget").asDouble() != r.budget()) {
            throw new IllegalStateException(meta + " is of another search than " + r + ": " + m);
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> archs = new ArrayList<>();
        double[] elapsed = new double[lines.size() - 1];
        int[] trials = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 4 || Integer.parseInt(f[0]) != i) {
                throw new IllegalStateException(csv + " line " + (i + 1) + ": expected n,arch,trial,elapsed_s with n = "
                        + i + ", but was '" + lines.get(i) + "'");
            }
            archs.add(f[1]);
            trials[i - 1] = Integer.parseInt(f[2]);
            elapsed[i - 1] = Double.parseDouble(f[3]) * 1e3;
        }
        return new Result(r, List.copyOf(archs), elapsed, trials, m.path("trials").asInt(),
                m.path("capped").asBoolean(), m.path("wall_s").asDouble() * 1e3, cached);
    }

    /**
     * Runs {@code command}, its stdout and stderr to {@code log}; returns the log's lines, or fails with its last
     * ones. Interrupted, it ends the process.
     */
    private static List<String> exec(List<String> command, Path log, String what, Set<Process> live)
            throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        live.add(p);
        try {
            int rc = p.waitFor();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (rc != 0) {
                String tail = String.join("\n  ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                throw new IOException(what + " failed (exit " + rc + ", log " + log + "):\n  " + tail);
            }
            return lines;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } finally {
            live.remove(p);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the searches still running (their processes end; nothing of theirs is cached). */
    void stop() {
        pool.shutdownNow();
        live.forEach(Process::destroy);
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
