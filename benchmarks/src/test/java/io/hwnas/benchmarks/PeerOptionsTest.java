package io.hwnas.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.search.Algorithm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerOptionsTest {

    @Test
    void everyHwnasAlgorithmAndBothOptunaSamplersRunByDefault() {
        PeerOptions o = PeerOptions.parse(new String[0]);
        for (Algorithm a : Algorithm.values()) {
            assertTrue(o.algorithms().contains("hwnas:" + a.key()), a.key());
        }
        assertTrue(o.algorithms().containsAll(List.of("optuna:nsga2", "optuna:tpe")));
        assertEquals(Algorithm.values().length + 2, o.algorithms().size());
        assertArrayEquals(new int[] {100, 300, 1000, 3000}, o.sizes());
        assertEquals(40, o.percentile(), 0);
        assertEquals(List.of("all"), o.devices());
    }

    @Test
    void optunaMaxLimitsOnlyItsSampler() {
        PeerOptions o = PeerOptions.parse(new String[] {"--sizes", "300,100,1000", "--optuna-max", "tpe=500"});
        assertArrayEquals(new int[] {100, 300, 1000}, o.sizes());
        assertEquals(500, o.target("optuna:tpe"));
        assertEquals(1000, o.target("optuna:nsga2"));
        assertEquals(1000, o.target("hwnas:nsga2"));
        assertEquals(Map.of(), PeerOptions.optunaMax("none"));
    }

    @Test
    void algorithmsAreNormalisedAndAnUnknownOneListsTheKnown() {
        assertEquals("hwnas:nsga2", PeerOptions.algorithmLabel(" HWNAS:NSGA2 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.algorithmLabel("optuna:cmaes"));
        assertTrue(e.getMessage().contains("optuna:cmaes") && e.getMessage().contains("optuna:tpe"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.algorithmLabel("hwnas:nope"));
    }

    @Test
    void badOptionsFailNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.parse(new String[] {"--optuna-max", "grid=3"}));
        assertTrue(e.getMessage().contains("--optuna-max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.parse(new String[] {"--budget-percentile", "140"}));
        assertTrue(e.getMessage().contains("--budget-percentile"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse(new String[] {"--seed", "3"}));
        assertTrue(e.getMessage().contains("--seed"), e.getMessage());
    }
}
