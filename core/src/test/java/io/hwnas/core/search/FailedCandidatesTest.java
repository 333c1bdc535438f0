package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate whose accuracy cannot be had (its training ran out of memory) is marked failed with the reason and
 * the search goes on without it. The oracle here fails every cell whose first edge is {@code nor_conv_3x3}, a
 * fixed fifth of the space, and otherwise answers from the CIFAR-10 table; how a real training fails is tested in
 * the training module.
 */
class FailedCandidatesTest {

    @TempDir
    Path tmp;

    /** Fails a fixed part of the space; scores the rest from the table, and has held-out accuracy for them. */
    static final class Flaky implements AccuracyOracle {
        final AccuracyOracle table = SearchFixtures.cifar10();
        final List<String> asked = new ArrayList<>();
        final boolean failAll;

        Flaky(boolean failAll) {
            this.failAll = failAll;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public String source() {
            return "the CIFAR-10 table, failing cells with a 3x3 convolution on their first edge";
        }

        @Override
        public double accuracy(Architecture a) {
            asked.add(a.canonical());
            if (failAll || a.canonical().startsWith("|nor_conv_3x3~0|")) {
                throw new CandidateFailedException(a.canonical(), "training failed: out of memory (simulated)", null);
            }
            return table.accuracy(a);
        }

        @Override
        public OptionalDouble heldOut(Architecture a) {
            return OptionalDouble.of(table.accuracy(a) - 1);
        }
    }

    @Test
    void aFailedCandidateIsLeftOutWithItsReasonAndTheSearchGoesOn() throws IOException {
        Flaky oracle = new Flaky(false);
        List<String> messages = new ArrayList<>();
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("run")).accuracy(oracle).build(),
                new SearchListener() {
                    @Override
                    public void message(String line) {
                        messages.add(line);
                    }
                });
        assertTrue(r.candidates().size() >= 200, "the search reached its evaluations: " + r.candidates().size());
        assertFalse(r.failed().isEmpty());
        for (Candidate c : r.candidates()) {
            assertFalse(c.arch().startsWith("|nor_conv_3x3~0|"), c.arch());
        }
        r.failed().forEach((arch, reason) -> {
            assertTrue(arch.startsWith("|nor_conv_3x3~0|"), arch);
            assertEquals("training failed: out of memory (simulated)", reason);
        });
        // each failure is reported once, and never asked for again
        assertEquals(r.failed().size(), messages.stream().filter(m -> m.contains("failed and is left out")).count());
        assertEquals(oracle.asked.size(), oracle.asked.stream().distinct().count());
        JsonNode front = new ObjectMapper().readTree(tmp.resolve("run").resolve(RunFiles.FRONT_JSON).toFile());
        assertEquals(r.failed().size(), front.get("failed").size());
        assertEquals(r.failed().keySet().iterator().next(), front.get("failed").get(0).get("arch").asText());
        // the held-out accuracy is asked for the front only, and written beside each member
        for (JsonNode row : front.get("front")) {
            assertEquals(row.get("accuracy").asDouble() - 1, row.get("test_accuracy").asDouble(), 1e-9);
        }
        assertEquals(r.front().size(), r.heldOut().size());
        // a resumed run knows its failures too
        assertEquals(r.failed(), RunDirectory.load(tmp.resolve("run")).failed());
    }

    @Test
    void aSearchWhoseEveryCandidateFailsSaysSoWithAReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SearchRun.run(
                SearchFixtures.tableSearch(tmp.resolve("all")).accuracy(new Flaky(true)).build(),
                SearchListener.NONE));
        assertTrue(e.getMessage().contains("every candidate the search reached failed")
                && e.getMessage().contains("out of memory (simulated)"), e.getMessage());
    }
}
