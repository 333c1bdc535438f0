package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several measuring devices in one search: one queue per device, the queues in parallel, a device that dies failing
 * only its own queue. The "devices" are two columns of the HELP table whose values are handed out as measurements.
 */
class DeviceFarmTest {

    @TempDir
    Path tmp;

    /** A predictor-in-the-loop stand-in: predicts 90 % of the table value, "measures" the table value. */
    static final class TableDevice implements MeasuringOracle {
        final String column;
        final Map<String, Double> truth;
        final Map<String, Double> measured = new LinkedHashMap<>();
        final List<String> threads = new ArrayList<>();
        CyclicBarrier meet;
        int dieAfter = Integer.MAX_VALUE;
        final AtomicInteger calls = new AtomicInteger();

        TableDevice(String column) {
            this.column = column;
            this.truth = SearchFixtures.help().lookup(column);
        }

        @Override
        public String device() {
            return column;
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.LOOP;
        }

        @Override
        public String source() {
            return "HELP table " + column;
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            double p = 0.9 * truth.get(a.canonical());
            Double m = measured.get(a.canonical());
            return m == null ? LatencyEstimate.predicted(p) : new LatencyEstimate(m, p);
        }

        @Override
        public Map<String, Double> measure(List<Architecture> as) {
            threads.add(Thread.currentThread().getName() + "@" + Thread.currentThread().getId());
            if (calls.incrementAndGet() > dieAfter) {
                throw new IllegalStateException("agent of " + column + " is not reachable");
            }
            if (meet != null) {
                try {
                    meet.await(10, TimeUnit.SECONDS); // only passes if the other device measures at the same time
                } catch (Exception e) {
                    throw new IllegalStateException("the other device never measured alongside " + column, e);
                }
                meet = null;
            }
            Map<String, Double> out = new LinkedHashMap<>();
            for (Architecture a : as) {
                measured.put(a.canonical(), truth.get(a.canonical()));
                out.put(a.canonical(), truth.get(a.canonical()));
            }
            return out;
        }

        @Override
        public void learn(Architecture a, double ms) {}

        @Override
        public void refit() {}
    }

    private SearchSetup.Builder search(Path dir, TableDevice a, TableDevice b) {
        return SearchSetup.builder().space(SearchFixtures.NB201).accuracy(SearchFixtures.cifar10()).latency(a)
                .latency(b).evaluations(120).population(20).seed(3).measurePerGeneration(2).out(dir);
    }

    @Test
    void devicesMeasureInParallelAndTheFrontIsMeasuredOnEach() throws IOException {
        TableDevice phone = new TableDevice("essential_ph_1_ms");
        TableDevice gpu = new TableDevice("1080ti_1_ms");
        CyclicBarrier both = new CyclicBarrier(2);
        phone.meet = both;
        gpu.meet = both;
        SearchResult r = SearchRun.run(search(tmp, phone, gpu).build(), SearchListener.NONE);
        assertFalse(phone.threads.get(0).equals(gpu.threads.get(0)), "each device has its own queue thread");
        for (Candidate c : r.front()) {
            assertTrue(c.latency("essential_ph_1_ms").isMeasured() && c.latency("1080ti_1_ms").isMeasured(),
                    c.arch());
        }
    }

    /** saea evaluates a third of a population per step, and measures once per population's worth, not per step. */
    @Test
    void saeaMeasuresOncePerPopulationOfEvaluations() throws IOException {
        TableDevice phone = new TableDevice("essential_ph_1_ms");
        TableDevice gpu = new TableDevice("1080ti_1_ms");
        SearchResult r = SearchRun.run(search(tmp, phone, gpu).algorithm("saea").build(), SearchListener.NONE);
        List<GenerationStats> h = r.history();
        int rounds = 0;
        for (int i = 1; i < h.size(); i++) {
            boolean crossed = h.get(i - 1).evaluations() / 20 != h.get(i).evaluations() / 20;
            boolean measured = h.get(i).measured() > h.get(i - 1).measured();
            assertTrue(crossed || !measured, "generation " + h.get(i).generation() + " measured without crossing "
                    + "a multiple of the population: " + h.get(i - 1) + " -> " + h.get(i));
            rounds += measured ? 1 : 0;
        }
        assertTrue(rounds >= 3, "measured in " + rounds + " generations of " + h.size());
    }

    @Test
    void aDeviceThatDiesFailsOnlyItsOwnQueue() throws IOException {
        TableDevice phone = new TableDevice("essential_ph_1_ms");
        TableDevice gpu = new TableDevice("1080ti_1_ms");
        phone.dieAfter = 3;
        List<String> messages = new ArrayList<>();
        SearchResult r = SearchRun.run(search(tmp, phone, gpu).build(), new SearchListener() {
            @Override
            public void message(String line) {
                messages.add(line);
            }
        });
        assertEquals(1, messages.stream().filter(m -> m.startsWith("measuring on essential_ph_1_ms failed")).count(),
                messages.toString());
        assertTrue(messages.get(0).contains("agent of essential_ph_1_ms is not reachable"));
        long phoneMeasured = r.candidates().stream().filter(c -> c.latency("essential_ph_1_ms").isMeasured()).count();
        assertEquals(3, phoneMeasured, "the measurements taken before the device died are kept");
        assertEquals(4, phone.calls.get(), "a dead device is not asked again");
        for (Candidate c : r.front()) {
            assertTrue(c.latency("1080ti_1_ms").isMeasured(), "the other device goes on: " + c.arch());
        }
    }

    /** A spec-sheet stand-in: predicts from what the device it follows has measured so far, never measures itself. */
    static final class Follower implements FollowingOracle {
        final TableDevice leader;
        int refits;
        int seen;

        Follower(TableDevice leader) {
            this.leader = leader;
        }

        @Override
        public String device() {
            return "follower";
        }

        @Override
        public LatencyKind kind() {
            return LatencyKind.SPEC;
        }

        @Override
        public String source() {
            return "transferred from " + leader.device();
        }

        @Override
        public LatencyEstimate estimate(Architecture a) {
            return LatencyEstimate.predicted(leader.truth.get(a.canonical()) * (1 + seen));
        }

        @Override
        public Set<String> learnsFrom() {
            return Set.of(leader.device());
        }

        @Override
        public void refit() {
            refits++;
            seen = leader.measured.size();
        }
    }

    @Test
    void anOracleThatLearnsFromAMeasuredDeviceIsRefittedAndRepredictedAfterItMeasures() throws IOException {
        TableDevice gpu = new TableDevice("1080ti_1_ms");
        Follower f = new Follower(gpu);
        SearchResult r = SearchRun.run(SearchSetup.builder().space(SearchFixtures.NB201)
                .accuracy(SearchFixtures.cifar10()).latency(gpu).latency(f).evaluations(80).population(20).seed(3)
                .measurePerGeneration(2).out(tmp).build(), SearchListener.NONE);
        assertTrue(f.refits >= 2, "refitted after each round of measurements: " + f.refits);
        assertEquals(gpu.measured.size(), f.seen, "the last refit saw every measurement");
        for (Candidate c : r.candidates()) {
            assertEquals(f.estimate(SearchFixtures.NB201.decode(c.arch())).predictedMs(),
                    c.latency("follower").predictedMs(), 1e-12, "re-predicted after the last refit: " + c.arch());
        }
    }
}
