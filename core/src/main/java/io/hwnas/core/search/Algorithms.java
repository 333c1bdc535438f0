package io.hwnas.core.search;

import java.util.List;
import java.util.Locale;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.NSGAII;
import org.moeaframework.algorithm.NSGAIII;
import org.moeaframework.algorithm.RandomSearch;
import org.moeaframework.core.comparator.ChainedComparator;
import org.moeaframework.core.comparator.CrowdingComparator;
import org.moeaframework.core.comparator.ParetoDominanceComparator;
import org.moeaframework.core.population.NondominatedPopulation;
import org.moeaframework.core.population.NondominatedSortingPopulation;
import org.moeaframework.core.population.ReferencePointNondominatedSortingPopulation;
import org.moeaframework.core.selection.TournamentSelection;
import org.moeaframework.util.weights.NormalBoundaryDivisions;

/** The search algorithms by name, all MOEA Framework machinery driven by the space's own operators. */
public final class Algorithms {

    /** Names {@code --algorithm} accepts; the first is the default. */
    public static final List<String> NAMES = List.of("nsga2", "nsga3", "random", "regevo");

    private Algorithms() {}

    /** The canonical name of {@code name}; an unknown one fails listing the known ones. */
    public static String check(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return n;
    }

    static AbstractAlgorithm create(String name, SearchProblem problem, SpaceOperators ops, int population,
            int regevoSample) {
        return switch (check(name)) {
            case "nsga2" -> new NSGAII(problem, population, new NondominatedSortingPopulation(), null,
                    new TournamentSelection(2, new ChainedComparator(new ParetoDominanceComparator(),
                            new CrowdingComparator())),
                    ops.crossoverAndMutation(), ops.sampling());
            case "nsga3" -> {
                NormalBoundaryDivisions divisions = divisionsFor(problem.getNumberOfObjectives(), population);
                yield new NSGAIII(problem, population,
                        new ReferencePointNondominatedSortingPopulation(problem.getNumberOfObjectives(), divisions),
                        new TournamentSelection(2, new ParetoDominanceComparator()), ops.crossoverAndMutation(),
                        ops.sampling());
            }
            case "random" -> new RandomSearch(problem, population, ops.sampling(), new NondominatedPopulation());
            case "regevo" -> new RegularizedEvolution(problem, population, regevoSample, ops.sampling(),
                    ops.mutation());
            default -> throw new IllegalStateException(name);
        };
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
