package io.hwnas.benchmarks;

import io.hwnas.core.search.Algorithm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of {@link SearchPeers}, with its defaults.
 *
 * @param optunaMax per Optuna sampler, the most distinct evaluations it runs to (fewer than the largest size when
 *                  a sampler is too slow to reach it; the sizes above are then not measured for it)
 */
record PeerOptions(String accuracy, Path table, List<String> devices, int seeds, long firstSeed, int[] sizes,
        List<String> algorithms, Path out, double percentile, int jobs, Map<String, Integer> optunaMax,
        Path python, Path script, boolean warmup) {

    static final List<String> OPTUNA_SAMPLERS = List.of("nsga2", "tpe");

    static PeerOptions parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("devices", "all");
        m.put("seeds", "10");
        m.put("first-seed", "1");
        m.put("sizes", "100,300,1000,3000");
        m.put("algorithms", String.join(",", defaultAlgorithms()));
        m.put("out", "search-peers");
        m.put("budget-percentile", "40");
        m.put("jobs", "2");
        // Optuna 3.1's multi-objective TPE ranks every trial six times per trial: hours per run to 3,000.
        m.put("optuna-max", "tpe=1000");
        m.put("accuracy", "nb201:cifar10");
        m.put("table", "data/nas-bench-201/nb201_latency_sample_devices.csv.gz");
        m.put("python", "/usr/bin/python3");
        m.put("optuna-script", "bench/lib/optuna_nb201.py");
        m.put("warmup", "true");
        SearchQuality.Options.readOptions(args, m, () -> {
            System.out.println("Usage: SearchPeers [--option value]...  (defaults shown)");
            m.forEach((k, v) -> System.out.println("  --" + k + " " + v));
            System.out.println("--devices all: every *_ms column of the table; --algorithms: hwnas:NAME for each "
                    + "hwnas algorithm, optuna:nsga2, optuna:tpe; --optuna-max SAMPLER=N,...: the most distinct "
                    + "evaluations a sampler runs to (none: every sampler to the largest size)");
        });
        int[] sizes = SearchQuality.Options.split(m.get("sizes")).stream()
                .mapToInt(s -> SearchQuality.Options.positive("sizes", s)).sorted().distinct().toArray();
        List<String> algorithms = SearchQuality.Options.split(m.get("algorithms")).stream()
                .map(PeerOptions::algorithmLabel).distinct().toList();
        double p = SearchQuality.number("--budget-percentile", m.get("budget-percentile"), Double::valueOf);
        if (!(p >= 0 && p <= 100) || sizes.length == 0 || algorithms.isEmpty()) {
            throw new IllegalArgumentException("--budget-percentile must be in [0, 100] (was " + p + "), and "
                    + "--sizes and --algorithms must name at least one each");
        }
        return new PeerOptions(m.get("accuracy"), Path.of(m.get("table")),
                SearchQuality.Options.split(m.get("devices")), SearchQuality.Options.positive("seeds",
                        m.get("seeds")), SearchQuality.number("--first-seed", m.get("first-seed"), Long::valueOf),
                sizes, algorithms, Path.of(m.get("out")), p, SearchQuality.Options.positive("jobs", m.get("jobs")),
                optunaMax(m.get("optuna-max")), Path.of(m.get("python")), Path.of(m.get("optuna-script")),
                Boolean.parseBoolean(m.get("warmup")));
    }

    /** {@code SAMPLER=N,...}; {@code none} or empty for no limit. */
    static Map<String, Integer> optunaMax(String spec) {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (spec.isBlank() || spec.trim().equals("none")) {
            return m;
        }
        for (String part : SearchQuality.Options.split(spec)) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || !OPTUNA_SAMPLERS.contains(kv[0].trim())) {
                throw new IllegalArgumentException("--optuna-max: '" + part + "' is not SAMPLER=N with SAMPLER one "
                        + "of " + OPTUNA_SAMPLERS);
            }
            m.put(kv[0].trim(), SearchQuality.Options.positive("optuna-max " + kv[0].trim(), kv[1]));
        }
        return m;
    }

    int largest() {
        return sizes[sizes.length - 1];
    }

    /** The distinct evaluations a run of {@code algorithm} goes to. */
    int target(String algorithm) {
        if (!algorithm.startsWith("optuna:")) {
            return largest();
        }
        return Math.min(largest(), optunaMax.getOrDefault(algorithm.substring("optuna:".length()), largest()));
    }

    /** Every hwnas algorithm (from the enum, so a new one joins by itself), then Optuna's samplers. */
    static List<String> defaultAlgorithms() {
        List<String> all = new ArrayList<>();
        Arrays.stream(Algorithm.values()).forEach(a -> all.add("hwnas:" + a.key()));
        OPTUNA_SAMPLERS.forEach(s -> all.add("optuna:" + s));
        return all;
    }

    /** {@code hwnas:NAME} or {@code optuna:nsga2|tpe}, normalised; anything else fails listing the known ones. */
    static String algorithmLabel(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("hwnas:")) {
            return "hwnas:" + Algorithm.parse(s.substring("hwnas:".length())).key();
        }
        if (s.startsWith("optuna:") && OPTUNA_SAMPLERS.contains(s.substring("optuna:".length()))) {
            return s;
        }
        throw new IllegalArgumentException("unknown algorithm '" + spec + "'; known: "
                + String.join(", ", defaultAlgorithms()));
    }
}
