package io.hwnas.core.search;

import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.NSGAII;
import org.moeaframework.algorithm.NSGAIII;
import org.moeaframework.algorithm.RandomSearch;
import org.moeaframework.core.comparator.ChainedComparator;
import org.moeaframework.core.comparator.CrowdingComparator;
import org.moeaframework.core.comparator.ParetoDominanceComparator;
import org.moeaframework.core.initialization.Initialization;
import org.moeaframework.core.operator.Variation;
import org.moeaframework.core.population.NondominatedPopulation;
import org.moeaframework.core.population.NondominatedSortingPopulation;
import org.moeaframework.core.population.ReferencePointNondominatedSortingPopulation;
import org.moeaframework.core.selection.TournamentSelection;
import org.moeaframework.problem.Problem;
import org.moeaframework.util.weights.NormalBoundaryDivisions;

/** Each {@link Algorithm} as MOEA Framework machinery driven by the space's own operators. */
public final class Algorithms {

    private Algorithms() {}

    static AbstractAlgorithm create(Algorithm algorithm, SearchProblem problem, SpaceOperators ops, int population,
            int regevoSample) {
        return create(algorithm, problem, ops, population, regevoSample, null, Integer.MAX_VALUE);
    }

    /** {@code pool} and {@code evaluations} serve saea, which reads what was evaluated and stops at the count. */
    static AbstractAlgorithm create(Algorithm algorithm, SearchProblem problem, SpaceOperators ops, int population,
            int regevoSample, CandidatePool pool, int evaluations) {
        return switch (algorithm) {
            case NSGA2 -> nsga2(problem, population, ops.crossoverAndMutation(), ops.sampling());
            case NSGA3 -> {
                NormalBoundaryDivisions divisions = divisionsFor(problem.getNumberOfObjectives(), population);
                yield new NSGAIII(problem, population,
                        new ReferencePointNondominatedSortingPopulation(problem.getNumberOfObjectives(), divisions),
                        new TournamentSelection(2, new ParetoDominanceComparator()), ops.crossoverAndMutation(),
                        ops.sampling());
            }
            case RANDOM -> new RandomSearch(problem, population, ops.sampling(), new NondominatedPopulation());
            case REGEVO -> new RegularizedEvolution(problem, population, regevoSample, ops.sampling(),
                    ops.mutation());
            case SNSGA2 -> nsga2(problem, population, new ScreenedVariation(problem, ops, pool,
                    SurrogateEvolution.SCREEN, ops.mutationRate(), ops.crossoverRate(), evaluations), ops.sampling());
            case SAEA -> new SurrogateEvolution(problem, ops.space(), pool, ops, population, evaluations);
        };
    }

    /** NSGA-II as hwnas runs it: binary tournaments by rank, then crowding. */
    static NSGAII nsga2(Problem problem, int population, Variation variation, Initialization initialization) {
        return new NSGAII(problem, population, new NondominatedSortingPopulation(), null,
                new TournamentSelection(2, new ChainedComparator(new ParetoDominanceComparator(),
                        new CrowdingComparator())),
                variation, initialization);
    }

    /**
     * The most divisions whose reference points (Das and Dennis) do not outnumber the population: NSGA-III keeps
     * about one member per reference point.
     */
    static NormalBoundaryDivisions divisionsFor(int objectives, int population) {
        int h = 1;
        while (new NormalBoundaryDivisions(h + 1).getNumberOfReferencePoints(objectives) <= population) {
            h++;
        }
        return new NormalBoundaryDivisions(h);
    }
}
