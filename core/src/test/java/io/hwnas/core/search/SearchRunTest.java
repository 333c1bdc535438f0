package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.Measuring;
import io.hwnas.core.search.config.SearchConfig;
import io.hwnas.core.space.Architecture;
import io.hwnas.core.table.ArchTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SearchRunTest {

    @TempDir
    Path tmp;

    private static List<String> archs(List<Candidate> cs) {
        return cs.stream().map(Candidate::arch).toList();
    }

    @Test
    void theSameSeedGivesTheSameFrontAndAnotherSeedAnotherRun() throws IOException {
        SearchResult a = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("a")).build(), SearchListener.NONE);
        SearchResult b = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("b")).build(), SearchListener.NONE);
        SearchResult c = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("c")).seed(8).build(),
                SearchListener.NONE);
        assertEquals(archs(a.front()), archs(b.front()));
        assertEquals(archs(a.candidates()), archs(b.candidates()));
        assertNotEquals(archs(a.candidates()), archs(c.candidates()));
        assertTrue(a.candidates().size() >= 200, "evaluations " + a.candidates().size());
    }

    @Test
    void frontIsNonDominatedAndEveryCandidateIsDistinct() throws IOException {
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).build(), SearchListener.NONE);
        Set<String> seen = new HashSet<>();
        for (Candidate c : r.candidates()) {
            assertTrue(seen.add(c.arch()), "evaluated twice: " + c.arch());
        }
        String dev = "1080ti_1_ms";
        for (Candidate f : r.front()) {
            for (Candidate c : r.candidates()) {
                boolean dominates = c.accuracy() >= f.accuracy() && c.latency(dev).bestMs() <= f.latency(dev).bestMs()
                        && (c.accuracy() > f.accuracy() || c.latency(dev).bestMs() < f.latency(dev).bestMs());
                assertFalse(dominates, c.arch() + " dominates front member " + f.arch());
            }
        }
        // The history's hypervolume never falls: the front of a growing set only improves.
        for (int i = 1; i < r.history().size(); i++) {
            assertTrue(r.history().get(i).hypervolume() >= r.history().get(i - 1).hypervolume() - 1e-12);
        }
    }

    @Test
    void duplicatesAreEvaluatedOnce() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        AccuracyOracle base = SearchFixtures.cifar10();
        AccuracyOracle counting = new AccuracyOracle() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public String source() {
                return base.source();
            }

            @Override
            public double accuracy(Architecture a) {
                calls.incrementAndGet();
                return base.accuracy(a);
            }
        };
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).accuracy(counting).evaluations(400).build(),
                SearchListener.NONE);
        assertEquals(r.candidates().size(), calls.get());
    }

    @Test
    void anInterruptedRunResumesToTheSameFront() throws IOException {
        SearchResult whole = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("whole")).build(),
                SearchListener.NONE);
        Path dir = tmp.resolve("cut");
        RuntimeException kill = new RuntimeException("killed");
        SearchListener dieAfterThree = new SearchListener() {
            @Override
            public void generation(GenerationStats s, int target) {
                if (s.generation() == 3) {
                    throw kill;
                }
            }
        };
        assertThrows(RuntimeException.class, () -> SearchRun.run(SearchFixtures.tableSearch(dir).build(),
                dieAfterThree));
        assertTrue(SearchRun.hasCheckpoint(dir));
        // A process killed while appending to the candidate log leaves bytes the checkpoint does not cover.
        Files.write(dir.resolve("candidates.bin"), new byte[] {0, 0, 1, 0, 42, 42},
                java.nio.file.StandardOpenOption.APPEND);
        SearchResult resumed = SearchRun.run(SearchFixtures.tableSearch(dir).build(), SearchListener.NONE);
        assertTrue(resumed.resumed());
        assertEquals(archs(whole.candidates()), archs(resumed.candidates()));
        assertEquals(archs(whole.front()), archs(resumed.front()));
    }

    @Test
    void aRunDirectoryReadsBackFinishedOrKilled() throws IOException {
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp.resolve("done")).budget(
                Budget.parse("latency_ms<=10")).build(), SearchListener.NONE);
        RunData done = RunDirectory.load(tmp.resolve("done"));
        assertTrue(done.finished());
        assertEquals(archs(r.front()), archs(done.front()));
        assertEquals(archs(r.candidates()), archs(done.candidates()));
        assertEquals(r.history(), done.history());
        assertEquals(List.of("1080ti_1_ms:latency_ms<=10"), done.constraints().stream().map(Constraint::key).toList());
        assertTrue(done.front().get(0).graphMetrics().containsKey(Metric.PARAMS));

        Path cut = tmp.resolve("cut");
        SearchListener dieAfterTwo = new SearchListener() {
            @Override
            public void generation(GenerationStats s, int target) {
                if (s.generation() == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> SearchRun.run(SearchFixtures.tableSearch(cut).build(),
                dieAfterTwo));
        RunData partial = RunDirectory.load(cut);
        assertFalse(partial.finished());
        assertEquals(2, partial.history().size());
        // saea, the default: the first sample of a population (20), then a batch of a third of it.
        assertEquals(20 + 20 / 3, partial.candidates().size());
        assertFalse(partial.front().isEmpty());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.load(Files.createDirectories(tmp.resolve("empty"))));
        assertTrue(e.getMessage().contains("is not a search run: it has no manifest.json"), e.getMessage());
    }

    @Test
    void resumingWithAnotherConfigurationIsRefusedNamingTheDifference() throws IOException {
        SearchRun.run(SearchFixtures.tableSearch(tmp).evaluations(40).build(), SearchListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchRun.run(SearchFixtures.tableSearch(tmp).evaluations(40).seed(99).build(),
                        SearchListener.NONE));
        assertTrue(e.getMessage().contains("seed was 7 there and is 99 now"), e.getMessage());
    }

    /** A run an earlier hwnas configured: its manifest and checkpoint lack {@code drift_control}. */
    @Test
    void aRunConfiguredBeforeDriftControlResumesWithItOffAndOnlyOff() throws IOException {
        SearchConfig on = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"), List.of(
                new LatencySource.Table("help.csv", "1080ti_1_ms", "arch_str"))).evaluations(40).build();
        Measuring m = on.measuring();
        SearchConfig off = on.toBuilder().measuring(new Measuring(m.predictor(), m.warmupSamples(),
                m.measurePerGeneration(), m.plan(), m.weightsSeed(), m.specReference(), m.deviceDirs(),
                DriftControl.OFF)).build();
        SearchRun.run(SearchFixtures.tableSearch(tmp).evaluations(40).config(off).build(), SearchListener.NONE);
        Checkpoint cp = Checkpoint.read(tmp);
        ObjectNode key = (ObjectNode) new ObjectMapper().readTree(cp.config());
        assertEquals("off", ((ObjectNode) key.path("search").path("measuring")).remove("drift_control").asText());
        new Checkpoint(cp.format(), key.toString(), cp.generation(), cp.finished(), cp.random(),
                cp.candidateBytes(), cp.measurements(), cp.history(), cp.ideal(), cp.nadir(), cp.algorithmState(),
                cp.elapsedMs(), cp.failed()).write(tmp);

        SearchResult resumed = SearchRun.run(SearchFixtures.tableSearch(tmp).evaluations(40).config(off).build(),
                SearchListener.NONE);
        assertTrue(resumed.resumed());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRun.run(
                SearchFixtures.tableSearch(tmp).evaluations(40).config(on).build(), SearchListener.NONE));
        assertTrue(e.getMessage().contains("search.measuring.drift_control was \"off\" there and is \"on\" now"),
                e.getMessage());
    }

    @Test
    void budgetsAreConstraintsAndTheFrontMeetsThem() throws IOException {
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).budget(Budget.parse("latency_ms<=12"))
                .budget(Budget.parse("params<=0.5e6")).evaluations(300).build(), SearchListener.NONE);
        assertTrue(r.feasible());
        assertFalse(r.front().isEmpty());
        for (Candidate c : r.front()) {
            assertTrue(c.latency("1080ti_1_ms").bestMs() <= 12, c.arch());
            assertTrue(c.graphMetric(Metric.PARAMS) <= 0.5e6, c.arch());
        }
    }

    @Test
    void anUnmeetableBudgetEndsWithTheClosestCandidates() throws IOException {
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).budget(Budget.parse("latency_ms<=0.5"))
                .evaluations(60).build(), SearchListener.NONE);
        assertFalse(r.feasible());
        assertFalse(r.front().isEmpty());
        double least = r.candidates().stream().mapToDouble(c -> c.latency("1080ti_1_ms").bestMs()).min()
                .orElseThrow();
        assertEquals(least, r.front().get(0).latency("1080ti_1_ms").bestMs(), 1e-9);
        JsonNode json = RunFiles.frontJson(r);
        assertFalse(json.get("feasible").asBoolean());
        assertTrue(json.get("closest").size() > 0);
    }

    @Test
    void aTableThatLacksArchitecturesIsReportedWithACountAndAnExample() throws IOException {
        Path csv = tmp.resolve("partial.csv");
        List<String> lines = new ArrayList<>(List.of("arch,ms"));
        ArchTable help = SearchFixtures.help();
        for (int i = 0; i < 100; i++) {
            lines.add(help.architectures().get(i).canonical() + "," + help.column("1080ti_1_ms")[i]);
        }
        Files.write(csv, lines, StandardCharsets.UTF_8);
        LatencyOracle partial = TableOracles.latency(ArchTable.read(csv, SearchFixtures.NB201, "arch"), "ms");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchRun.run(
                SearchSetup.builder().space(SearchFixtures.NB201).accuracy(SearchFixtures.cifar10()).latency(partial)
                        .out(tmp.resolve("run")).evaluations(100).population(20).build(), SearchListener.NONE));
        assertTrue(e.getMessage().matches("(?s).*partial\\.csv.* lacks \\d+ of the \\d+ architectures.*e\\.g\\. \\|.*"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga2", "nsga3", "random", "regevo", "saea", "snsga2"})
    void everyAlgorithmRunsWithThreeObjectivesAndWritesTheRunDirectory(String algorithm) throws IOException {
        SearchResult r = SearchRun.run(SearchFixtures.tableSearch(tmp).algorithm(algorithm).objective(Metric.PARAMS)
                .evaluations(120).build(), SearchListener.NONE);
        assertTrue(r.candidates().size() >= 120);
        assertFalse(r.front().isEmpty());
        for (String f : List.of(RunFiles.MANIFEST, RunFiles.FRONT_JSON, RunFiles.FRONT_CSV, RunFiles.CANDIDATES_CSV,
                RunFiles.HYPERVOLUME_CSV)) {
            assertTrue(Files.size(tmp.resolve(f)) > 0, f);
        }
        JsonNode front = new ObjectMapper().readTree(tmp.resolve(RunFiles.FRONT_JSON).toFile());
        assertEquals(algorithm, front.get("algorithm").asText());
        JsonNode first = front.get("front").get(0);
        for (String k : List.of("arch", "accuracy", "latency_ms", "feasible", "params")) {
            assertTrue(first.has(k), k + " in " + first);
        }
        assertEquals(r.candidates().size() + 1, Files.readAllLines(tmp.resolve(RunFiles.CANDIDATES_CSV)).size());
    }

    @Test
    void hypervolumeOfOnePointIsItsBoxToTheNadir() {
        SearchSetup s = SearchFixtures.tableSearch(tmp).build();
        CandidatePool pool = new CandidatePool(s.space(), s.accuracy(), s.latency(), Set.of());
        SearchProblem p = new SearchProblem(s.space(), pool, s.objectives(), s.constraints());
        Candidate c = new Candidate(0, 1, "x", 75, java.util.Map.of("1080ti_1_ms", LatencyEstimate.measured(5)),
                java.util.Map.of());
        // accuracy 0..100, latency 0..20: the point (75 %, 5 ms) dominates 0.75 x 0.75 of the box.
        assertEquals(0.5625, Fronts.hypervolume(p, List.of(c), new double[] {100, 0}, new double[] {0, 20}), 1e-9);
    }
}
