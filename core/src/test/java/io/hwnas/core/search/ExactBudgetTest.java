package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A search spends exactly the evaluations it is given, whatever the population: a first generation larger than the
 * budget, or a last one that would pass it, is cut short (issue 18, item 10: 20 evaluations with a population of
 * 50 evaluated 50 while the progress said 20 of 20).
 */
class ExactBudgetTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"nsga2, 20, 50", "nsga3, 20, 50", "random, 20, 50", "regevo, 20, 50", "saea, 20, 50",
        "snsga2, 20, 50", "nsga2, 30, 20", "nsga3, 30, 20", "random, 30, 20", "regevo, 30, 20", "saea, 31, 20",
        "snsga2, 30, 20"})
    void everyAlgorithmEvaluatesExactlyTheBudget(String algorithm, int evaluations, int population)
            throws IOException {
        List<Integer> reported = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).algorithm(algorithm).evaluations(evaluations)
                .population(population).regevoSample(10).build(), new SearchListener() {
                    @Override
                    public void generation(GenerationStats s, int target) {
                        assertEquals(evaluations, target);
                        reported.add(s.evaluations());
                    }

                    @Override
                    public void message(String line) {
                        messages.add(line);
                    }
                });
        assertEquals(evaluations, r.candidates().size(), "evaluated");
        assertEquals(evaluations, reported.get(reported.size() - 1), "the progress's last count");
        assertEquals(evaluations, r.record().manifest().config().evaluations(), "the manifest");
        assertEquals(evaluations, r.history().get(r.history().size() - 1).evaluations(), "the history");
        if (evaluations < population) {
            assertTrue(messages.contains("the budget of " + evaluations + " evaluations is below the population of "
                    + population + ": the search evaluates " + evaluations + " architectures drawn at random and "
                    + "breeds none"), messages.toString());
        }
    }
}
