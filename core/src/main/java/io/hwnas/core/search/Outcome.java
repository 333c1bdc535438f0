package io.hwnas.core.search;

import java.util.ArrayList;
import java.util.List;

/**
 * What a set of evaluated candidates says: the constrained front, whether any candidate is feasible, and the
 * candidates predicted within every budget but measured outside one (only candidates with both a prediction and a
 * measurement on a budgeted device count, so table oracles have none).
 */
record Outcome(List<Candidate> front, boolean feasible, List<Candidate> violations, int predictedFeasibleMeasured) {

    static Outcome of(SearchProblem problem, List<Candidate> all) {
        List<Constraint> constraints = problem.constraints();
        boolean feasible = all.stream().anyMatch(c -> constraints.stream().allMatch(k -> k.violation(c) == 0));
        List<Candidate> violations = new ArrayList<>();
        int predictedFeasibleMeasured = 0;
        for (Candidate c : all) {
            boolean measuredOne = false;
            boolean predictedOk = true;
            boolean measuredOk = true;
            for (Constraint k : constraints) {
                predictedOk &= k.budget().admits(k.valueOf(c, true));
                measuredOk &= k.violation(c) == 0;
                if (k.device() != null && c.latency(k.device()).isMeasured() && c.latency(k.device()).isPredicted()) {
                    measuredOne = true;
                }
            }
            if (measuredOne && predictedOk) {
                predictedFeasibleMeasured++;
                if (!measuredOk) {
                    violations.add(c);
                }
            }
        }
        return new Outcome(Fronts.front(problem, all), feasible, violations, predictedFeasibleMeasured);
    }

    double violationRate() {
        return predictedFeasibleMeasured == 0 ? Double.NaN : violations.size() / (double) predictedFeasibleMeasured;
    }
}
