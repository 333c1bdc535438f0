package io.hwnas.reports.search;

import io.hwnas.core.objective.ScalingLaw;
import io.hwnas.core.objective.ScalingLawOracle;
import io.hwnas.core.search.LatencyKind;
import io.hwnas.core.search.AccuracyOracle;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Candidate;
import io.hwnas.core.search.CandidateFailedException;
import io.hwnas.core.search.GenerationStats;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.MeasuringOracle;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.RunFiles;
import io.hwnas.core.stats.Stats;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.table.ArchTable;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.SpeedLog;
import io.hwnas.core.search.SpeedRow;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencyMode;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.Measuring;
import io.hwnas.core.search.config.SearchConfig;
import java.io.IOException;
import java.time.Instant;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Real searches for the report tests: nb201 with the shipped accuracies and HELP's latency table (the copy under
 * {@code data/}, so that no test needs {@code ../shared}).
 */
final class Runs {

    /**
     * What the command line gives a search for its files and reports: how to export a member and resume the run.
     * The algorithm is pinned to nsga2: these runs test the report, and its goldens were recorded from nsga2's runs
     * before saea became the default.
     */
    static SearchSetup.Builder asTheCommandLine(SearchSetup.Builder b, String space) {
        return b.algorithm("nsga2")
                .command(RunFiles.EXPORT, "./hwnas export --space " + space + " --arch '{arch}' -o model.onnx")
                .command(RunFiles.RESUME, "./hwnas search --resume {dir}");
    }

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    /** HELP's latency table as the repository ships it (tests run in {@code reports/}). */
    static final Path HELP = Path.of("..", "data", "nas-bench-201", "nb201_latency_sample_devices.csv.gz");
    private static ArchTable help;

    private Runs() {}

    static synchronized ArchTable help() throws IOException {
        if (help == null) {
            help = ArchTable.read(HELP, NB201, "arch_str");
        }
        return help;
    }

    /** Two table devices, a budget on the phone, parameters as a third objective. */
    static Path tables(Path dir, int evaluations, SearchListener listener) throws IOException {
        SearchRun.run(asTheCommandLine(SearchSetup.builder(), "nb201").space(NB201)
                .accuracy(TableOracles.nb201("nb201:cifar10", NB201))
                .latency(TableOracles.latency(help(), "essential_ph_1_ms"))
                .latency(TableOracles.latency(help(), "1080ti_1_ms")).objective(Metric.PARAMS)
                .budget(Budget.parse("essential_ph_1_ms:latency_ms<=20")).evaluations(evaluations).seed(4).out(dir)
                .build(), listener);
        return dir;
    }

    /** {@link #tables} asked for 1000 evaluations and stopped in its third generation, as a kill would stop it. */
    static Path killed(Path dir) throws IOException {
        try {
            tables(dir, 1000, new SearchListener() {
                @Override
                public void generation(GenerationStats s, int target) {
                    if (s.generation() == 3) {
                        throw new IllegalStateException("killed");
                    }
                }
            });
        } catch (IllegalStateException expected) {
            // the search stopped where a kill would have stopped it
        }
        return dir;
    }

    /**
     * A predictor in the loop whose "device" is the phone of the HELP table (its measurements are the published
     * ones) and whose predictor is the 1080 Ti's latency scaled by 0.85 times the ratio of the two devices' medians:
     * a real predictor biased low, so that the report has predictions, measurements and violations to show.
     */
    static Path loop(Path dir) throws IOException {
        return loop(dir, null, null);
    }

    /**
     * {@link #loop} as the command line configures it, with drift control {@code drift}; when on, each measurement
     * is logged in {@code speed.csv} with a speed factor that climbs from 1.0 by 0.01 a measurement, every fifth
     * flagged unsteady.
     */
    static Path loopWithSpeed(Path dir, DriftControl drift) throws IOException {
        Measuring m = Measuring.defaults();
        SearchConfig config = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"), List.of(
                new LatencySource.Device("phone", LatencyMode.LOOP, null))).measuring(new Measuring(m.predictor(),
                m.warmupSamples(), 5, m.plan(), m.weightsSeed(), m.specReference(), m.deviceDirs(), drift)).build();
        SpeedLog log = SpeedLog.at(dir);
        int[] n = {0};
        return loop(dir, config, drift.on() ? (arch, ms) -> {
            double factor = 1 + 0.01 * n[0]++;
            log.add(new SpeedRow(Instant.now(), "phone", arch, ms * factor, ms, factor, n[0] % 5 == 0, false));
        } : null);
    }

    /** @param measured told of each measurement when not null */
    private static Path loop(Path dir, SearchConfig config, BiConsumer<String, Double> measured) throws IOException {
        ArchTable t = help();
        Map<String, Double> phone = t.lookup("essential_ph_1_ms");
        Map<String, Double> gpu = t.lookup("1080ti_1_ms");
        double scale = 0.85 * Stats.median(phone.values()) / Stats.median(gpu.values());
        Map<String, Double> taken = new LinkedHashMap<>();
        MeasuringOracle o = new MeasuringOracle() {
            @Override
            public String device() {
                return "phone";
            }

            @Override
            public LatencyKind kind() {
                return LatencyKind.LOOP;
            }

            @Override
            public String source() {
                return "1080 Ti latency scaled to the phone; the phone's published latency as the measurement";
            }

            @Override
            public LatencyEstimate estimate(Architecture a) {
                double p = gpu.get(a.canonical()) * scale;
                Double m = taken.get(a.canonical());
                return m == null ? LatencyEstimate.predicted(p) : new LatencyEstimate(m, p);
            }

            @Override
            public Map<String, Double> measure(List<Architecture> as) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (Architecture a : as) {
                    taken.put(a.canonical(), phone.get(a.canonical()));
                    out.put(a.canonical(), phone.get(a.canonical()));
                    if (measured != null) {
                        measured.accept(a.canonical(), phone.get(a.canonical()));
                    }
                }
                return out;
            }

            @Override
            public void learn(Architecture a, double ms) {}

            @Override
            public void refit() {}
        };
        SearchSetup.Builder b = asTheCommandLine(SearchSetup.builder(), "nb201").space(NB201)
                .accuracy(TableOracles.nb201("nb201:cifar10", NB201))
                .latency(o).budget(Budget.parse("latency_ms<=14")).evaluations(300).seed(2).measurePerGeneration(5)
                .out(dir);
        SearchRun.run((config == null ? b : b.config(config)).build(), SearchListener.NONE);
        return dir;
    }

    /** One table device and a budget no architecture meets: the front holds the closest candidates. */
    static Path infeasible(Path dir) throws IOException {
        SearchRun.run(asTheCommandLine(SearchSetup.builder(), "nb201").space(NB201)
                .accuracy(TableOracles.nb201("nb201:cifar10", NB201))
                .latency(TableOracles.latency(help(), "essential_ph_1_ms"))
                .budget(Budget.parse("essential_ph_1_ms:latency_ms<=2")).evaluations(100).seed(3).out(dir).build(),
                SearchListener.NONE);
        return dir;
    }

    /**
     * A language model's size: minus a scaling law's loss as the accuracy (one candidate in seven fails, as a
     * training would), latency from a roofline of one TFLOP/s read off the graph (a spec sheet's kind, with a worst
     * case 25 % over the latency), a budget on memory.
     */
    static Path transformer(Path dir) throws IOException {
        SearchSpace space = SearchSpaces.builtIn().get("transformer-tiny");
        ScalingLawOracle law = new ScalingLawOracle(space, ScalingLaw.CHINCHILLA, 0, 20);
        AccuracyOracle failing = new AccuracyOracle() {
            @Override
            public String name() {
                return law.name();
            }

            @Override
            public String source() {
                return law.source();
            }

            @Override
            public double accuracy(Architecture a) {
                if (Math.floorMod(a.canonical().hashCode(), 7) == 0) {
                    throw new CandidateFailedException(a.canonical(), "out of memory (a test's failure)", null);
                }
                return law.accuracy(a);
            }

            @Override
            public double[] range() {
                return law.range();
            }
        };
        LatencyOracle roofline = new LatencyOracle() {
            @Override
            public String device() {
                return "roofline";
            }

            @Override
            public LatencyKind kind() {
                return LatencyKind.SPEC;
            }

            @Override
            public String source() {
                return "one TFLOP/s, no memory limit";
            }

            @Override
            public LatencyEstimate estimate(Architecture a) {
                return LatencyEstimate.predicted(space.buildGraph(a).cost().flops() / 1e9);
            }

            @Override
            public Map<String, Double> extras(Architecture a) {
                return Map.of(Candidate.worstKey("roofline"), 1.25 * estimate(a).predictedMs());
            }
        };
        SearchRun.run(asTheCommandLine(SearchSetup.builder(), space.name()).space(space).accuracy(failing)
                .latency(roofline)
                .objective(Metric.MEMORY_MB).budget(Budget.parse("memory_mb<=400")).evaluations(120).seed(5)
                .out(dir).build(), SearchListener.NONE);
        return dir;
    }

}
