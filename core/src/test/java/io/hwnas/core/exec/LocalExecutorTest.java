package io.hwnas.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalExecutorTest extends EvaluationExecutorContract {

    private final LocalExecutor pool = new LocalExecutor(new ExecutorSettings(3, null, 1, 2, Map.of()));

    @Override
    protected EvaluationExecutor executor() {
        return pool;
    }

    @Test
    void oneWorkerRunsInTheCallersThreadAndTriesOnce() {
        LocalExecutor one = LocalExecutor.sequential();
        assertEquals(1, one.parallelism());
        List<TaskOutcome<Integer>> out = one.run(List.of(new FailsOnce("x", UUID.randomUUID().toString()),
                new Square("y", 2)));
        assertFalse(out.get(0).succeeded());
        assertEquals(1, out.get(0).attempts());
        assertTrue(out.get(1).ranOn().startsWith("local on "), out.get(1).ranOn());
    }

    @Test
    void theRegistryHasLocalAndNamesWhatItKnowsForAnUnknownName() {
        EvaluationExecutors all = EvaluationExecutors.discover(getClass().getClassLoader());
        assertTrue(all.has("local"));
        try (EvaluationExecutor e = all.open("local", ExecutorSettings.local(2))) {
            assertEquals("local pool of 2 workers", e.description());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> all.open("slurm", ExecutorSettings.local(1)));
        assertTrue(e.getMessage().contains("no evaluation executor 'slurm'; known: [local"), e.getMessage());
    }

    @Test
    void twoProvidersOfOneNameAreRefusedNamingBoth() {
        ExecutorProvider a = new ExecutorProvider() {
            @Override
            public String name() {
                return "x";
            }

            @Override
            public EvaluationExecutor open(ExecutorSettings s) {
                return LocalExecutor.sequential();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationExecutors.of(List.of(a, a)));
        assertTrue(e.getMessage().contains("'x' is provided by both"), e.getMessage());
    }

    @Test
    void badSettingsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutorSettings.local(0));
        assertTrue(e.getMessage().contains("workers must be >= 1, but was 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ExecutorSettings(1, null, 1, 0, Map.of()));
        assertTrue(e.getMessage().contains("maxFailures"), e.getMessage());
    }
}
