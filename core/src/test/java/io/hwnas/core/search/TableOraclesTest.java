package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import org.junit.jupiter.api.Test;

class TableOraclesTest {

    private static final String BEST = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

    @Test
    void shippedTableCoversEveryCellOfTheSpace() {
        assertEquals(15625, TableOracles.nb201Table(SearchFixtures.NB201).architectures().size());
        AccuracyOracle o = TableOracles.nb201("nb201:cifar10", SearchFixtures.NB201);
        SearchFixtures.NB201.enumerate().forEach(a -> o.accuracy(a));
    }

    @Test
    void columnsAreTheDocumentedOnes() {
        Architecture best = SearchFixtures.NB201.decode(BEST);
        // The best CIFAR-10 cell of NAS-Bench-201 reaches 94.37 % after 200 epochs (NATS-Bench).
        assertEquals(94.37, TableOracles.nb201("nb201:cifar10", SearchFixtures.NB201).accuracy(best), 0.01);
        double c100 = TableOracles.nb201("nb201:cifar100", SearchFixtures.NB201).accuracy(best);
        double twelve = TableOracles.nb201("nb201-12ep:cifar10", SearchFixtures.NB201).accuracy(best);
        assertTrue(c100 > 60 && c100 < 80, "cifar100 " + c100);
        assertTrue(twelve > 70 && twelve < 94, "12 epochs " + twelve);
    }

    @Test
    void unknownOraclesAreNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableOracles.nb201("nb201:svhn", SearchFixtures.NB201));
        assertTrue(e.getMessage().contains("'nb201:svhn'") && e.getMessage().contains("nb201:cifar100"),
                e.getMessage());
    }
}
