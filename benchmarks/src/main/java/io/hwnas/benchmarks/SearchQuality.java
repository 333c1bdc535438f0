package io.hwnas.benchmarks;

import io.hwnas.core.io.Trees;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.Algorithm;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.CandidatePool;
import io.hwnas.core.search.Fronts;
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
import io.hwnas.core.table.Csv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Search quality on NAS-Bench-201 with table oracles, where the true Pareto front is known: every one of the 15,625
 * cells is evaluated (accuracy and table latency), and each search's front after its first n evaluations is
 * compared with it by hypervolume.
 *
 * <p>The hypervolume reference: objectives normalised to [0, 1] between the space's ideal (the largest accuracy and
 * the smallest latency over all cells) and its nadir (the smallest accuracy and the largest latency over all cells);
 * the reference point is the nadir. The ratio is hypervolume(found front) / hypervolume(true front), so 1 means the
 * true front's area is covered.
 *
 * <p>Searches run one after another in this JVM (MOEA Framework's random generator is a global), seed by seed and
 * within a seed algorithm by algorithm. Before the timed searches, one untimed search per algorithm warms the JIT
 * up. A search's wall time is that of
 * {@link SearchRun#run} as a whole, run directory files and checkpoints included, in a fresh temporary directory.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.hwnas.benchmarks.SearchQuality --seeds 10 --evaluations 1000 \
 *     --devices 1080ti_1_ms,essential_ph_1_ms --out benchmarks/target/search-quality
 * }</pre>
 *
 * <p>An algorithm entry may carry its own settings, e.g. {@code nsga2:population=50:crossover=0.9}; the keys are
 * {@code population}, {@code crossover}, {@code mutation} and {@code sample} (regevo's tournament size).
 */
public final class SearchQuality {

    private static final double[] THRESHOLDS = {0.95, 0.98};

    private SearchQuality() {}

    /** The command line, with its defaults. */
    record Options(String accuracy, Path table, List<String> devices, int seeds, long firstSeed, int evaluations,
            Integer population, Double crossover, Double mutation, List<Variant> variants, Path out, int step,
            int fineStep, boolean warmup) {

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("accuracy", "nb201:cifar10");
            m.put("table", "data/nas-bench-201/nb201_latency_sample_devices.csv.gz");
            m.put("devices", "1080ti_1_ms");
            m.put("seeds", "10");
            m.put("first-seed", "1");
            m.put("evaluations", "1000");
            m.put("population", "");
            m.put("crossover", "");
            m.put("mutation", "");
            m.put("algorithms", "nsga2,regevo,random");
            m.put("out", "search-quality");
            m.put("step", "50");
            m.put("fine-step", "25");
            m.put("warmup", "true");
            readOptions(args, m, () -> usage(System.out, m));
            List<String> devices = split(m.get("devices"));
            List<Variant> variants = split(m.get("algorithms")).stream().map(Variant::parse).toList();
            Options o = new Options(m.get("accuracy"), Path.of(m.get("table")), devices,
                    positive("seeds", m.get("seeds")), number("--first-seed", m.get("first-seed"), Long::valueOf),
                    positive("evaluations", m.get("evaluations")), optional("--population", m.get("population"),
                            Integer::valueOf), optional("--crossover", m.get("crossover"), Double::valueOf),
                    optional("--mutation", m.get("mutation"), Double::valueOf), variants, Path.of(m.get("out")),
                    positive("step", m.get("step")), positive("fine-step", m.get("fine-step")),
                    Boolean.parseBoolean(m.get("warmup")));
            if (o.step % o.fineStep != 0) {
                throw new IllegalArgumentException("--step must be a multiple of --fine-step, but were " + o.step
                        + " and " + o.fineStep);
            }
            if (devices.isEmpty() || variants.isEmpty()) {
                throw new IllegalArgumentException("--devices and --algorithms must name at least one each");
            }
            return o;
        }

        private static void usage(PrintStream out, Map<String, String> defaults) {
            out.println("Usage: SearchQuality [--option value]...  (defaults shown)");
            defaults.forEach((k, v) -> out.println("  --" + k + " " + (v.isEmpty() ? "(the search's default)" : v)));
            out.println("--devices and --algorithms take comma lists; an algorithm may carry settings, e.g. "
                    + "nsga2:population=50:crossover=0.9 (keys population, crossover, mutation, sample)");
        }

        /**
         * Reads {@code --key value} and {@code --key=value} pairs into {@code m}, which holds every known key with
         * its default; {@code --help} runs {@code help} and exits. An unknown key or a missing value fails naming it.
         */
        static void readOptions(String[] args, Map<String, String> m, Runnable help) {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    help.run();
                    System.exit(0);
                }
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'; options: " + m.keySet());
                }
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                if (!m.containsKey(key)) {
                    throw new IllegalArgumentException("unknown option --" + key + "; known: --"
                            + String.join(", --", m.keySet()));
                }
                m.put(key, value);
            }
        }

        static List<String> split(String s) {
            return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        static int positive(String name, String v) {
            int n = number("--" + name, v, Integer::valueOf);
            if (n < 1) {
                throw new IllegalArgumentException("--" + name + " must be >= 1, but was " + n);
            }
            return n;
        }

        private static <T> T optional(String name, String v, Function<String, T> parse) {
            return v.isBlank() ? null : number(name, v, parse);
        }
    }

    /** {@code v} parsed; a bad number fails naming {@code where} and quoting the value. */
    static <T> T number(String where, String v, Function<String, T> parse) {
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + v + "' is not a number", e);
        }
    }

    /** An algorithm with optional settings of its own; {@code label} is how the tables name it. */
    record Variant(String label, String algorithm, Integer population, Double crossover, Double mutation,
            Integer sample) {

        static Variant parse(String spec) {
            String[] parts = spec.split(":");
            Integer pop = null;
            Integer sample = null;
            Double cx = null;
            Double mut = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("algorithm '" + spec + "': '" + parts[i]
                            + "' is not KEY=VALUE");
                }
                String where = "algorithm '" + spec + "', " + kv[0].trim();
                switch (kv[0].trim()) {
                    case "population" -> pop = number(where, kv[1], Integer::valueOf);
                    case "crossover" -> cx = number(where, kv[1], Double::valueOf);
                    case "mutation" -> mut = number(where, kv[1], Double::valueOf);
                    case "sample" -> sample = number(where, kv[1], Integer::valueOf);
                    default -> throw new IllegalArgumentException("algorithm '" + spec + "': unknown setting '"
                            + kv[0] + "'; known: population, crossover, mutation, sample");
                }
            }
            return new Variant(spec, Algorithm.parse(parts[0]).key(), pop, cx, mut, sample);
        }

        SearchSetup.Builder apply(SearchSetup.Builder b, Options o) {
            b.algorithm(algorithm);
            Integer p = population != null ? population : o.population();
            Double c = crossover != null ? crossover : o.crossover();
            Double m = mutation != null ? mutation : o.mutation();
            if (p != null) {
                b.population(p);
            }
            if (c != null) {
                b.crossoverRate(c);
            }
            if (m != null) {
                b.mutationRate(m);
            }
            if (sample != null) {
                b.regevoSample(sample);
            }
            return b;
        }
    }

    /**
     * A hypervolume reference: objectives normalised between {@code ideal} and {@code nadir} (objective order
     * [accuracy, latency]; the ideal accuracy is the larger value), reference point at the nadir; with the true
     * front's hypervolume under it, by MOEA Framework and by an independent 2-D sweep.
     */
    record Box(String name, String meaning, double[] ideal, double[] nadir, double hypervolume,
            double sweepHypervolume) {}

    /**
     * The true front of one device and the references: {@code space} (the primary: ideal and nadir are the best and
     * worst of each objective over all cells) and {@code front} (a tighter one: the nadir is the worst of each
     * objective over the true front's members, so that points outside the front's range count for nothing).
     */
    record Reference(String device, List<Box> boxes, List<Candidate> front, int cells, long millis) {}

    /**
     * One search: its time, and its ratio at each point of the fine grid under each reference
     * ({@code ratios[box][point]}, boxes in {@link Reference#boxes()} order).
     */
    record Run(String device, Variant variant, SearchSetup setup, long seed, int evaluations, int generations,
            long wallNanos, int[] grid, double[][] ratios, int frontSize) {

        double msPer1000() {
            return wallNanos / 1e6 / evaluations * 1000;
        }

        /** The first grid point whose ratio reaches {@code t}; {@link Integer#MAX_VALUE} when none does. */
        int reaches(int box, double t) {
            for (int i = 0; i < grid.length; i++) {
                if (ratios[box][i] >= t) {
                    return grid[i];
                }
            }
            return Integer.MAX_VALUE;
        }

        double ratioAt(int box, int n) {
            int i = Arrays.binarySearch(grid, n);
            if (i < 0) {
                throw new IllegalArgumentException("no grid point " + n);
            }
            return ratios[box][i];
        }

        double last(int box) {
            return ratios[box][grid.length - 1];
        }
    }

    public static void main(String[] args) {
        BenchMain.run("search-quality", args, Options::parse, SearchQuality::run);
    }

    private static void run(Options o) throws IOException {
        long started = System.nanoTime();
        SearchSpace space = SearchSpaces.builtIn().get("nb201");
        AccuracyOracle accuracy = TableOracles.nb201(o.accuracy(), space);
        ArchTable table = ArchTable.read(o.table(), space, "arch_str");
        Files.createDirectories(o.out());
        List<Architecture> cells = cells(space);
        int[] grid = grid(o.evaluations(), o.fineStep());
        List<Run> all = new ArrayList<>();
        List<Reference> refs = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        md.append("# Search quality on nb201 (table oracles)\n\n");
        md.append(String.format(Locale.ROOT, "accuracy oracle %s (%s); latency table %s; %d seeds from %d; %d "
                + "evaluations; Java %s, %d available processors%n%n", accuracy.name(), accuracy.source(), o.table(),
                o.seeds(), o.firstSeed(), o.evaluations(), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors()));
        boolean warmed = false;
        for (String device : o.devices()) {
            LatencyOracle latency = TableOracles.latency(table, device);
            Reference ref = reference(space, accuracy, latency, cells);
            refs.add(ref);
            writeFront(o.out().resolve("true-front-" + device + ".csv"), ref);
            progress("%s: true front %d of %d cells, hypervolume %.6f (sweep %.6f), %.1f s", device,
                    ref.front().size(), ref.cells(), ref.boxes().get(0).hypervolume(),
                    ref.boxes().get(0).sweepHypervolume(), ref.millis() / 1e3);
            if (o.warmup() && !warmed) {
                for (Variant v : o.variants()) {
                    long t = System.nanoTime();
                    // A seed outside the measured ones; its result is thrown away.
                    search(space, accuracy, latency, v, o, o.firstSeed() + o.seeds() + 1000);
                    progress("warm-up %s: %.1f s (untimed)", v.label(), (System.nanoTime() - t) / 1e9);
                }
                warmed = true;
            }
            double[] maxDiff = {0};
            List<Run> runs = searchAll(space, accuracy, latency, ref, o, grid, maxDiff);
            all.addAll(runs);
            report(md, o, ref, runs, grid, maxDiff[0]);
        }
        writeCurves(o.out().resolve("curves.csv"), all);
        writeRuns(o.out().resolve("runs.csv"), all);
        md.append(String.format(Locale.ROOT, "total wall time of this benchmark: %.1f s%n",
                (System.nanoTime() - started) / 1e9));
        Files.writeString(o.out().resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
        System.out.println("files: " + o.out().resolve("summary.md") + ", " + o.out().resolve("curves.csv") + ", "
                + o.out().resolve("runs.csv") + ", " + o.out().resolve("true-front-*.csv"));
    }

    /**
     * Every seed of every variant on one device, with each run's ratio curve; {@code maxDiff[0]} grows to the largest
     * difference between the two hypervolume computations.
     */
    private static List<Run> searchAll(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            Reference ref, Options o, int[] grid, double[] maxDiff) throws IOException {
        String device = ref.device();
        List<Run> runs = new ArrayList<>();
        // Seeds outside, algorithms inside: this machine's speed drifts, and interleaving spreads the drift over
        // every algorithm alike instead of charging it to whichever ran last.
        for (int k = 0; k < o.seeds(); k++) {
            for (Variant v : o.variants()) {
                long seed = o.firstSeed() + k;
                Searched s = search(space, accuracy, latency, v, o, seed);
                double[][] ratios = new double[ref.boxes().size()][grid.length];
                maxDiff[0] = Math.max(maxDiff[0], curve(s, ref, grid, ratios));
                Run r = new Run(device, v, s.setup(), seed, s.result().candidates().size(),
                        s.result().history().size(), s.nanos(), grid, ratios, s.result().front().size());
                runs.add(r);
                progress("%s %s seed %d: %d evaluations in %.2f s (%.0f ms per 1,000), ratio at %d = %.4f",
                        device, v.label(), seed, r.evaluations(), r.wallNanos() / 1e9, r.msPer1000(),
                        grid[grid.length - 1], r.last(0));
            }
        }
        return runs;
    }

    private static int[] grid(int evaluations, int step) {
        List<Integer> g = new ArrayList<>();
        for (int n = step; n <= evaluations; n += step) {
            g.add(n);
        }
        if (g.isEmpty() || g.get(g.size() - 1) != evaluations) {
            g.add(evaluations);
        }
        return g.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void progress(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    private static SearchSetup setupFor(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            Variant v, Options o, long seed, Path out) {
        SearchSetup.Builder b = SearchSetup.builder().space(space).accuracy(accuracy).latency(latency)
                .evaluations(o.evaluations()).seed(seed).out(out);
        return v.apply(b, o).build();
    }

    record Searched(SearchSetup setup, SearchResult result, long nanos) {}

    private static Searched search(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency, Variant v,
            Options o, long seed) throws IOException {
        Path dir = Files.createTempDirectory("hwnas-search-quality-");
        try {
            SearchSetup setup = setupFor(space, accuracy, latency, v, o, seed, dir);
            long t = System.nanoTime();
            SearchResult r = SearchRun.run(setup, SearchListener.NONE);
            long nanos = System.nanoTime() - t;
            return new Searched(setup, r, nanos);
        } finally {
            Trees.delete(dir);
        }
    }

    /**
     * Every cell evaluated: the true front, and the reference of the hypervolume from the space's extremes. The
     * hypervolume is computed twice, by MOEA Framework (through {@link Fronts}) and by a plain 2-D sweep, as a check.
     */
    private static Reference reference(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            List<Architecture> cells) {
        long t = System.nanoTime();
        List<Candidate> every = evaluateAll(space, accuracy, latency, cells);
        String d = latency.device();
        double maxAcc = Double.NEGATIVE_INFINITY;
        double minAcc = Double.POSITIVE_INFINITY;
        double maxLat = Double.NEGATIVE_INFINITY;
        double minLat = Double.POSITIVE_INFINITY;
        for (Candidate c : every) {
            maxAcc = Math.max(maxAcc, c.accuracy());
            minAcc = Math.min(minAcc, c.accuracy());
            maxLat = Math.max(maxLat, c.latency(d).bestMs());
            minLat = Math.min(minLat, c.latency(d).bestMs());
        }
        double[] ideal = {maxAcc, minLat};
        double[] nadir = {minAcc, maxLat};
        SearchSetup s = SearchSetup.builder().space(space).accuracy(accuracy).latency(latency).out(Path.of("."))
                .build();
        List<Candidate> front = new ArrayList<>(Fronts.front(s, every));
        front.sort(Comparator.comparingDouble((Candidate c) -> c.latency(d).bestMs())
                .thenComparing(Comparator.comparingDouble(Candidate::accuracy).reversed()));
        double[] frontNadir = {front.stream().mapToDouble(Candidate::accuracy).min().orElseThrow(),
            front.stream().mapToDouble(c -> c.latency(d).bestMs()).max().orElseThrow()};
        List<Box> boxes = new ArrayList<>();
        boxes.add(new Box("space", "the smallest accuracy and the largest latency over all cells", ideal, nadir,
                Fronts.hypervolume(s, every, ideal, nadir), sweep(every, d, ideal, nadir)));
        boxes.add(new Box("front", "the smallest accuracy and the largest latency over the true front's members",
                ideal, frontNadir, Fronts.hypervolume(s, every, ideal, frontNadir), sweep(every, d, ideal,
                        frontNadir)));
        return new Reference(d, boxes, front, every.size(), (System.nanoTime() - t) / 1_000_000);
    }

    /** Every one of {@code cells} evaluated by the oracles, in their order; a cell a table lacks fails naming it. */
    static List<Candidate> evaluateAll(SearchSpace space, AccuracyOracle accuracy, LatencyOracle latency,
            List<Architecture> cells) {
        CandidatePool pool = new CandidatePool(space, accuracy, List.of(latency), Set.of());
        for (Architecture a : cells) {
            if (pool.evaluate(a) == null) {
                throw new IllegalStateException("a table lacks " + a.canonical() + ": " + pool.missing());
            }
        }
        return pool.all();
    }

    /** Every cell of {@code space}, in its enumeration order. */
    static List<Architecture> cells(SearchSpace space) {
        try (Stream<Architecture> s = space.enumerate()) {
            return s.toList();
        }
    }

    /**
     * The normalised 2-D hypervolume of {@code cs} (accuracy maximised, latency minimised) with the reference point
     * at {@code nadir}, by a sweep over latency; independent of MOEA Framework.
     */
    static double sweep(List<Candidate> cs, String device, double[] ideal, double[] nadir) {
        double[] a = cs.stream().mapToDouble(Candidate::accuracy).toArray();
        double[] l = cs.stream().mapToDouble(c -> c.latency(device).bestMs()).toArray();
        return PeerScorer.sweep(a, l, ideal, nadir);
    }

    /**
     * Fills {@code ratios} with the hypervolume ratio of the first n evaluations' front at each grid point; returns
     * the largest difference between MOEA Framework's ratio and the sweep's.
     */
    private static double curve(Searched s, Reference ref, int[] grid, double[][] ratios) {
        List<Candidate> byIndex = new ArrayList<>(s.result().candidates());
        byIndex.sort(Comparator.comparingInt(Candidate::index));
        for (int i = 0; i < byIndex.size(); i++) {
            if (byIndex.get(i).index() != i) {
                throw new IllegalStateException("candidate indices are not 0..n-1: " + byIndex.get(i).index()
                        + " at " + i);
            }
        }
        double maxDiff = 0;
        List<Candidate> front = new ArrayList<>();
        int done = 0;
        for (int g = 0; g < grid.length; g++) {
            int n = Math.min(grid[g], byIndex.size());
            // The front of the first n is the front of (the front of the first done) and the next ones.
            List<Candidate> more = new ArrayList<>(front);
            more.addAll(byIndex.subList(done, n));
            front = new ArrayList<>(Fronts.front(s.setup(), more));
            done = n;
            for (int b = 0; b < ref.boxes().size(); b++) {
                Box box = ref.boxes().get(b);
                double hv = Fronts.hypervolume(s.setup(), front, box.ideal(), box.nadir());
                ratios[b][g] = hv / box.hypervolume();
                double check = sweep(byIndex.subList(0, n), ref.device(), box.ideal(), box.nadir())
                        / box.sweepHypervolume();
                maxDiff = Math.max(maxDiff, Math.abs(check - ratios[b][g]));
            }
        }
        return maxDiff;
    }

    private static void report(StringBuilder md, Options o, Reference ref, List<Run> runs, int[] grid,
            double maxDiff) {
        String d = ref.device();
        md.append("## ").append(d).append("\n\n");
        md.append(String.format(Locale.ROOT, "Objectives [accuracy %%, latency ms]; hypervolume normalised to [0, 1] "
                + "between an ideal and a nadir, reference point at the nadir. Ideal = (%s, %s): the largest accuracy "
                + "and the smallest latency over all %d cells. True front: %d cells; every cell evaluated in %.1f s. "
                + "References:%n%n", num(ref.boxes().get(0).ideal()[0]), num(ref.boxes().get(0).ideal()[1]),
                ref.cells(), ref.front().size(), ref.millis() / 1e3));
        for (Box box : ref.boxes()) {
            md.append(String.format(Locale.ROOT, "- `%s`: nadir = (%s, %s), %s; true front's hypervolume %.6f "
                    + "(MOEA Framework) / %.6f (independent 2-D sweep).%n", box.name(), num(box.nadir()[0]),
                    num(box.nadir()[1]), box.meaning(), box.hypervolume(), box.sweepHypervolume()));
        }
        md.append(String.format(Locale.ROOT, "%nLargest |ratio difference| between the two hypervolume computations "
                + "over all curves: %.2e.%n%n", maxDiff));
        settings(md, o.variants(), runs);
        int last = grid[grid.length - 1];
        for (int box = 0; box < ref.boxes().size(); box++) {
            md.append("### ").append(d).append(", reference `").append(ref.boxes().get(box).name()).append("`\n\n");
            ratioTable(md, o, runs, grid, box);
            perAlgorithm(md, o, runs, last, box);
            md.append('\n');
            targets(md, runs, o.variants(), last, box);
        }
    }

    private static void settings(StringBuilder md, List<Variant> variants, List<Run> runs) {
        md.append("Settings: ");
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            SearchSetup s = of(runs, v).get(0).setup();
            md.append(i == 0 ? "" : "; ").append(v.label()).append(" (population ").append(s.population());
            if (s.algorithm() == Algorithm.NSGA2 || s.algorithm() == Algorithm.NSGA3) {
                md.append(", crossover ").append(num(s.crossoverRate()));
            }
            if (s.algorithm() != Algorithm.RANDOM) {
                md.append(", mutation ").append(num(s.mutationRate()));
            }
            if (s.algorithm() == Algorithm.REGEVO) {
                md.append(", sample ").append(s.regevoSample());
            }
            md.append(')');
        }
        md.append(".\n\n");
    }

    /** The ratio against evaluations, each variant's median (min–max) over seeds, every {@code o.step()}. */
    private static void ratioTable(StringBuilder md, Options o, List<Run> runs, int[] grid, int box) {
        List<Variant> variants = o.variants();
        int last = grid[grid.length - 1];
        md.append("Hypervolume ratio (found / true), median (min–max) over ").append(o.seeds())
                .append(" seeds, against evaluations:\n\n| evaluations |");
        for (Variant v : variants) {
            md.append(' ').append(v.label()).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(variants.size()));
        md.append('\n');
        for (int n : grid) {
            if (n % o.step() != 0 && n != last) {
                continue;
            }
            md.append("| ").append(n).append(" |");
            for (Variant v : variants) {
                double[] x = of(runs, v).stream().mapToDouble(r -> r.ratioAt(box, n)).toArray();
                md.append(String.format(Locale.ROOT, " %.4f (%.4f–%.4f) |", Stats.median(x), min(x), max(x)));
            }
            md.append('\n');
        }
    }

    /** Per variant: the final ratio, the evaluations to each threshold, wall time and evaluations done. */
    private static void perAlgorithm(StringBuilder md, Options o, List<Run> runs, int last, int box) {
        md.append("\nPer algorithm (evaluations to a ratio: the first multiple of ").append(o.fineStep())
                .append(" at which the ratio reaches it; median over seeds, and how many seeds reached it within ")
                .append(last).append("; wall time of the whole search):\n\n");
        md.append("| algorithm | ratio at ").append(last).append(": median [IQR] | evaluations to 0.95 | "
                + "evaluations to 0.98 | wall ms per 1,000 evaluations: median (min–max) | evaluations done "
                + "(median) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Variant v : o.variants()) {
            List<Run> rs = of(runs, v);
            double[] fin = rs.stream().mapToDouble(r -> r.last(box)).toArray();
            double[] ms = rs.stream().mapToDouble(Run::msPer1000).toArray();
            double[] evals = rs.stream().mapToDouble(Run::evaluations).toArray();
            md.append("| ").append(v.label()).append(String.format(Locale.ROOT, " | %.4f [%.4f–%.4f] |",
                    Stats.median(fin), Stats.percentile(fin, 0.25), Stats.percentile(fin, 0.75)));
            for (double t : THRESHOLDS) {
                double[] reach = reaches(rs, box, t);
                long reached = Arrays.stream(reach).filter(Double::isFinite).count();
                md.append(' ').append(reachText(Stats.median(reach))).append(" (").append(reached).append(" of ")
                        .append(rs.size()).append(") |");
            }
            md.append(String.format(Locale.ROOT, " %.0f (%.0f–%.0f) | %s |%n", Stats.median(ms), min(ms),
                    max(ms), num(Stats.median(evals))));
        }
    }

    /** The targets, checked against what was measured under reference {@code box}; time only once. */
    private static void targets(StringBuilder md, List<Run> runs, List<Variant> variants, int last, int box) {
        Variant nsga2 = variants.stream().filter(v -> v.label().equals("nsga2")).findFirst().orElse(null);
        Variant random = variants.stream().filter(v -> v.label().equals("random")).findFirst().orElse(null);
        if (nsga2 != null && last >= 1000) {
            double m = Stats.median(of(runs, nsga2).stream().mapToDouble(r -> r.ratioAt(box, 1000)).toArray());
            md.append(String.format(Locale.ROOT, "- Target: nsga2's median ratio >= 0.98 within 1,000 evaluations: "
                    + "%.4f, %s.%n", m, m >= 0.98 ? "met" : "missed"));
        }
        if (nsga2 != null && random != null) {
            double a = Stats.median(reaches(of(runs, nsga2), box, 0.95));
            double b = Stats.median(reaches(of(runs, random), box, 0.95));
            md.append(String.format(Locale.ROOT, "- Target: nsga2 reaches 0.95 in fewer evaluations than random "
                    + "search (medians): %s against %s, %s.%n", reachText(a), reachText(b),
                    Double.isInfinite(a) && Double.isInfinite(b) ? "neither reached it" : a < b ? "met"
                            : "missed"));
            // Paired by seed: a seed's first population is the same draw for every algorithm.
            int earlier = 0;
            int same = 0;
            int later = 0;
            for (Run x : of(runs, nsga2)) {
                Run y = of(runs, random).stream().filter(r -> r.seed() == x.seed()).findFirst().orElseThrow();
                int cmp = Integer.compare(x.reaches(box, 0.95), y.reaches(box, 0.95));
                earlier += cmp < 0 ? 1 : 0;
                same += cmp == 0 ? 1 : 0;
                later += cmp > 0 ? 1 : 0;
            }
            md.append(String.format(Locale.ROOT, "  Seed by seed (the same initial population): nsga2 reaches 0.95 "
                    + "earlier than random in %d, at the same point in %d, later in %d.%n", earlier, same, later));
        }
        if (box != 0) {
            md.append('\n');
            return;
        }
        double worst = 0;
        for (Variant v : variants) {
            worst = Math.max(worst, Stats.median(of(runs, v).stream().mapToDouble(Run::msPer1000).toArray()));
        }
        md.append(String.format(Locale.ROOT, "- Target: wall time per 1,000 evaluations with table oracles under "
                + "5 s: the slowest algorithm's median is %.2f s, %s.%n%n", worst / 1e3,
                worst < 5000 ? "met" : "missed"));
    }

    private static String reachText(double v) {
        return Double.isInfinite(v) ? "not reached" : num(v);
    }

    /**
     * Each run's evaluations to reach ratio {@code t}, infinite for a run that never did: so a median over seeds is
     * "not reached" as soon as the middle seeds did not reach it.
     */
    private static double[] reaches(List<Run> runs, int box, double t) {
        return runs.stream().mapToDouble(r -> {
            int n = r.reaches(box, t);
            return n == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY : n;
        }).toArray();
    }

    private static List<Run> of(List<Run> runs, Variant v) {
        return runs.stream().filter(r -> r.variant() == v).toList();
    }

    private static void writeFront(Path file, Reference ref) throws IOException {
        StringBuilder b = new StringBuilder("arch,accuracy,latency_ms\n");
        for (Candidate c : ref.front()) {
            b.append(c.arch()).append(',').append(c.accuracy()).append(',')
                    .append(c.latency(ref.device()).bestMs()).append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static void writeCurves(Path file, List<Run> runs) throws IOException {
        StringBuilder b = new StringBuilder(
                "device,algorithm,variant,population,crossover,mutation,seed,evaluations,hv_ratio_space,"
                + "hv_ratio_front\n");
        for (Run r : runs) {
            SearchSetup s = r.setup();
            for (int i = 0; i < r.grid().length; i++) {
                b.append(r.device()).append(',').append(s.algorithm()).append(',')
                        .append(Csv.quote(r.variant().label())).append(',').append(s.population()).append(',')
                        .append(s.crossoverRate()).append(',').append(s.mutationRate()).append(',').append(r.seed())
                        .append(',').append(r.grid()[i]).append(',').append(r.ratios()[0][i]).append(',')
                        .append(r.ratios()[1][i]).append('\n');
            }
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static void writeRuns(Path file, List<Run> runs) throws IOException {
        StringBuilder b = new StringBuilder("device,algorithm,variant,seed,evaluations_done,generations,wall_ms,"
                + "ms_per_1000_evaluations,front_size");
        for (String box : List.of("space", "front")) {
            b.append(",final_ratio_").append(box);
            for (double t : THRESHOLDS) {
                b.append(",evaluations_to_").append(t).append('_').append(box);
            }
        }
        b.append('\n');
        for (Run r : runs) {
            b.append(r.device()).append(',').append(r.setup().algorithm()).append(',')
                    .append(Csv.quote(r.variant().label())).append(',').append(r.seed()).append(',')
                    .append(r.evaluations()).append(',').append(r.generations()).append(',')
                    .append(String.format(Locale.ROOT, "%.1f,%.1f", r.wallNanos() / 1e6, r.msPer1000())).append(',')
                    .append(r.frontSize());
            for (int box = 0; box < 2; box++) {
                b.append(',').append(r.last(box));
                for (double t : THRESHOLDS) {
                    int n = r.reaches(box, t);
                    b.append(',').append(n == Integer.MAX_VALUE ? "" : Integer.toString(n));
                }
            }
            b.append('\n');
        }
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static double min(double[] x) {
        return Arrays.stream(x).min().orElse(Double.NaN);
    }

    static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }
}
