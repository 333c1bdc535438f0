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
        boolean feasible = all.stream().anyMatch(c -> Constraint.met(constraints, c));
        List<Candidate> violations = new ArrayList<>();
        int predictedFeasibleMeasured = 0;
        for (Candidate c : all) {
            boolean measuredOne = constraints.stream().anyMatch(k -> k.device() != null
                    && c.latency(k.device()).isMeasured() && c.latency(k.device()).isPredicted());
            if (measuredOne && Constraint.predictedMet(constraints, c)) {
                predictedFeasibleMeasured++;
                if (!Constraint.met(constraints, c)) {
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
