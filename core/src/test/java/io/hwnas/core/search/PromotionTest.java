package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Successive halving in two rungs, with NAS-Bench-201's own fidelities: every candidate gets its 12-epoch
 * validation accuracy, the final front its 200-epoch one.
 */
class PromotionTest {

    @TempDir
    Path tmp;

    static final class TwoRungs implements AccuracyOracle {
        final AccuracyOracle cheap = TableOracles.nb201("nb201-12ep:cifar10", SearchFixtures.NB201);
        final AccuracyOracle dear = SearchFixtures.cifar10();
        final Set<String> promoted = new HashSet<>();

        @Override
        public String name() {
            return "nb201 12 then 200 epochs";
        }

        @Override
        public String source() {
            return "NAS-Bench-201's 12-epoch validation accuracy, the front's 200-epoch test accuracy";
        }

        @Override
        public double accuracy(Architecture a) {
            return cheap.accuracy(a);
        }

        @Override
        public Optional<HigherFidelity> higherFidelity() {
            return Optional.of(a -> {
                assertTrue(promoted.add(a.canonical()), "promoted twice: " + a.canonical());
                return dear.accuracy(a);
            });
        }
    }

    @Test
    void theFinalFrontIsFoundAgainAtTheHigherFidelityWithEveryMemberPromoted() throws IOException {
        TwoRungs oracle = new TwoRungs();
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("run")).accuracy(oracle).build(),
                SearchListener.NONE);
        assertTrue(r.front().size() > 1);
        for (Candidate c : r.front()) {
            Architecture a = SearchFixtures.NB201.decode(c.arch());
            assertTrue(oracle.promoted.contains(c.arch()), c.arch());
            assertEquals(oracle.dear.accuracy(a), c.accuracy(), 1e-12);
            assertEquals(oracle.cheap.accuracy(a), r.lowFidelity().get(c.arch()), 1e-12);
        }
        // only the front (as it moved while promoting) was evaluated at the dear fidelity
        assertEquals(oracle.promoted.size(), r.lowFidelity().size());
        assertTrue(oracle.promoted.size() < r.candidates().size() / 4, oracle.promoted.size() + " of "
                + r.candidates().size());
    }
}
