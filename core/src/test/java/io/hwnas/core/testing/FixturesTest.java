package io.hwnas.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.measure.Sha256;
import io.hwnas.core.table.ArchTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixturesTest {

    /** What data/README.md records for the uncompressed tables. */
    private static final String HELP_SHA256 = "de4d2ee41952b9f9e1914d9a476840b7641cdff27496f8b9ae2702a3b8c12096";
    private static final String ACCURACY_SHA256 = "ced2446953b7b8939bf878ccb9944168664b1a0ace544e8c4c2a4bf76b53c138";

    @Test
    void findsTheCheckoutFromTheModuleFolder() {
        Path root = Fixtures.repositoryRoot();
        assertTrue(Files.isRegularFile(root.resolve("data/README.md")), root.toString());
        assertTrue(Path.of("").toAbsolutePath().startsWith(root), root.toString());
    }

    @Test
    void theShippedTablesAreTheCopiesTheReadmeDescribes() {
        assertEquals(HELP_SHA256, sha256OfLines(Fixtures.helpTablePath()));
        assertEquals(ACCURACY_SHA256, sha256OfLines(Fixtures.nb201AccuracyPath()));
    }

    private static String sha256OfLines(Path gz) {
        return Sha256.of((String.join("\n", Fixtures.lines(gz)) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theHelpTableHoldsEveryCellOnFiveDevicesAndIsReadOnce() {
        ArchTable t = Fixtures.helpTable();
        assertEquals(15_625, t.architectures().size());
        assertTrue(t.columns().containsAll(Fixtures.HELP_COLUMNS), t.columns().toString());
        for (String c : Fixtures.HELP_COLUMNS) {
            for (double v : t.column(c)) {
                assertTrue(v > 0, c + " " + v);
            }
        }
        assertSame(t, Fixtures.helpTable());
    }

    @Test
    void linesReadsAHeadThroughGzip() {
        List<String> head = Fixtures.lines(Fixtures.helpTablePath(), 3);
        assertEquals(3, head.size());
        assertTrue(head.get(0).contains("arch_str") && head.get(0).contains("1080ti_1_ms"), head.get(0));
    }

    @Test
    void anAbsentSharedToolIsEmptyNotAFailure() {
        assertTrue(Fixtures.sharedTool("no-such-tool-" + System.nanoTime()).isEmpty());
    }

    @Test
    void aMissingFileOfTheCheckoutFailsNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Fixtures.repositoryFile("data/nowhere.csv"));
        assertTrue(e.getMessage().contains("data/nowhere.csv"), e.getMessage());
    }
}
