package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search of {@code nb201-ee} with its plumbing real and its numbers from tables: the accuracy of the network
 * without exits (NAS-Bench-201's), configured shares, and each path's "latency" its MACs in millions (a stand-in
 * for measurements, which the command-line tests take for real).
 */
class EarlyExitSearchTest {

    private static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";

    @TempDir
    Path tmp;

    private static double macs(Architecture a, String graph) {
        return EE.buildGraph(a, io.hwnas.core.space.GraphOptions.DEFAULTS, graph).cost().macs() / 1e6;
    }

    @Test
    void theExpectedLatencyIsTheShareWeightedSumOfEveryPathAndTheWholeNetworkIsTheWorstCase() {
        List<String> asked = new ArrayList<>();
        ExpectedLatencyOracle o = new ExpectedLatencyOracle("dev", EE, (a, g) -> {
            asked.add(EE.networkKey(a) + "/" + g);
            return OptionalDouble.of(macs(a, g));
        }, ConfiguredExitShares.of(EE, List.of(0.3, 0.2, 0.5)), "dev");
        Architecture a = EE.decode(CELL + "#x1=0.9,x2=0.8");
        double expected = 0.3 * macs(a, "x1") + 0.2 * macs(a, "x2") + 0.5 * macs(a, "");
        assertEquals(expected, o.estimate(a).measuredMs(), 1e-9);
        Map<String, Double> x = o.extras(a);
        assertEquals(macs(a, ""), x.get("worst_latency_ms[dev]"), 1e-9);
        assertEquals(macs(a, "x1"), x.get("exit_latency_ms[x1][dev]"), 1e-9);
        assertEquals(1.0, x.get("exit_share[x1]") + x.get("exit_share[x2]") + x.get("exit_share[final]"), 1e-12);
        // other thresholds, the same network: nothing is measured again
        o.estimate(EE.decode(CELL + "#x1=0.5,x2=0.99"));
        assertEquals(3, asked.size(), asked.toString());
        // without exits the expected latency is the whole network's
        Architecture none = EE.decode(CELL);
        assertEquals(macs(none, ""), o.estimate(none).measuredMs(), 1e-9);
        assertEquals(0.0, o.extras(none).get("exit_share[x1]"));
    }

    @Test
    void aSearchOptimisesTheExpectedLatencyWithinAWorstCaseBudgetAndRecordsTheShares() throws IOException {
        ExpectedLatencyOracle lat = new ExpectedLatencyOracle("macs", EE, (a, g) -> OptionalDouble.of(macs(a, g)),
                ConfiguredExitShares.of(EE, List.of(0.4, 0.3, 0.3)), "macs");
        SearchSetup setup = SearchSetup.builder().space(EE)
                .accuracy(new InnerAccuracyOracle(TableOracles.nb201("nb201:cifar10", SearchFixtures.NB201), EE))
                .latency(lat).budget(Budget.parse("macs:worst_latency_ms<=60")).evaluations(40).population(10)
                .seed(3).out(tmp).build();
        assertEquals("macs:worst_latency_ms<=60", setup.constraints().get(0).key());
        SearchResult r = SearchRun.run(setup, SearchListener.NONE);
        assertTrue(r.feasible());
        for (Candidate c : r.front()) {
            assertTrue(c.worstLatency("macs") <= 60, c.arch() + " " + c.extras());
            assertTrue(c.latency("macs").bestMs() <= c.worstLatency("macs") + 1e-9);
        }
        JsonNode front = new ObjectMapper().readTree(tmp.resolve(RunFiles.FRONT_JSON).toFile());
        JsonNode row = front.get("front").get(0);
        for (String k : List.of("exit_share[x1]", "exit_share[x2]", "exit_share[final]", "worst_latency_ms[macs]")) {
            assertTrue(row.has(k), k + " missing in " + row);
        }
        String header = Files.readAllLines(tmp.resolve(RunFiles.CANDIDATES_CSV)).get(0);
        assertTrue(header.contains("exit_share[x1],exit_share[x2],exit_share[final]"), header);
        assertTrue(header.contains("worst_latency_ms[macs]"), header);
        // the report's reader gets the same front back from the checkpoint, extras and all
        RunData data = RunDirectory.load(tmp);
        assertEquals(r.front().size(), data.front().size());
        assertTrue(data.front().get(0).extras().containsKey("worst_latency_ms[macs]"));
    }
}
