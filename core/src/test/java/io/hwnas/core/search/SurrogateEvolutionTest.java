package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurrogateEvolutionTest {

    private static final String DEVICE = "1080ti_1_ms";

    @TempDir
    Path tmp;

    private SearchResult run(String algorithm, long seed, int evaluations, String budget, String dir)
            throws IOException {
        SearchSetup.Builder b = SearchFixtures.tableSearch(tmp.resolve(dir)).algorithm(algorithm).seed(seed)
                .evaluations(evaluations).population(30);
        if (budget != null) {
            b.budget(Budget.parse(budget));
        }
        return SearchRun.run(b.build(), SearchListener.NONE);
    }

    @Test
    void itEvaluatesExactlyTheDistinctArchitecturesAskedFor() throws IOException {
        SearchResult r = run("saea", 3, 137, null, "a");
        assertEquals(137, r.candidates().size());
        Set<String> seen = new HashSet<>();
        r.candidates().forEach(c -> assertTrue(seen.add(c.arch()), "twice: " + c.arch()));
        r.front().forEach(c -> assertTrue(seen.contains(c.arch()), "front member not evaluated: " + c.arch()));
    }

    @Test
    void afterTheFirstSampleItEvaluatesInBatchesOfAThirdOfThePopulation() throws IOException {
        SearchResult r = run("saea", 3, 100, null, "a");
        List<GenerationStats> h = r.history();
        assertEquals(30, h.get(0).evaluations());
        for (int i = 1; i < h.size(); i++) {
            assertEquals(Math.min(30 + 10 * i, 100), h.get(i).evaluations(), "generation " + (i + 1));
        }
    }

    /**
     * The share of candidates within the budget among those the surrogates chose is larger than among the uniform
     * first sample: the search learns where the budget lies and breeds there.
     */
    @Test
    void theSurrogatesSteerTheSearchInsideTheBudget() throws IOException {
        SearchResult r = run("saea", 5, 300, "latency_ms<=8", "a");
        List<Candidate> cs = r.candidates().stream().sorted(java.util.Comparator.comparingInt(Candidate::index))
                .toList();
        double first = share(cs.subList(0, 30));
        double chosen = share(cs.subList(30, cs.size()));
        assertTrue(chosen > first + 0.2, "within budget: first sample " + first + ", chosen " + chosen);
    }

    private static double share(List<Candidate> cs) {
        return cs.stream().filter(c -> c.latency(DEVICE).bestMs() <= 8).count() / (double) cs.size();
    }

    /** On the budget's high-accuracy corner, where users' answers lie, it finds more than random search. */
    @Test
    void itFindsMoreAccurateArchitecturesWithinTheBudgetThanRandomSearch() throws IOException {
        int better = 0;
        for (long seed = 1; seed <= 3; seed++) {
            double s = bestWithin(run("saea", seed, 150, "latency_ms<=8", "s" + seed), 8);
            double r = bestWithin(run("random", seed, 150, "latency_ms<=8", "r" + seed), 8);
            better += s > r ? 1 : 0;
        }
        assertTrue(better >= 2, "saea found the more accurate architecture on " + better + " of 3 seeds");
    }

    private static double bestWithin(SearchResult r, double budget) {
        return r.candidates().stream().filter(c -> c.latency(DEVICE).bestMs() <= budget)
                .mapToDouble(Candidate::accuracy).max().orElse(0);
    }

    /** Killed early, or late (in NSGA-II's phase on this table), it resumes to the run it would have been. */
    @Test
    void aRunKilledInEitherPhaseResumesToTheSameCandidates() throws IOException {
        SearchResult whole = run("saea", 2, 500, "latency_ms<=8", "whole");
        for (int killAt : new int[] {60, 400}) {
            Path dir = tmp.resolve("cut" + killAt);
            SearchListener kill = new SearchListener() {
                @Override
                public void generation(GenerationStats s, int target) {
                    if (s.evaluations() >= killAt) {
                        throw new IllegalStateException("killed");
                    }
                }
            };
            SearchSetup setup = SearchFixtures.tableSearch(dir).algorithm("saea").seed(2).evaluations(500)
                    .population(30).budget(Budget.parse("latency_ms<=8")).build();
            assertThrows(IllegalStateException.class, () -> SearchRun.run(setup, kill));
            SearchResult resumed = SearchRun.run(setup, SearchListener.NONE);
            assertTrue(resumed.resumed());
            assertEquals(whole.candidates().stream().map(Candidate::arch).toList(),
                    resumed.candidates().stream().map(Candidate::arch).toList(), "killed after " + killAt + " evaluations");
        }
    }

    @Test
    void aPopulationOfOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRun.run(
                SearchFixtures.tableSearch(tmp).algorithm("saea").population(1).build(), SearchListener.NONE));
        assertTrue(e.getMessage().contains("population"), e.getMessage());
    }
}
