package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.EarlyExitSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The expected latency of an early-exit network from measured paths and given shares, without a real device: each
 * path's latency is a made-up figure (EarlyExitSearchTest takes it from the graph's MACs in a whole search).
 */
class ExpectedLatencyOracleTest {

    private static final EarlyExitSpace EE = EarlyExitSpace.nb201();
    private static final String CELL = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|"
            + "nor_conv_3x3~2|";
    private static final Architecture BOTH = EE.decode(CELL + "#x1=0.9,x2=0.8");

    private final List<String> measured = new ArrayList<>();
    /** Graphs whose measurement fails. */
    private final Set<String> failing = new java.util.HashSet<>();
    /** 2 ms to exit x1, 5 ms to exit x2, 10 ms for the whole network. */
    private final io.hwnas.core.measure.LatencyMeasurer measurer = (a, graph) -> {
        measured.add(graph);
        if (failing.contains(graph)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(switch (graph) {
            case "x1" -> 2.0;
            case "x2" -> 5.0;
            default -> 10.0;
        });
    };

    private static ExitShares shares(double... s) {
        return new ExitShares() {
            @Override
            public double[] shares(Architecture a) {
                return s.clone();
            }

            @Override
            public String source() {
                return "given";
            }
        };
    }

    /** An equal share at each exit that is on and at the final classifier. */
    private static final ExitShares EVEN = new ExitShares() {
        @Override
        public double[] shares(Architecture a) {
            int n = EE.exitsOn(a).size() + 1;
            double[] s = new double[n];
            java.util.Arrays.fill(s, 1.0 / n);
            return s;
        }

        @Override
        public String source() {
            return "even";
        }
    };

    private ExpectedLatencyOracle oracle(ExitShares s) {
        return new ExpectedLatencyOracle("cpu-1t", EE, measurer, s, "q1");
    }

    @Test
    void theEstimateIsTheShareWeightedSumOfThePathsMeasuredOncePerNetwork() {
        assertEquals(0.5 * 2 + 0.25 * 5 + 0.25 * 10, oracle(shares(0.5, 0.25, 0.25)).estimate(BOTH).measuredMs(),
                1e-12);
        measured.clear();
        ExpectedLatencyOracle o = oracle(EVEN);
        assertEquals((2 + 5 + 10) / 3.0, o.estimate(BOTH).measuredMs(), 1e-12);
        assertEquals(Map.of("shares", "even", "paths_measured", 1), o.describe());
        o.estimate(EE.decode(CELL + "#x1=0.5,x2=0.99"));
        assertEquals(List.of("x1", "x2", ""), measured, "other thresholds, the same network: measured once");
        assertEquals(Map.of("shares", "even", "paths_measured", 1), o.describe());
        oracle(shares(0.5, 0.5)).estimate(EE.decode(CELL + "#x2=0.9"));
        assertEquals(List.of("x1", "x2", "", "x2", ""), measured, "an exit that is off is not measured");
        o.estimate(EE.decode(CELL + "#x2=0.9"));
        assertEquals(2, o.describe().get("paths_measured"), "another network, another set of paths");
    }

    @Test
    void itIsAMeasuredLatencyOfItsDeviceAndQueueAndNamesWhereTheSharesComeFrom() {
        ExpectedLatencyOracle o = oracle(shares(1));
        assertEquals("cpu-1t", o.device());
        assertEquals("q1", o.queue());
        assertEquals(LatencyKind.MEASURED, o.kind());
        assertEquals("expected latency over the exits: each exit's path and the whole network measured with ONNX "
                + "Runtime on cpu-1t, weighted by the shares of inputs that leave at each (given)", o.source());
        assertEquals(Map.of("shares", "given", "paths_measured", 0), o.describe());
    }

    @Test
    void theExtrasGiveEveryShareEveryPathAndTheWorstCase() {
        Map<String, Double> x = oracle(shares(0.5, 0.5)).extras(EE.decode(CELL + "#x2=0.9"));
        assertEquals(List.of("exit_share[x1]", "exit_share[x2]", "exit_share[final]", "exit_latency_ms[x2][cpu-1t]",
                "worst_latency_ms[cpu-1t]"), List.copyOf(x.keySet()));
        assertEquals(List.of(0.0, 0.5, 0.5, 5.0, 10.0), List.copyOf(x.values()));
    }

    @Test
    void sharesOfTheWrongCountAreRefusedNamingTheArchitectureAndTheirSource() {
        for (double[] wrong : new double[][] {{0.5, 0.5}, {0.25, 0.25, 0.25, 0.25}}) {
            var e = assertThrows(IllegalStateException.class, () -> oracle(shares(wrong)).estimate(BOTH));
            assertEquals("exit shares of " + BOTH.canonical() + " must be 3 summing to 1, but were "
                    + java.util.Arrays.toString(wrong) + " (given)", e.getMessage());
        }
    }

    @Test
    void sharesMustSumToOneWithinAMillionth() {
        // What a user's decimals add up to is 1; a share lost or counted twice is not.
        assertEquals(10, oracle(shares(0.5e-6, 0, 1)).estimate(BOTH).measuredMs(), 1e-4);
        assertEquals(10, oracle(shares(-0.5e-6, 0, 1)).estimate(BOTH).measuredMs(), 1e-4);
        for (double off : new double[] {2e-6, -2e-6, 0.1}) {
            var e = assertThrows(IllegalStateException.class, () -> oracle(shares(off, 0, 1)).estimate(BOTH));
            assertEquals("exit shares of " + BOTH.canonical() + " must be 3 summing to 1, but were ["
                    + off + ", 0.0, 1.0] (given)", e.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> oracle(shares(0.5, 0.6, 0.1)).extras(BOTH),
                "the extras check them too");
    }

    @Test
    void aFailedMeasurementFailsTheCandidateNamingThePathOrTheWholeNetwork() {
        failing.add("");
        var whole = assertThrows(CandidateFailedException.class, () -> oracle(shares(0.5, 0.5)).estimate(
                EE.decode(CELL + "#x1=0.9")));
        assertEquals("measurement on cpu-1t of the whole network failed", whole.getMessage());
        assertEquals(EE.decode(CELL + "#x1=0.9").canonical(), whole.arch());
        failing.add("x2");
        var path = assertThrows(CandidateFailedException.class, () -> oracle(shares(0.5, 0.5)).estimate(
                EE.decode(CELL + "#x2=0.9")));
        assertEquals("measurement on cpu-1t of the path as far as exit x2 failed", path.getMessage());
    }

    @Test
    void itNeedsEveryPart() {
        ExitShares s = shares(1);
        assertEquals("device", assertThrows(NullPointerException.class,
                () -> new ExpectedLatencyOracle(null, EE, measurer, s, "q")).getMessage());
        assertEquals("space", assertThrows(NullPointerException.class,
                () -> new ExpectedLatencyOracle("d", null, measurer, s, "q")).getMessage());
        assertEquals("measurer", assertThrows(NullPointerException.class,
                () -> new ExpectedLatencyOracle("d", EE, null, s, "q")).getMessage());
        assertEquals("shares", assertThrows(NullPointerException.class,
                () -> new ExpectedLatencyOracle("d", EE, measurer, null, "q")).getMessage());
        assertEquals("queue", assertThrows(NullPointerException.class,
                () -> new ExpectedLatencyOracle("d", EE, measurer, s, null)).getMessage());
    }
}
