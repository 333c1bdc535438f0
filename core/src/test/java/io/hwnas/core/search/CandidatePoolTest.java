package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.Nb201Space;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pool evaluates each architecture once, remembers what it could not evaluate, and tracks what changed. */
class CandidatePoolTest {

    private static final SearchSpace SPACE = new Nb201Space();

    private final List<Architecture> archs = distinct(5);
    private final Set<String> missing = new HashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final List<String> accuracyAsked = new ArrayList<>();
    private double latencyScale = 1;

    private static List<Architecture> distinct(int n) {
        SplittableRandom random = new SplittableRandom(17);
        List<Architecture> out = new ArrayList<>();
        while (out.size() < n) {
            Architecture a = SPACE.sample(random);
            if (out.stream().noneMatch(b -> b.canonical().equals(a.canonical()))) {
                out.add(a);
            }
        }
        return out;
    }

    /** Accuracy 50 + 10 per position in {@link #archs}; missing or failing ones as the sets say. */
    private final AccuracyOracle accuracy = new AccuracyOracle() {
        @Override
        public String name() {
            return "acc-table";
        }

        @Override
        public String source() {
            return "test";
        }

        @Override
        public double accuracy(Architecture a) {
            accuracyAsked.add(a.canonical());
            if (missing.contains(a.canonical())) {
                throw new MissingArchitectureException("acc-table", a.canonical());
            }
            if (failing.contains(a.canonical())) {
                throw new CandidateFailedException(a.canonical(), "training ran out of memory", null);
            }
            return 50 + 10 * position(a);
        }

        @Override
        public Map<String, Double> extras(Architecture a) {
            return Map.of("share[x1]", 0.25);
        }
    };

    /** Predicts 1 ms per position (plus one), times {@link #latencyScale}. */
    private final LatencyOracle latency = new LatencyOracle() {
        @Override
        public String device() {
            return "d";
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.LOOP;
        }

        @Override
        public String source() {
            return "test";
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            return LatencyEstimate.predicted(latencyScale * (position(a) + 1));
        }

        @Override
        public Map<String, Double> extras(Architecture a) {
            return Map.of("worst_latency_ms[d]", 9.0);
        }
    };

    private int position(Architecture a) {
        for (int i = 0; i < archs.size(); i++) {
            if (archs.get(i).canonical().equals(a.canonical())) {
                return i;
            }
        }
        throw new AssertionError(a + " is not one of the test's");
    }

    private CandidatePool pool(Set<Metric> graphMetrics) {
        return new CandidatePool(SPACE, accuracy, List.of(latency), graphMetrics);
    }

    private String arch(int i) {
        return archs.get(i).canonical();
    }

    @Test
    void anArchitectureIsEvaluatedOnceAndNumberedInTheOrderReached() {
        CandidatePool pool = pool(Set.of());
        Candidate b = pool.evaluate(archs.get(1));
        Candidate a = pool.evaluate(archs.get(0));
        assertSame(b, pool.evaluate(archs.get(1)));
        assertEquals(List.of(arch(1), arch(0)), accuracyAsked);
        assertEquals(0, b.index());
        assertEquals(1, a.index());
        assertEquals(60.0, b.accuracy());
        assertEquals(2.0, b.latency("d").predictedMs());
        assertEquals(List.of(b, a), pool.all());
        assertEquals(2, pool.size());
        assertSame(a, pool.get(arch(0)));
        assertNull(pool.get(arch(3)));
        assertTrue(pool.contains(arch(0)));
        assertFalse(pool.contains(arch(3)));
    }

    @Test
    void newCandidatesCarryTheGenerationThatReachedThem() {
        CandidatePool pool = pool(Set.of());
        assertEquals(1, pool.evaluate(archs.get(0)).generation());
        pool.generation(3);
        assertEquals(3, pool.evaluate(archs.get(1)).generation());
        assertEquals(1, pool.get(arch(0)).generation(), "an old candidate keeps its generation");
    }

    @Test
    void theOraclesExtrasAreKeptTogether() {
        Candidate c = pool(Set.of()).evaluate(archs.get(2));
        assertEquals(Map.of("share[x1]", 0.25, "worst_latency_ms[d]", 9.0), c.extras());
        assertEquals(9.0, c.worstLatency("d"));
    }

    @Test
    void anArchitectureTheTableLacksIsRememberedWithTheOracleAndNotAskedAgain() {
        missing.add(arch(1));
        CandidatePool pool = pool(Set.of());
        assertNull(pool.evaluate(archs.get(1)));
        assertNull(pool.evaluate(archs.get(1)));
        assertEquals(List.of(arch(1)), accuracyAsked);
        assertEquals(Map.of(arch(1), "acc-table"), pool.missing());
        assertTrue(pool.contains(arch(1)));
        assertEquals(0, pool.size());
        assertTrue(pool.failed().isEmpty());
    }

    @Test
    void anArchitectureThatFailedIsRememberedWithTheReasonAndNotTriedAgain() {
        failing.add(arch(2));
        CandidatePool pool = pool(Set.of());
        assertNull(pool.evaluate(archs.get(2)));
        assertNull(pool.evaluate(archs.get(2)));
        assertEquals(List.of(arch(2)), accuracyAsked);
        assertEquals(Map.of(arch(2), "training ran out of memory"), pool.failed());
        assertTrue(pool.contains(arch(2)));
        assertTrue(pool.missing().isEmpty());
        assertNull(pool.get(arch(2)));
    }

    @Test
    void onlyTheGraphMetricsAskedForAreComputedUntilAllAreWanted() {
        CandidatePool none = pool(Set.of(Metric.ACCURACY, Metric.LATENCY_MS));
        assertTrue(none.evaluate(archs.get(0)).graphMetrics().isEmpty(), "neither comes from the graph");

        CandidatePool pool = pool(Set.of(Metric.PARAMS));
        Candidate c = pool.evaluate(archs.get(0));
        assertEquals(Set.of(Metric.PARAMS), c.graphMetrics().keySet());
        assertEquals(SPACE.buildGraph(archs.get(0)).cost().trainableParams(), c.graphMetric(Metric.PARAMS));
        pool.takeDirty();

        Candidate full = pool.withAllGraphMetrics(c);
        Set<Metric> fromGraph = EnumSet.noneOf(Metric.class);
        for (Metric m : Metric.values()) {
            if (m.fromGraph()) {
                fromGraph.add(m);
            }
        }
        assertEquals(fromGraph, full.graphMetrics().keySet());
        assertSame(full, pool.get(arch(0)), "the pool keeps the completed candidate");
        assertEquals(List.of(full), pool.takeDirty());
        assertSame(full, pool.withAllGraphMetrics(full), "nothing left to compute");
        assertTrue(pool.takeDirty().isEmpty());
    }

    @Test
    void aMeasurementIsRecordedOnceBesideItsPrediction() {
        CandidatePool pool = pool(Set.of());
        pool.evaluate(archs.get(0));
        pool.evaluate(archs.get(1));
        pool.takeDirty();
        pool.recordMeasured("d", arch(1), 2.5);
        pool.recordMeasured("d", arch(1), 7.0);
        pool.recordMeasured("d", arch(3), 1.0); // never evaluated: ignored
        LatencyEstimate e = pool.get(arch(1)).latency("d");
        assertEquals(2.5, e.measuredMs());
        assertEquals(2.0, e.predictedMs());
        assertEquals(List.of(new CandidatePool.Measured("d", arch(1))), pool.measurements());
        assertEquals(List.of(pool.get(arch(1))), pool.takeDirty());
    }

    @Test
    void aPromotedAccuracyReplacesTheFirstOnlyForAKnownCandidate() {
        CandidatePool pool = pool(Set.of());
        pool.evaluate(archs.get(0));
        pool.takeDirty();
        pool.recordAccuracy(arch(0), 93.5);
        pool.recordAccuracy(arch(3), 99.0);
        assertEquals(93.5, pool.get(arch(0)).accuracy());
        assertNull(pool.get(arch(3)));
        assertEquals(List.of(arch(0)), pool.takeDirty().stream().map(Candidate::arch).toList());
    }

    @Test
    void aRefitChangesThePredictionsOfUnmeasuredCandidatesOnlyAndIsNoChangeToCheckpoint() {
        CandidatePool pool = pool(Set.of());
        pool.evaluate(archs.get(0));
        pool.evaluate(archs.get(1));
        pool.recordMeasured("d", arch(0), 0.5);
        pool.takeDirty();
        latencyScale = 10;
        pool.refreshPredictions(latency);
        assertEquals(20.0, pool.get(arch(1)).latency("d").predictedMs());
        assertEquals(new LatencyEstimate(0.5, 1.0), pool.get(arch(0)).latency("d"), "a measured one stays");
        assertTrue(pool.takeDirty().isEmpty());
    }

    @Test
    void restoringPutsBackCandidatesMeasurementsAndFailuresAndForgetsTheRest() {
        CandidatePool first = pool(Set.of());
        first.evaluate(archs.get(0));
        first.evaluate(archs.get(1));
        first.recordMeasured("d", arch(1), 3.0);

        CandidatePool pool = pool(Set.of());
        pool.evaluate(archs.get(2));
        pool.recordMeasured("d", arch(2), 1.0);
        failing.add(arch(4));
        assertNull(pool.evaluate(archs.get(4)));
        assertEquals(Set.of(arch(4)), pool.failed().keySet());
        pool.restore(first.all(), first.measurements(), Map.of(arch(3), "out of time"));
        assertEquals(first.all(), pool.all());
        assertNull(pool.get(arch(2)));
        assertEquals(first.measurements(), pool.measurements());
        assertEquals(Map.of(arch(3), "out of time"), pool.failed());
        assertTrue(pool.takeDirty().isEmpty(), "a restored pool has nothing new to checkpoint");
        assertSame(pool.get(arch(0)), pool.evaluate(archs.get(0)));
        assertNull(pool.evaluate(archs.get(3)));
        assertEquals(List.of(arch(0), arch(1), arch(2), arch(4)), accuracyAsked,
                "neither restored nor failed is asked");
    }
}
