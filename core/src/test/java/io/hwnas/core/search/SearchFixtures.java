package io.hwnas.core.search;

import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import io.hwnas.core.table.ArchTable;
import io.hwnas.core.testing.Fixtures;
import java.nio.file.Path;

/** The nb201 space with its shipped accuracy table and HELP's latency table (both under the checkout's data/). */
final class SearchFixtures {

    static final SearchSpace NB201 = SearchSpaces.builtIn().get("nb201");

    private SearchFixtures() {}

    static ArchTable help() {
        return Fixtures.helpTable();
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
