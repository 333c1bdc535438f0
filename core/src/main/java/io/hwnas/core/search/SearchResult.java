package io.hwnas.core.search;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished search found: its run's results ({@link #record()}, what its directory holds, as a report reads
 * it), with what only the live search knows.
 *
 * @param setup       the search as it ran: its oracles, objectives and budgets
 * @param record      the run's results: the front (feasible members only, unless no candidate is feasible: then
 *                    the least violating ones), the violations, every candidate, the history, the reference
 * @param resumed     whether this process continued a run killed before
 * @param heldOut     accuracy in % on held-out data (a test split) of the front's members, by architecture, when
 *                    the accuracy oracle has such data
 * @param lowFidelity for candidates promoted to the oracle's higher fidelity, their first (cheap) accuracy
 */
public record SearchResult(SearchSetup setup, RunData record, boolean resumed, Map<String, Double> heldOut,
        Map<String, Double> lowFidelity) {

    public SearchResult {
        heldOut = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(heldOut));
        lowFidelity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lowFidelity));
    }

    public Path dir() {
        return record.dir();
    }

    public List<Candidate> front() {
        return record.front();
    }

    public boolean feasible() {
        return record.feasible();
    }

    public List<Candidate> violations() {
        return record.violations();
    }

    /** Violations over the measured candidates predicted feasible; NaN when none was. */
    public double violationRate() {
        return record.violationRate();
    }

    public int predictedFeasibleMeasured() {
        return record.predictedFeasibleMeasured();
    }

    public List<Candidate> candidates() {
        return record.candidates();
    }

    public List<GenerationStats> history() {
        return record.history();
    }

    public double[] ideal() {
        return record.ideal();
    }

    public double[] nadir() {
        return record.nadir();
    }

    /** Architectures an oracle failed to evaluate (a training that failed), with the reason. */
    public Map<String, String> failed() {
        return record.failed();
    }

    public GenerationStats last() {
        return record.last();
    }
}
