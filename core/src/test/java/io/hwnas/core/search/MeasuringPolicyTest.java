package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.space.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the search measures: a few candidates per generation where it matters, then the whole front. */
class MeasuringPolicyTest {

    @TempDir
    Path tmp;

    record Fixture(SearchSetup setup, CandidatePool pool, SearchProblem problem, DeviceFarmTest.TableDevice device) {}

    Fixture fixture(int perGeneration) {
        DeviceFarmTest.TableDevice phone = new DeviceFarmTest.TableDevice("essential_ph_1_ms");
        SearchSetup setup = SearchSetup.builder().space(SearchFixtures.NB201).accuracy(SearchFixtures.cifar10())
                .latency(phone).budget(Budget.parse("latency_ms<=13")).measurePerGeneration(perGeneration)
                .out(tmp).build();
        CandidatePool pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(),
                setup.graphMetrics());
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 60; i++) {
            Architecture a = setup.space().sample(r);
            if (!pool.contains(a.canonical())) {
                pool.evaluate(a);
            }
        }
        return new Fixture(setup, pool, new SearchProblem(setup.space(), pool, setup.objectives(),
                setup.constraints()), phone);
    }

    @Test
    void aGenerationMeasuresAtMostItsShareFrontMembersFirst() {
        Fixture f = fixture(3);
        MeasuringPolicy p = new MeasuringPolicy(f.problem(), f.pool(), new DeviceFarm(f.setup(), f.pool(),
                SearchListener.NONE), 3);
        Set<String> front = new java.util.HashSet<>(Fronts.front(f.problem(), f.pool().all()).stream()
                .map(Candidate::arch).toList());
        p.generation(1);
        List<String> measured = new ArrayList<>(f.device().measured.keySet());
        assertEquals(3, measured.size(), measured.toString());
        assertTrue(front.size() >= 3, "the fixture's front is large enough: " + front.size());
        assertTrue(front.containsAll(measured), "the front's unmeasured members come first: " + measured);
    }

    @Test
    void nearTheBudgetComesBeforeFarFromIt() {
        Fixture f = fixture(1);
        MeasuringPolicy p = new MeasuringPolicy(f.problem(), f.pool(), new DeviceFarm(f.setup(), f.pool(),
                SearchListener.NONE), 1);
        List<Candidate> front = Fronts.front(f.problem(), f.pool().all());
        double nearest = front.stream().mapToDouble(c -> Budget.parse("latency_ms<=13").distance(
                c.latency("essential_ph_1_ms").bestMs())).min().orElseThrow();
        p.generation(1);
        String picked = f.device().measured.keySet().iterator().next();
        double distance = Budget.parse("latency_ms<=13").distance(f.pool().get(picked).latency("essential_ph_1_ms")
                .predictedMs());
        assertEquals(nearest, distance, 1e-12, "the one measurement goes to the front member nearest the budget");
    }

    @Test
    void theFinalRoundMeasuresEveryFrontMember() {
        Fixture f = fixture(0);
        MeasuringPolicy p = new MeasuringPolicy(f.problem(), f.pool(), new DeviceFarm(f.setup(), f.pool(),
                SearchListener.NONE), 0);
        p.generation(1);
        assertTrue(f.device().measured.isEmpty(), "no share, no measurement during the search");
        p.front();
        for (Candidate c : Fronts.front(f.problem(), f.pool().all())) {
            assertTrue(c.latency("essential_ph_1_ms").isMeasured(), c.arch());
        }
    }
}
