package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.table.ArchTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    private static ArchTable userTable(String column, String value) throws IOException {
        String csv = "arch," + column + "\n" + BEST + "," + value + "\n";
        return ArchTable.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "mine.csv",
                SearchFixtures.NB201, "arch");
    }

    @Test
    void aUsersAccuracyOver100OrBelow0IsRefusedNamingTheLine() throws IOException {
        for (String v : new String[] {"193", "-0.5"}) {
            ArchTable t = userTable("acc", v);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TableOracles.accuracy(t, "acc"));
            assertTrue(e.getMessage().startsWith("mine.csv:2: column 'acc': " + v + " is not an accuracy in % (0 to "
                    + "100"), e.getMessage());
        }
        assertEquals(100, TableOracles.accuracy(userTable("acc", "100"), "acc")
                .accuracy(SearchFixtures.NB201.decode(BEST)));
    }

    @Test
    void aTextAccuracyIsMalformedNotAMissingArchitecture() throws IOException {
        ArchTable t = userTable("acc", "high");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableOracles.accuracy(t, "acc"));
        assertTrue(e.getMessage().startsWith("mine.csv:2: column 'acc': 'high' is not a number"), e.getMessage());
        AccuracyOracle empty = TableOracles.accuracy(userTable("acc", ""), "acc");
        assertThrows(MissingArchitectureException.class, () -> empty.accuracy(SearchFixtures.NB201.decode(BEST)));
    }

    @Test
    void aZeroOrNegativeTableLatencyIsRefusedNotDropped() throws IOException {
        for (String v : new String[] {"0", "-3"}) {
            ArchTable t = userTable("ms", v);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TableOracles.latency(t, "ms"));
            assertTrue(e.getMessage().startsWith("mine.csv:2: column 'ms': " + v + " is not a latency in ms (> 0)"),
                    e.getMessage());
        }
    }
}
