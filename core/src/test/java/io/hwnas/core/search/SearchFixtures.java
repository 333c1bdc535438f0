package io.hwnas.core.search;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.space.Shared;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** The nb201 space with its shipped accuracy table and the HELP latency table of the shared data. */
final class SearchFixtures {

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");
    private static ArchTable help;

    private SearchFixtures() {}

    static synchronized ArchTable help() {
        if (help == null) {
            Optional<Path> p = Shared.file("data/nas-bench-201/nb201_latency_sample_devices.csv");
            assumeTrue(p.isPresent(), "shared NAS-Bench-201 latency table not found");
            try {
                help = ArchTable.read(p.get(), NB201, "arch_str");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return help;
    }

    static AccuracyOracle cifar10() {
        return TableOracles.nb201("nb201:cifar10", NB201);
    }

    static LatencyOracle latency(String column) {
        return TableOracles.latency(help(), column);
    }

    /** nsga2 on nb201: CIFAR-10 accuracy, 1080 Ti latency, both from tables. */
    static SearchSetup.Builder tableSearch(Path out) {
        return SearchSetup.builder().space(NB201).accuracy(cifar10()).latency(latency("1080ti_1_ms")).out(out)
                .evaluations(200).population(20).seed(7);
    }
}
