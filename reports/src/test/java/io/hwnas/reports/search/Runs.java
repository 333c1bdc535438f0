package io.hwnas.reports.search;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.search.Budget;
import io.hwnas.core.search.LatencyEstimate;
import io.hwnas.core.search.LatencyOracle;
import io.hwnas.core.search.Metric;
import io.hwnas.core.search.SearchListener;
import io.hwnas.core.search.SearchRun;
import io.hwnas.core.search.SearchSetup;
import io.hwnas.core.search.TableOracles;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.space.Shared;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real searches for the report tests: nb201 with the shipped accuracies and the HELP latency table. */
final class Runs {

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static ArchTable help;

    private Runs() {}

    static synchronized ArchTable help() throws IOException {
        if (help == null) {
            Optional<Path> p = Shared.file("data/nas-bench-201/nb201_latency_sample_devices.csv");
            assumeTrue(p.isPresent(), "shared NAS-Bench-201 latency table not found");
            help = ArchTable.read(p.get(), NB201, "arch_str");
        }
        return help;
    }

    /** Two table devices, a budget on the phone, parameters as a third objective. */
    static Path tables(Path dir, int evaluations, SearchListener listener) throws IOException {
        SearchRun.run(SearchSetup.builder().space(NB201).accuracy(TableOracles.nb201("nb201:cifar10", NB201))
                .latency(TableOracles.latency(help(), "essential_ph_1_ms"))
                .latency(TableOracles.latency(help(), "1080ti_1_ms")).objective(Metric.PARAMS)
                .budget(Budget.parse("essential_ph_1_ms:latency_ms<=20")).evaluations(evaluations).seed(4).out(dir)
                .build(), listener);
        return dir;
    }

    /**
     * A predictor in the loop whose "device" is the phone of the HELP table (its measurements are the published
     * ones) and whose predictor is the 1080 Ti's latency scaled by 0.85 times the ratio of the two devices' medians:
     * a real predictor biased low, so that the report has predictions, measurements and violations to show.
     */
    static Path loop(Path dir) throws IOException {
        ArchTable t = help();
        Map<String, Double> phone = t.lookup("essential_ph_1_ms");
        Map<String, Double> gpu = t.lookup("1080ti_1_ms");
        double scale = 0.85 * median(phone.values().stream().toList()) / median(gpu.values().stream().toList());
        Map<String, Double> measured = new LinkedHashMap<>();
        LatencyOracle o = new LatencyOracle() {
            @Override
            public String device() {
                return "phone";
            }

            @Override
            public String kind() {
                return "loop";
            }

            @Override
            public String source() {
                return "1080 Ti latency scaled to the phone; the phone's published latency as the measurement";
            }

            @Override
            public LatencyEstimate estimate(Architecture a) {
                double p = gpu.get(a.canonical()) * scale;
                Double m = measured.get(a.canonical());
                return m == null ? LatencyEstimate.predicted(p) : new LatencyEstimate(m, p);
            }

            @Override
            public boolean canMeasure() {
                return true;
            }

            @Override
            public Map<String, Double> measure(List<Architecture> as) {
                Map<String, Double> out = new LinkedHashMap<>();
                for (Architecture a : as) {
                    measured.put(a.canonical(), phone.get(a.canonical()));
                    out.put(a.canonical(), phone.get(a.canonical()));
                }
                return out;
            }
        };
        SearchRun.run(SearchSetup.builder().space(NB201).accuracy(TableOracles.nb201("nb201:cifar10", NB201))
                .latency(o).budget(Budget.parse("latency_ms<=14")).evaluations(300).seed(2).measurePerGeneration(5)
                .out(dir).build(), SearchListener.NONE);
        return dir;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
