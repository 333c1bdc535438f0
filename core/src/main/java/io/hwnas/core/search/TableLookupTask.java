package io.hwnas.core.search;

import io.hwnas.core.exec.EvaluationTask;
import io.hwnas.core.space.SearchSpace;
import io.hwnas.core.space.SearchSpaces;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A look-up in the NAS-Bench-201 table that hwnas ships, as a task: next to no work, so that running many of them
 * through an executor measures what the executor itself costs per task ({@code ./hwnas executor check}). Where it
 * runs, the table is read from the class path once per process.
 *
 * @param oracle an {@link TableOracles#nb201} name, {@code nb201:cifar10}
 * @param key    the nb201 architecture's canonical string
 */
public record TableLookupTask(String oracle, String key) implements EvaluationTask<Double> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, AccuracyOracle> READ = new ConcurrentHashMap<>();

    @Override
    public Double run() {
        SearchSpace nb201 = SearchSpaces.builtIn().get("nb201");
        return READ.computeIfAbsent(oracle, o -> TableOracles.nb201(o, nb201)).accuracy(nb201.decode(key));
    }
}
