package io.hwnas.core.search;

import static io.hwnas.core.search.SearchFixtures.NB201;
import static io.hwnas.core.search.SearchFixtures.cifar10;
import static io.hwnas.core.search.SearchFixtures.latency;
import static io.hwnas.core.search.SearchFixtures.tableSearch;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.exec.LocalExecutor;
import io.hwnas.core.search.config.AccuracySource;
import io.hwnas.core.search.config.LatencySource;
import io.hwnas.core.search.config.SearchConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SearchSetupTest {

    private static final String GPU = "1080ti_1_ms";
    private static final String GPU2 = "2080ti_1_ms";

    @TempDir
    Path out;

    /** The refusal's message of {@code tableSearch} changed by {@code change}. */
    private String refusal(UnaryOperator<SearchSetup.Builder> change) {
        return assertThrows(IllegalArgumentException.class, () -> change.apply(tableSearch(out)).build()).getMessage();
    }

    private SearchSetup accepted(UnaryOperator<SearchSetup.Builder> change) {
        return assertDoesNotThrow(() -> change.apply(tableSearch(out)).build());
    }

    /** {@code s} again with another mutation rate, past the builder (which reads NaN as "the default"). */
    private static SearchSetup withMutationRate(SearchSetup s, double rate) {
        return new SearchSetup(s.space(), s.accuracy(), s.latency(), s.extraObjectives(), s.budgets(), s.algorithm(),
                s.evaluations(), s.population(), s.regevoSample(), rate, s.crossoverRate(), s.seed(),
                s.measurePerGeneration(), s.out(), s.config(), s.environment(), s.commands(), s.executor());
    }

    @Test
    void aSearchWithoutALatencyOracleIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SearchSetup.builder().space(NB201).accuracy(cifar10()).out(out).build());
        assertTrue(e.getMessage().contains("at least one latency oracle"), e.getMessage());
    }

    @Test
    void aDeviceGivenTwiceIsRefusedNamingItWhileTwoDevicesAreFine() {
        assertEquals("device '" + GPU + "' is given twice", refusal(b -> b.latency(latency(GPU))));
        assertEquals(2, accepted(b -> b.latency(latency(GPU2))).latency().size());
    }

    @Test
    void anExtraObjectiveMustComeFromTheGraph() {
        // Accuracy and latency are objectives anyway; asking for them again would count them twice.
        for (Metric m : List.of(Metric.ACCURACY, Metric.LATENCY_MS, Metric.WORST_LATENCY_MS)) {
            String msg = refusal(b -> b.objective(m));
            assertTrue(msg.startsWith("objective '" + m.key() + "' is always there"), msg);
        }
        assertEquals(List.of(Metric.PARAMS), accepted(b -> b.objective(Metric.PARAMS)).extraObjectives());
    }

    @Test
    void aBudgetOnADeviceOutsideTheSearchIsRefusedNamingBudgetDeviceAndTheDevices() {
        String msg = refusal(b -> b.budget(Budget.parse(GPU2 + ":latency_ms<=5")));
        assertEquals("budget '" + GPU2 + ":latency_ms<=5' names device '" + GPU2 + "', which is not in this search; "
                + "devices: [" + GPU + "]", msg);
        accepted(b -> b.budget(Budget.parse(GPU + ":latency_ms<=5")));
        accepted(b -> b.budget(Budget.parse("latency_ms<=5")).budget(Budget.parse("params<=1e6")));
    }

    @Test
    void evaluationsStartAtOne() {
        assertEquals("evaluations must be >= 1, but was 0", refusal(b -> b.evaluations(0)));
        assertEquals(1, accepted(b -> b.evaluations(1)).evaluations());
    }

    @Test
    void populationStartsAtFour() {
        assertEquals("population must be >= 4, but was 3", refusal(b -> b.population(3)));
        assertEquals(4, accepted(b -> b.population(4)).population());
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"NSGA2", "NSGA3", "SNSGA2"})
    void anOddPopulationIsRefusedForTheAlgorithmsThatPairParents(Algorithm a) {
        assertEquals("population must be even for " + a.key() + ", but was 5",
                refusal(b -> b.algorithm(a).population(5)));
        assertEquals(6, accepted(b -> b.algorithm(a).population(6)).population());
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"RANDOM", "REGEVO", "SAEA"})
    void anOddPopulationIsFineForTheOthers(Algorithm a) {
        assertEquals(5, accepted(b -> b.algorithm(a).population(5).regevoSample(5)).population());
    }

    @Test
    void regevosSampleLiesBetweenTwoAndThePopulation() {
        UnaryOperator<SearchSetup.Builder> regevo = b -> b.algorithm(Algorithm.REGEVO).population(10);
        assertEquals(2, accepted(b -> regevo.apply(b).regevoSample(2)).regevoSample());
        assertEquals(10, accepted(b -> regevo.apply(b).regevoSample(10)).regevoSample());
        assertEquals("regevo sample must be in [2, population 10], but was 1",
                refusal(b -> regevo.apply(b).regevoSample(1)));
        assertEquals("regevo sample must be in [2, population 10], but was 11",
                refusal(b -> regevo.apply(b).regevoSample(11)));
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = "REGEVO", mode = EnumSource.Mode.EXCLUDE)
    void theOtherAlgorithmsIgnoreRegevosSample(Algorithm a) {
        accepted(b -> b.algorithm(a).population(10).regevoSample(1));
        accepted(b -> b.algorithm(a).population(10).regevoSample(11));
    }

    @Test
    void ratesMayBeZeroToOneInclusive() {
        SearchSetup low = accepted(b -> b.mutationRate(0).crossoverRate(0));
        assertEquals(0.0, low.mutationRate());
        assertEquals(0.0, low.crossoverRate());
        SearchSetup high = accepted(b -> b.mutationRate(1).crossoverRate(1));
        assertEquals(1.0, high.mutationRate());
        assertEquals(1.0, high.crossoverRate());
    }

    @Test
    void ratesOutsideZeroToOneOrNaNAreRefusedNamingBoth() {
        assertEquals("mutation and crossover rates must be in [0, 1], but were 1.0000001 and 0.5",
                refusal(b -> b.mutationRate(1.0000001)));
        assertEquals("mutation and crossover rates must be in [0, 1], but were -1.0E-7 and 0.5",
                refusal(b -> b.mutationRate(-1e-7)));
        assertEquals("mutation and crossover rates must be in [0, 1], but were 0.25 and 1.0000001",
                refusal(b -> b.mutationRate(0.25).crossoverRate(1.0000001)));
        assertEquals("mutation and crossover rates must be in [0, 1], but were 0.25 and -1.0E-7",
                refusal(b -> b.mutationRate(0.25).crossoverRate(-1e-7)));
        assertEquals("mutation and crossover rates must be in [0, 1], but were 0.25 and NaN",
                refusal(b -> b.mutationRate(0.25).crossoverRate(Double.NaN)));
        SearchSetup fine = tableSearch(out).build();
        var e = assertThrows(IllegalArgumentException.class, () -> withMutationRate(fine, Double.NaN));
        assertEquals("mutation and crossover rates must be in [0, 1], but were NaN and 0.5", e.getMessage());
    }

    @Test
    void measurementsPerGenerationMayBeZeroButNotNegative() {
        assertEquals("measurements per generation must be >= 0, but was -1",
                refusal(b -> b.measurePerGeneration(-1)));
        assertEquals(0, accepted(b -> b.measurePerGeneration(0)).measurePerGeneration());
    }

    @Test
    void objectivesAreAccuracyThenEachDevicesLatencyThenTheExtras() {
        SearchSetup s = accepted(b -> b.latency(latency(GPU2)).objective(Metric.PARAMS).objective(Metric.FLOPS));
        assertEquals(List.of("accuracy", "latency_ms[" + GPU + "]", "latency_ms[" + GPU2 + "]", "params", "flops"),
                s.objectives().stream().map(SearchObjective::key).toList());
    }

    @Test
    void aLatencyBudgetWithoutDeviceBindsEachDeviceAndAGraphBudgetNone() {
        SearchSetup s = accepted(b -> b.latency(latency(GPU2)).budget(Budget.parse("latency_ms<=5"))
                .budget(Budget.parse(GPU2 + ":worst_latency_ms<=3")).budget(Budget.parse("params<=1e6")));
        assertEquals(List.of(GPU + ":latency_ms<=5", GPU2 + ":latency_ms<=5", GPU2 + ":worst_latency_ms<=3",
                "params<=1000000"), s.constraints().stream().map(Constraint::key).toList());
        assertNull(s.constraints().get(3).device());
    }

    @Test
    void theGraphMetricsAreTheExtraObjectivesThenTheGraphBudgetsEachOnce() {
        SearchSetup s = accepted(b -> b.objective(Metric.MODEL_SIZE_MB).budget(Budget.parse("latency_ms<=5"))
                .budget(Budget.parse("flops<=1e9")).budget(Budget.parse("model_size_mb<=10")));
        assertEquals(List.of(Metric.MODEL_SIZE_MB, Metric.FLOPS), List.copyOf(s.graphMetrics()));
        assertTrue(tableSearch(out).build().graphMetrics().isEmpty());
    }

    @Test
    void theBuildersDefaults() {
        SearchSetup s = SearchSetup.builder().space(NB201).accuracy(cifar10()).latency(latency(GPU)).out(out).build();
        assertEquals(Algorithm.SAEA, s.algorithm());
        assertEquals(1000, s.evaluations());
        assertEquals(30, s.population());
        assertEquals(10, s.regevoSample());
        // One gene of nb201's six mutated per child, on average.
        assertEquals(6, NB201.dimensions().size());
        assertEquals(1.0 / 6, s.mutationRate());
        assertEquals(0.5, s.crossoverRate());
        assertEquals(1, s.seed());
        assertEquals(4, s.measurePerGeneration());
        assertNull(s.config());
        assertEquals(Map.of(), s.environment());
        assertEquals(Map.of(), s.commands());
        assertEquals(List.of(), s.budgets());
        assertEquals(List.of(), s.extraObjectives());
    }

    @Test
    void everySetterIsReadBackFromTheSetup() {
        var executor = LocalExecutor.sequential();
        var config = SearchConfig.builder(new AccuracySource.Nb201("nb201:cifar10"),
                List.of(new LatencySource.Table("help.csv", GPU, "arch_str"))).build();
        SearchSetup s = SearchSetup.builder().space(NB201).accuracy(cifar10()).latency(latency(GPU))
                .objective(Metric.PARAMS).budget(Budget.parse("latency_ms<=5")).algorithm("nsga2")
                .evaluations(50).population(8).regevoSample(3).mutationRate(0.3).crossoverRate(0.7).seed(42)
                .measurePerGeneration(2).out(out).executor(executor).config(config)
                .environment("onnxruntime", "1.17").command("export", "hwnas export {arch}").build();
        assertSame(NB201, s.space());
        assertEquals(List.of(GPU), s.latency().stream().map(LatencyOracle::device).toList());
        assertEquals(List.of(Metric.PARAMS), s.extraObjectives());
        assertEquals(List.of(Budget.parse("latency_ms<=5")), s.budgets());
        assertEquals(Algorithm.NSGA2, s.algorithm());
        assertEquals(50, s.evaluations());
        assertEquals(8, s.population());
        assertEquals(3, s.regevoSample());
        assertEquals(0.3, s.mutationRate());
        assertEquals(0.7, s.crossoverRate());
        assertEquals(42, s.seed());
        assertEquals(2, s.measurePerGeneration());
        assertEquals(out, s.out());
        assertSame(executor, s.executor());
        assertSame(config, s.config());
        assertEquals(Map.of("onnxruntime", "1.17"), s.environment());
        assertEquals(Map.of("export", "hwnas export {arch}"), s.commands());
    }
}
