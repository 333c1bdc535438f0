package io.hwnas.core.search.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwnas.core.config.ConfigDiff;
import io.hwnas.core.measure.MeasurementPlan;
import io.hwnas.core.measure.drift.DriftControl;
import io.hwnas.core.search.Algorithm;
import io.hwnas.core.search.Budget;
import io.hwnas.core.search.Metric;
import io.hwnas.core.train.TrainingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchConfigTest {

    private static final AccuracySource CIFAR10 = new AccuracySource.Nb201("nb201:cifar10");
    private static final LatencySource CPU = new LatencySource.Device("cpu-1t", LatencyMode.LOOP, null);
    private static final LatencySource GPU = new LatencySource.Table("help.csv.gz", "1080ti_1_ms", "arch_str");

    private static SearchConfig.Builder plain() {
        return SearchConfig.builder(CIFAR10, List.of(CPU));
    }

    /** A configuration with no field at its default, so that a field lost on the way shows. */
    private static SearchConfig everythingSet() {
        Measuring measuring = new Measuring("gbdt", 7, 2, Measuring.Plan.of(MeasurementPlan.defaults().toBuilder()
                .warmupRuns(3).budget(Duration.ofMillis(2500)).build()), 11, Measuring.NO_REFERENCE,
                List.of("devices", "more-devices"), DriftControl.OFF);
        return plain().space("ofa").graph("decode").accuracy(new AccuracySource.Table("acc.csv", "top1", "arch"))
                .exitShares(List.of(0.25, 0.75))
                .latency(List.of(new LatencySource.Device("phone", LatencyMode.PREDICTED, "phone.model"), GPU))
                .objectives(List.of(Metric.PARAMS, Metric.MEMORY_MB))
                .budgets(List.of(Budget.parse("phone:latency_ms<=5"), Budget.parse("params<=1e6")))
                .noBudget(true).algorithm(Algorithm.REGEVO).evaluations(77).population(12).regevoSample(4).seed(9)
                .measuring(measuring).build();
    }

    private static String fromJsonRefusal(JsonNode json) {
        return assertThrows(IllegalArgumentException.class, () -> SearchConfig.fromJson(json)).getMessage();
    }

    @Test
    void theBuildersDefaults() {
        SearchConfig c = plain().build();
        assertEquals("nb201", c.space());
        assertEquals("", c.graph());
        assertEquals(CIFAR10, c.accuracy());
        assertNull(c.exitShares());
        assertEquals(List.of(CPU), c.latency());
        assertEquals(List.of(), c.objectives());
        assertEquals(List.of(), c.budgets());
        assertEquals(false, c.noBudget());
        assertEquals(Algorithm.SAEA, c.algorithm());
        assertEquals(SearchConfig.DEFAULT_EVALUATIONS, c.evaluations());
        assertEquals(SearchConfig.DEFAULT_POPULATION, c.population());
        assertEquals(SearchConfig.DEFAULT_REGEVO_SAMPLE, c.regevoSample());
        assertEquals(SearchConfig.DEFAULT_SEED, c.seed());
        assertEquals(Measuring.defaults(), c.measuring());
    }

    @Test
    void everySetterIsReadBack() {
        SearchConfig c = everythingSet();
        assertEquals("ofa", c.space());
        assertEquals("decode", c.graph());
        assertEquals(new AccuracySource.Table("acc.csv", "top1", "arch"), c.accuracy());
        assertEquals(List.of(0.25, 0.75), c.exitShares());
        assertEquals(List.of("phone", "1080ti_1_ms"), c.latency().stream().map(LatencySource::device).toList());
        assertEquals(List.of(Metric.PARAMS, Metric.MEMORY_MB), c.objectives());
        assertEquals(List.of(Budget.parse("phone:latency_ms<=5"), Budget.parse("params<=1e6")), c.budgets());
        assertTrue(c.noBudget());
        assertEquals(Algorithm.REGEVO, c.algorithm());
        assertEquals(77, c.evaluations());
        assertEquals(12, c.population());
        assertEquals(4, c.regevoSample());
        assertEquals(9, c.seed());
        assertEquals("gbdt", c.measuring().predictor());
        assertEquals(c, c.toBuilder().build(), "toBuilder starts from every field");
    }

    @Test
    void aSearchWithoutLatencySourceIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> plain().latency(List.of()).build());
        assertEquals("a search needs at least one device or latency table", e.getMessage());
    }

    @Test
    void aDeviceGivenTwiceIsRefusedNamingIt() {
        // A measured device and a table column of the same name would be two latencies for one objective.
        var twice = List.of(CPU, new LatencySource.Table("t.csv", "cpu-1t", "arch"));
        var e = assertThrows(IllegalArgumentException.class, () -> plain().latency(twice).build());
        assertEquals("device 'cpu-1t' is given twice", e.getMessage());
        assertEquals(2, plain().latency(List.of(CPU, GPU)).build().latency().size());
    }

    @Test
    void evaluationsStartAtOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> plain().evaluations(0).build());
        assertEquals("evaluations must be >= 1, but was 0", e.getMessage());
        assertEquals(1, plain().evaluations(1).build().evaluations());
    }

    @Test
    void theListsKeptAreCopies() {
        var shares = new ArrayList<>(List.of(0.5, 0.5));
        SearchConfig c = plain().exitShares(shares).build();
        shares.set(0, 0.9);
        assertEquals(List.of(0.5, 0.5), c.exitShares());
        assertThrows(UnsupportedOperationException.class, () -> c.budgets().add(Budget.parse("params<=1")));
    }

    @Test
    void everyFieldSurvivesTheManifestsJson() {
        SearchConfig c = everythingSet();
        assertEquals(c, SearchConfig.fromJson(c.toJson()));
        assertEquals(plain().build(), SearchConfig.fromJson(plain().build().toJson()));
    }

    @Test
    void eachAccuracySourceSurvivesTheManifestsJson() {
        for (AccuracySource a : List.of(CIFAR10, new AccuracySource.Table("acc.csv", "top1", "arch"),
                new AccuracySource.ScalingLaw("chinchilla", 2e9, 20),
                new AccuracySource.ScalingLaw("chinchilla", null, 20),
                new AccuracySource.Training("mnist", TrainingConfig.builder().build(), 12))) {
            SearchConfig c = plain().accuracy(a).build();
            assertEquals(c, SearchConfig.fromJson(c.toJson()), a.name());
        }
    }

    @Test
    void theJsonUsesTheManifestsWords() {
        JsonNode json = everythingSet().toJson();
        assertEquals("regevo", json.path("algorithm").asText());
        assertTrue(json.path("no_budget").asBoolean());
        assertEquals(4, json.path("regevo_sample").asInt());
        assertEquals("[0.25,0.75]", json.path("exit_shares").toString());
        assertEquals("[\"phone:latency_ms<=5\",\"params<=1000000\"]", json.path("budgets").toString());
        assertEquals("[\"params\",\"memory_mb\"]", json.path("objectives").toString());
        JsonNode phone = json.path("latency").path(0);
        assertEquals("device", phone.path("kind").asText());
        assertEquals("predicted", phone.path("mode").asText());
        assertEquals("phone.model", phone.path("predictor_model").asText());
        assertEquals("table", json.path("latency").path(1).path("kind").asText());
        assertEquals("1080ti_1_ms", json.path("latency").path(1).path("column").asText());
        assertEquals("off", json.path("measuring").path("drift_control").asText());
        assertEquals(2.5, json.path("measuring").path("plan").path("max_time_s").asDouble());
        assertEquals("on", plain().build().toJson().path("measuring").path("drift_control").asText());
    }

    @Test
    void aManifestWrittenBeforeDriftControlReadsAsOff() {
        ObjectNode json = (ObjectNode) plain().build().toJson();
        ((ObjectNode) json.path("measuring")).remove("drift_control");
        assertEquals(DriftControl.OFF, SearchConfig.fromJson(json).measuring().driftControl());
    }

    @Test
    void aDriftControlWordOtherThanOnOrOffIsRefusedNamingIt() {
        ObjectNode json = (ObjectNode) plain().build().toJson();
        ((ObjectNode) json.path("measuring")).put("drift_control", "maybe");
        String msg = fromJsonRefusal(json);
        assertTrue(msg.startsWith("not a search configuration: "), msg);
        assertTrue(msg.contains("--drift-control must be on or off, but was 'maybe'"), msg);
    }

    @Test
    void anUnknownLatencyModeInTheManifestIsRefusedNamingIt() {
        ObjectNode json = (ObjectNode) plain().build().toJson();
        ((ObjectNode) json.path("latency").path(0)).put("mode", "fast");
        String msg = fromJsonRefusal(json);
        assertTrue(msg.startsWith("not a search configuration: "), msg);
        assertTrue(msg.contains("unknown latency mode 'fast'; known: loop, measured, predicted"), msg);
    }

    @Test
    void aManifestBreakingTheConfigurationsRulesIsRefusedWithTheRule() {
        ObjectNode json = (ObjectNode) plain().build().toJson();
        json.put("evaluations", 0);
        String msg = fromJsonRefusal(json);
        assertTrue(msg.startsWith("not a search configuration: "), msg);
        assertTrue(msg.contains("evaluations must be >= 1, but was 0"), msg);
    }

    @Test
    void jsonThatIsNoConfigurationIsRefused() {
        String msg = fromJsonRefusal(SearchConfig.MAPPER.createArrayNode().add(1));
        assertTrue(msg.startsWith("not a search configuration: "), msg);
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanReadAsItsLastValue() {
        var e = assertThrows(JsonProcessingException.class,
                () -> SearchConfig.MAPPER.readTree("{\"seed\": 1, \"seed\": 2}"));
        assertTrue(e.getMessage().contains("Duplicate field 'seed'"), e.getMessage());
    }

    @Test
    void theFirstDifferenceNamesTheFieldAndBothValues() {
        SearchConfig before = plain().build();
        assertTrue(before.firstDifference(plain().build()).isEmpty());
        ConfigDiff.Difference d = before.firstDifference(plain().seed(5).build()).orElseThrow();
        assertEquals("seed", d.path());
        assertEquals("seed was 1 there and is 5 now", d.describe("seed"));
        ConfigDiff.Difference drift = before.firstDifference(plain().measuring(new Measuring(
                Measuring.DEFAULT_PREDICTOR, Measuring.DEFAULT_WARMUP_SAMPLES, Measuring.DEFAULT_MEASURE_PER_GENERATION,
                Measuring.defaults().plan(), 0, Measuring.DEFAULT_SPEC_REFERENCE, List.of(), DriftControl.OFF)).build())
                .orElseThrow();
        assertEquals("measuring.drift_control", drift.path());
    }
}
