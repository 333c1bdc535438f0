package io.hwnas.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void equalConfigurationsHaveNoDifference() throws Exception {
        assertTrue(ConfigDiff.first(json("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":\"x\"}}"),
                json("{\"a\":1,\"b\":[1,2],\"c\":{\"d\":\"x\"}}")).isEmpty());
    }

    @Test
    void theFirstDifferenceInWritingOrderIsNamedWithBothValues() throws Exception {
        ConfigDiff.Difference d = ConfigDiff.first(json("{\"space\":\"nb201\",\"seed\":2,\"algorithm\":\"nsga2\"}"),
                json("{\"space\":\"nb201\",\"seed\":5,\"algorithm\":\"nsga3\"}")).orElseThrow();
        assertEquals("seed", d.path());
        assertEquals("seed was 2 there and is 5 now", d.describe(d.path()));
    }

    @Test
    void nestedFieldsAreNamedByTheirPathAndListsAsAWhole() throws Exception {
        ConfigDiff.Difference d = ConfigDiff.first(json("{\"accuracy\":{\"kind\":\"table\",\"column\":\"a\"}}"),
                json("{\"accuracy\":{\"kind\":\"table\",\"column\":\"b\"}}")).orElseThrow();
        assertEquals("accuracy.column", d.path());
        ConfigDiff.Difference l = ConfigDiff.first(json("{\"budgets\":[\"latency_ms<=5\"]}"),
                json("{\"budgets\":[\"latency_ms<=5\",\"params<=1e6\"]}")).orElseThrow();
        assertEquals("budgets was [\"latency_ms<=5\"] there and is [\"latency_ms<=5\",\"params<=1e6\"] now",
                l.describe(l.path()));
    }

    @Test
    void aFieldOnOneSideOnlyIsNotSetOnTheOther() throws Exception {
        ConfigDiff.Difference d = ConfigDiff.first(json("{\"a\":1}"), json("{\"a\":1,\"tokens\":5.0}"))
                .orElseThrow();
        assertEquals("tokens was not set there and is 5.0 now", d.describe("tokens"));
        ConfigDiff.Difference n = ConfigDiff.first(json("{\"a\":null}"), json("{\"a\":\"x\"}")).orElseThrow();
        assertEquals("a was not set there and is \"x\" now", n.describe("a"));
    }
}
