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

    @Test
    void anOracleNameIsReadWithoutCaseOrSpacesAndTheBareFamilyMeansCifar10() {
        Architecture best = SearchFixtures.NB201.decode(BEST);
        AccuracyOracle bare = TableOracles.nb201(" NB201 ", SearchFixtures.NB201);
        assertEquals("nb201:cifar10", bare.name());
        assertEquals(94.37, bare.accuracy(best), 0.01);
        AccuracyOracle test = TableOracles.nb201("nb201-12ep:CIFAR10-test", SearchFixtures.NB201);
        assertEquals("nb201-12ep:cifar10-test", test.name());
        assertEquals("NAS-Bench-201 table shipped with hwnas (data/nas-bench-201/nb201_accuracy.csv.gz), column "
                + "nb201_12ep_cifar10_oritest_acc", test.source());
        // The 12-epoch bare name is the validation split, not the test split.
        assertTrue(TableOracles.nb201("nb201-12ep", SearchFixtures.NB201).accuracy(best) != test.accuracy(best));
    }

    @Test
    void theKnownNamesAreListedInOrderEndingWithTheUsersTable() {
        assertEquals("nb201:cifar10, nb201:cifar100, nb201:imagenet16, nb201-12ep:cifar10, nb201-12ep:cifar10-test, "
                + "nb201-12ep:cifar100, nb201-12ep:cifar100-test, nb201-12ep:imagenet16, nb201-12ep:imagenet16-test, "
                + "table", TableOracles.knownNb201());
        for (String bad : new String[] {"nb202:cifar10", "nb201-12ep:svhn", "nb201:cifar10-test"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TableOracles.nb201(bad, SearchFixtures.NB201));
            assertEquals("unknown accuracy oracle '" + bad + "'; known: " + TableOracles.knownNb201(), e.getMessage());
        }
    }

    @Test
    void theShippedTableServesOnlyTheNb201Space() {
        var mbv3 = io.hwnas.core.space.SearchSpaces.builtIn().get("mbv3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableOracles.nb201("nb201:cifar10", mbv3));
        assertEquals("accuracy oracle 'nb201:cifar10' knows only the nb201 space, not 'mbv3'", e.getMessage());
    }

    @Test
    void aUsersTableAnswersItsOwnValuesAndNamesWhatItLacks() throws IOException {
        Architecture best = SearchFixtures.NB201.decode(BEST);
        Architecture other = SearchFixtures.NB201.enumerate().filter(a -> !a.canonical().equals(best.canonical()))
                .findFirst().orElseThrow();
        AccuracyOracle acc = TableOracles.accuracy(userTable("acc", "0"), "acc");
        assertEquals("table:acc", acc.name());
        assertEquals("mine.csv, column acc (architectures in arch)", acc.source());
        assertEquals(0, acc.accuracy(best), "0 % is an accuracy");
        var missing = assertThrows(MissingArchitectureException.class, () -> acc.accuracy(other));
        assertTrue(missing.getMessage().contains(other.canonical()), missing.getMessage());

        LatencyOracle ms = TableOracles.latency(userTable("pixel_ms", "12.5"), "pixel_ms");
        assertEquals("pixel_ms", ms.device());
        assertEquals(LatencyKind.TABLE, ms.kind());
        assertEquals("mine.csv, column pixel_ms (architectures in arch)", ms.source());
        assertEquals(LatencyEstimate.measured(12.5), ms.estimate(best));
        var absent = assertThrows(MissingArchitectureException.class, () -> ms.estimate(other));
        assertTrue(absent.getMessage().contains("latency table mine.csv") && absent.getMessage()
                .contains(other.canonical()), absent.getMessage());
    }
}
