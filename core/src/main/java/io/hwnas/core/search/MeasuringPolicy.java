package io.hwnas.core.search;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a search measures for real, on the devices whose oracles can measure: during the search, a few candidates
 * a generation where a measurement matters most; at the end, the whole front.
 */
final class MeasuringPolicy {

    /** A candidate whose predicted latency lies within this share of a budget is worth measuring. */
    static final double NEAR_BUDGET = 0.15;

    private final SearchProblem problem;
    private final CandidatePool pool;
    private final DeviceFarm farm;
    private final int perGeneration;

    MeasuringPolicy(SearchProblem problem, CandidatePool pool, DeviceFarm farm, int perGeneration) {
        this.problem = problem;
        this.pool = pool;
        this.farm = farm;
        this.perGeneration = perGeneration;
    }

    /**
     * Measures, on each device whose oracle can, up to {@code perGeneration} unmeasured candidates: the front's
     * first (nearest a latency budget first, then the most accurate), then those whose predicted latency lies
     * within {@link #NEAR_BUDGET} of a budget (most accurate first). The farm then refits the predictors.
     */
    void generation(int generation) {
        if (perGeneration <= 0) {
            return;
        }
        Map<MeasuringOracle, List<String>> picks = new LinkedHashMap<>();
        List<Candidate> all = pool.all();
        List<Candidate> front = null;
        for (MeasuringOracle o : farm.measuring()) {
            if (front == null) {
                front = Fronts.front(problem, all);
            }
            picks.put(o, picks(o.device(), all, front));
        }
        farm.measure(picks, "front and budget boundary, generation " + generation);
    }

    private List<String> picks(String device, List<Candidate> all, List<Candidate> front) {
        List<Budget> bounds = problem.constraints().stream().filter(c -> device.equals(c.device()))
                .map(Constraint::budget).toList();
        Comparator<Candidate> nearBudget = Comparator.comparingDouble(c -> nearest(bounds, c, device));
        Comparator<Candidate> accurate = Comparator.comparingDouble(Candidate::accuracy).reversed();
        Set<String> chosen = new LinkedHashSet<>();
        front.stream().filter(c -> !c.latency(device).isMeasured())
                .sorted(nearBudget.thenComparing(accurate).thenComparingInt(Candidate::index))
                .forEach(c -> chosen.add(c.arch()));
        all.stream().filter(c -> !c.latency(device).isMeasured() && nearest(bounds, c, device) <= NEAR_BUDGET)
                .sorted(accurate.thenComparingInt(Candidate::index)).forEach(c -> chosen.add(c.arch()));
        return chosen.stream().limit(perGeneration).toList();
    }

    private static double nearest(List<Budget> bounds, Candidate c, String device) {
        double best = Double.POSITIVE_INFINITY;
        for (Budget b : bounds) {
            best = Math.min(best, b.distance(c.latency(device).bestMs()));
        }
        return best;
    }

    /**
     * Measures the front until every member is measured on every device that can measure (a measurement, and the
     * refit after it, can let another candidate onto the front). Each round asks for at least one candidate not
     * asked for before (one whose measurement failed is not asked again), so this ends; usually after a round or
     * two.
     */
    void front() {
        Map<String, Set<String>> asked = new LinkedHashMap<>();
        while (true) {
            Map<MeasuringOracle, List<String>> picks = new LinkedHashMap<>();
            List<Candidate> front = Fronts.front(problem, pool.all());
            for (MeasuringOracle o : farm.measuring()) {
                Set<String> done = asked.computeIfAbsent(o.device(), k -> new HashSet<>());
                List<String> todo = front.stream().filter(c -> !c.latency(o.device()).isMeasured())
                        .map(Candidate::arch).filter(a -> !done.contains(a)).toList();
                if (!todo.isEmpty()) {
                    done.addAll(todo);
                    picks.put(o, todo);
                }
            }
            if (picks.isEmpty()) {
                return;
            }
            farm.measure(picks, "final front");
        }
    }
}
