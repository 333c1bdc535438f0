package io.hwnas.core.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.moeaframework.core.Solution;
import org.moeaframework.core.comparator.ParetoDominanceComparator;
import org.moeaframework.core.indicator.Hypervolume;
import org.moeaframework.core.indicator.Normalizer;
import org.moeaframework.core.population.NondominatedPopulation;
import org.moeaframework.core.population.NondominatedPopulation.DuplicateMode;

/**
 * Pareto fronts and hypervolumes of candidates, through MOEA Framework: constrained domination for the front, its
 * hypervolume indicator for the area.
 */
public final class Fronts {

    private Fronts() {}

    /**
     * The constrained non-dominated candidates: when any candidate meets every budget, the non-dominated feasible
     * ones; otherwise those with the smallest total violation. Candidates with equal objectives are all kept.
     */
    static List<Candidate> front(SearchProblem problem, Collection<Candidate> candidates) {
        NondominatedPopulation front = new NondominatedPopulation(new ParetoDominanceComparator(),
                DuplicateMode.ALLOW_DUPLICATE_OBJECTIVES);
        for (Candidate c : candidates) {
            front.add(problem.solutionOf(c));
        }
        List<Candidate> out = new ArrayList<>(front.size());
        java.util.Set<String> in = new java.util.HashSet<>();
        for (Solution s : front) {
            in.add(ArchitectureVariable.of(s));
        }
        for (Candidate c : candidates) { // evaluation order, not the population's
            if (in.contains(c.arch())) {
                out.add(c);
            }
        }
        return out;
    }

    /** The constrained front of {@code candidates} under {@code setup}'s objectives and budgets. */
    public static List<Candidate> front(SearchSetup setup, Collection<Candidate> candidates) {
        return front(problemOf(setup), candidates);
    }

    /**
     * The hypervolume of {@code candidates}' feasible front under {@code setup}'s objectives and budgets, the
     * objectives normalised to [0, 1] between {@code ideal} and {@code nadir} (each in the objective's own sense:
     * for accuracy the ideal is the larger value) and the reference point at the nadir; a point worse than the
     * nadir in any objective adds nothing. Bounds are in objective order ({@link SearchSetup#objectives()}).
     */
    public static double hypervolume(SearchSetup setup, Collection<Candidate> candidates, double[] ideal,
            double[] nadir) {
        return hypervolume(problemOf(setup), candidates, ideal, nadir);
    }

    /**
     * The constrained front of {@code candidates} under any objectives and budgets: for instance accuracy and one
     * device's latency, to draw the two-dimensional front of a search that had more objectives.
     */
    public static List<Candidate> front(List<SearchObjective> objectives, List<Constraint> constraints,
            Collection<Candidate> candidates) {
        return front(new SearchProblem(null, "any", null, objectives, constraints), candidates);
    }

    private static SearchProblem problemOf(SearchSetup setup) {
        CandidatePool none = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(), java.util.Set.of());
        return new SearchProblem(setup.space(), none, setup.objectives(), setup.constraints());
    }

    /** As {@link #hypervolume(SearchSetup, Collection, double[], double[])}, for the search's own problem. */
    static double hypervolume(SearchProblem problem, Collection<Candidate> candidates, double[] ideal,
            double[] nadir) {
        NondominatedPopulation front = new NondominatedPopulation(new ParetoDominanceComparator());
        for (Candidate c : candidates) {
            Solution s = problem.solutionOf(c);
            if (s.isFeasible()) {
                front.add(s);
            }
        }
        if (front.isEmpty()) {
            return 0;
        }
        double[] min = new double[ideal.length];
        double[] max = new double[ideal.length];
        for (int i = 0; i < ideal.length; i++) {
            // Bounds in the objectives' own values; MOEA Framework's objectives know which way is better.
            min[i] = Math.min(ideal[i], nadir[i]);
            max[i] = Math.max(ideal[i], nadir[i]);
        }
        return new Hypervolume(problem, Normalizer.of(min, max)).evaluate(front);
    }
}
