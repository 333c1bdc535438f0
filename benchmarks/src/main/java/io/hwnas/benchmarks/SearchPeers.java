package io.hwnas.benchmarks;

import io.hwnas.core.io.Trees;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.Fronts;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchResult;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.stats.Stats;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * hwnas's search side by side with the tools a user would pick instead (issue 17): on NAS-Bench-201 with CIFAR-10
 * accuracy from the table and latency from a device table, under the budget {@code latency_ms <= B} with B a
 * percentile of the device's latencies, every hwnas algorithm, Optuna's NSGAIISampler and TPESampler (a Python
 * process each, through {@link OptunaPeers}) and random search run on the same seeds, each counted in distinct
 * evaluations; every run's first n evaluations are scored alike by {@link PeerScorer}, and {@link PeerReport}
 * writes the tables and the checks.
 *
 * <p>hwnas's searches run one after another in this JVM (MOEA Framework's random generator is a global), after one
 * untimed warm-up search per algorithm; Optuna's processes run meanwhile, {@code --jobs} at a time.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.hwnas.benchmarks.SearchPeers --devices silver_4114_ms --seeds 2 \
 *     --sizes 100,300 --out benchmarks/target/search-peers
 * }</pre>
 */
public final class SearchPeers {

    private SearchPeers() {}

    /** One device: every cell's accuracy and latency (rows in {@code row}'s order), the budget and the scorer. */
    record Device(String name, LatencyOracle oracle, Map<String, Integer> row, double[] accuracy, double[] latency,
            List<Candidate> cells, PeerScorer scorer, Path cellsCsv, double moeaDifference) {

        double budget() {
            return scorer.budget();
        }
    }

    /**
     * One search's distinct evaluations in the order it made them, with the wall time (ms since its start) at which
     * each was available, and for Optuna the trials it had taken by then ({@code null} for hwnas); {@code target}
     * is the distinct evaluations it was run to (sizes above it are not scored).
     */
    record PeerRun(String device, String algorithm, long seed, int target, double[] accuracy, double[] latency,
            double[] elapsedMs, int[] trials, double wallMs, boolean capped, boolean cached) {

        int evaluations() {
            return accuracy.length;
        }

        double msPer1000() {
            return wallMs / evaluations() * 1000;
        }
    }

    public static void main(String[] args) {
        BenchMain.run("search-peers", args, PeerOptions::parse, SearchPeers::run);
    }

    private static void run(PeerOptions o) throws IOException {
        long started = System.nanoTime();
        SearchSpace space = SearchSpaces.builtIn().get("nb201");
        AccuracyOracle accuracy = TableOracles.nb201(o.accuracy(), space);
        ArchTable table = ArchTable.read(o.table(), space, "arch_str");
        List<String> names = o.devices().equals(List.of("all"))
                ? table.columns().stream().filter(c -> c.endsWith("_ms")).toList() : o.devices();
        Files.createDirectories(o.out());
        List<Architecture> cells = SearchQuality.cells(space);
        List<Device> devices = new ArrayList<>();
        for (String name : names) {
            devices.add(device(space, accuracy, TableOracles.latency(table, name), cells, o));
        }
        Device first = devices.get(0);
        String defaultLabel = "hwnas:" + setup(space, accuracy, first.oracle(), first.budget(), o.out()).build()
                .algorithm().key();
        boolean optuna = o.algorithms().stream().anyMatch(a -> a.startsWith("optuna:"));
        List<PeerRun> runs = new ArrayList<>();
        String version = "";
        try (OptunaPeers peers = optuna ? OptunaPeers.start(o.python(), o.script(), o.out().resolve("optuna"),
                o.jobs(), SearchPeers::progress) : null) {
            Thread hook = new Thread(() -> {
                if (peers != null) {
                    peers.stop();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            List<Future<OptunaPeers.Result>> pending = optuna ? submitOptuna(peers, devices, o) : List.of();
            hwnasAll(space, accuracy, devices, o, runs);
            for (Future<OptunaPeers.Result> f : pending) {
                runs.add(optunaRun(waitFor(f), devices));
            }
            version = optuna ? peers.version() : "";
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        PeerReport report = new PeerReport(o, devices, runs, defaultLabel, version, accuracy);
        report.writeRuns(o.out().resolve("runs.csv"));
        String md = report.summary((System.nanoTime() - started) / 1e9);
        Files.writeString(o.out().resolve("summary.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
        System.out.println("files: " + o.out().resolve("summary.md") + ", " + o.out().resolve("runs.csv"));
    }

    /** Every cell evaluated on one device; the budget at the percentile of its latencies; the cells' CSV. */
    private static Device device(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            List<Architecture> cells, PeerOptions o) throws IOException {
        List<Candidate> every = SearchQuality.evaluateAll(space, accuracy, latency, cells);
        String d = latency.device();
        double[] acc = every.stream().mapToDouble(Candidate::accuracy).toArray();
        double[] lat = every.stream().mapToDouble(c -> c.latency(d).bestMs()).toArray();
        Map<String, Integer> row = new HashMap<>(every.size() * 2);
        StringBuilder csv = new StringBuilder("arch,accuracy,latency_ms\n");
        for (int i = 0; i < every.size(); i++) {
            row.put(every.get(i).arch(), i);
            csv.append(every.get(i).arch()).append(',').append(acc[i]).append(',').append(lat[i]).append('\n');
        }
        Path file = o.out().resolve("cells-" + d + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        double budget = Stats.percentile(lat, o.percentile() / 100);
        PeerScorer scorer = PeerScorer.of(acc, lat, budget);
        double diff = moeaDifference(setup(space, accuracy, latency, budget, o.out()).build(), scorer, every);
        progress("%s: budget latency_ms<=%s (percentile %s of %d cells), %d feasible, true feasible front %d, best "
                + "feasible accuracy %.4f", d, Double.toString(budget), SearchQuality.num(o.percentile()), every.size(),
                scorer.feasibleCells(), scorer.frontSize(), scorer.bestFeasible());
        return new Device(d, latency, row, acc, lat, every, scorer, file, diff);
    }

    /** The search's setup on one device under its budget, with hwnas's defaults for everything not set here. */
    static SearchSetup.Builder setup(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            double budget, Path out) {
        // Written and parsed as the command line's --budget is; Double.toString reads back to the same double.
        return SearchSetup.builder().space(space).accuracy(accuracy).latency(latency)
                .budget(Budget.parse("latency_ms<=" + Double.toString(budget))).out(out);
    }

    /**
     * The largest difference between MOEA Framework's hypervolume of every cell under {@code s}'s budget and the
     * scorer's sweep, over the references: a check that both read the budget and the bounds alike.
     */
    static double moeaDifference(SearchSetup s, PeerScorer scorer, List<Candidate> every) {
        double worst = 0;
        for (PeerScorer.Box box : scorer.boxes()) {
            double moea = Fronts.hypervolume(s, every, box.ideal(), box.nadir());
            worst = Math.max(worst, Math.abs(moea - box.trueHypervolume()));
        }
        return worst;
    }

    /** Every Optuna search, the slowest sampler's first (TPE's), so that the last jobs to end are short ones. */
    private static List<Future<OptunaPeers.Result>> submitOptuna(OptunaPeers peers, List<Device> devices,
            PeerOptions o) {
        List<Future<OptunaPeers.Result>> all = new ArrayList<>();
        List<String> samplers = o.algorithms().stream().filter(a -> a.startsWith("optuna:"))
                .sorted(Comparator.comparing((String a) -> !a.equals("optuna:tpe"))).toList();
        for (String a : samplers) {
            for (Device d : devices) {
                for (int k = 0; k < o.seeds(); k++) {
                    all.add(peers.submit(new OptunaPeers.Request(a.substring("optuna:".length()), d.name(),
                            o.firstSeed() + k, o.target(a), d.budget(), d.cellsCsv())));
                }
            }
        }
        return all;
    }

    private static OptunaPeers.Result waitFor(Future<OptunaPeers.Result> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Optuna", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException("an Optuna search failed: " + e.getCause(), e.getCause());
        }
    }

    private static PeerRun optunaRun(OptunaPeers.Result r, List<Device> devices) {
        Device d = devices.stream().filter(x -> x.name().equals(r.request().device())).findFirst().orElseThrow();
        double[] acc = new double[r.archs().size()];
        double[] lat = new double[acc.length];
        for (int i = 0; i < acc.length; i++) {
            Integer row = d.row().get(r.archs().get(i));
            if (row == null) {
                throw new IllegalStateException(r.request().label() + " on " + d.name() + " seed " + r.request()
                        .seed() + " evaluated " + r.archs().get(i) + ", which is not a cell of the table");
            }
            acc[i] = d.accuracy()[row];
            lat[i] = d.latency()[row];
        }
        return new PeerRun(d.name(), r.request().label(), r.request().seed(), r.request().n(), acc, lat,
                r.elapsedMs(), r.trials(),
                r.wallMs(), r.capped(), r.cached());
    }

    /** Every hwnas algorithm on every device and seed; seeds outside, algorithms inside, as SearchQuality does. */
    private static void hwnasAll(SearchSpace space, AccuracyOracle accuracy, List<Device> devices, PeerOptions o,
            List<PeerRun> runs) throws IOException {
        List<String> hwnas = o.algorithms().stream().filter(a -> a.startsWith("hwnas:")).toList();
        if (o.warmup()) {
            for (String a : hwnas) {
                long t = System.nanoTime();
                // A seed outside the measured ones; its result is thrown away.
                hwnas(space, accuracy, devices.get(0), a, o.firstSeed() + o.seeds() + 1000, o.largest());
                progress("warm-up %s: %.1f s (untimed)", a, (System.nanoTime() - t) / 1e9);
            }
        }
        for (Device d : devices) {
            for (int k = 0; k < o.seeds(); k++) {
                for (String a : hwnas) {
                    PeerRun r = hwnas(space, accuracy, d, a, o.firstSeed() + k, o.largest());
                    runs.add(r);
                    progress("%s %s seed %d: %d evaluations in %.2f s (%.0f ms per 1,000), budget ratio at %d = "
                            + "%.4f", d.name(), a, r.seed(), r.evaluations(), r.wallMs() / 1e3, r.msPer1000(),
                            o.largest(), d.scorer().score(r.accuracy(), r.latency(), o.largest()).ratio(0));
                }
            }
        }
    }

    /** One hwnas search in a temporary run directory; its candidates in evaluation order. */
    static PeerRun hwnas(SearchSpace space, AccuracyOracle accuracy, Device d, String label, long seed,
            int evaluations) throws IOException {
        Path dir = Files.createTempDirectory("hwnas-search-peers-");
        try {
            SearchSetup setup = setup(space, accuracy, d.oracle(), d.budget(), dir)
                    .algorithm(label.substring("hwnas:".length()))
                    .evaluations(evaluations).seed(seed).build();
            List<GenerationStats> generations = new ArrayList<>();
            SearchListener listener = new SearchListener() {
                @Override
                public void generation(GenerationStats stats, int target) {
                    generations.add(stats);
                }
            };
            long t = System.nanoTime();
            SearchResult result = SearchRun.run(setup, listener);
            double wallMs = (System.nanoTime() - t) / 1e6;
            List<Candidate> byIndex = new ArrayList<>(result.candidates());
            byIndex.sort(Comparator.comparingInt(Candidate::index));
            double[] acc = new double[byIndex.size()];
            double[] lat = new double[acc.length];
            double[] elapsed = new double[acc.length];
            int g = 0;
            for (int i = 0; i < acc.length; i++) {
                if (byIndex.get(i).index() != i) {
                    throw new IllegalStateException("candidate indices are not 0..n-1: " + byIndex.get(i).index()
                            + " at " + i);
                }
                acc[i] = byIndex.get(i).accuracy();
                lat[i] = byIndex.get(i).latency(d.name()).bestMs();
                while (g < generations.size() && generations.get(g).evaluations() <= i) {
                    g++;
                }
                elapsed[i] = g < generations.size() ? generations.get(g).elapsedMs() : wallMs;
            }
            return new PeerRun(d.name(), label, seed, evaluations, acc, lat, elapsed, null, wallMs, false, false);
        } finally {
            Trees.delete(dir);
        }
    }

    static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private static void progress(String line) {
        System.err.println(line);
    }
}
