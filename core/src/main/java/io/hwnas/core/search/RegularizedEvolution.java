package io.hwnas.core.search;

import java.util.ArrayList;
import java.util.List;
import org.moeaframework.algorithm.AbstractEvolutionaryAlgorithm;
import org.moeaframework.core.Solution;
import org.moeaframework.core.attribute.Rank;
import org.moeaframework.core.comparator.ParetoDominanceComparator;
import org.moeaframework.core.initialization.Initialization;
import org.moeaframework.core.operator.Variation;
import org.moeaframework.core.population.FastNondominatedSorting;
import org.moeaframework.core.population.Population;
import org.moeaframework.problem.Problem;

/**
 * Regularised (aging) evolution (Real et al., 2019), made multi-objective: each child's parent is the winner of a
 * tournament among {@code sampleSize} members drawn at random, the winner being drawn among the tournament's first
 * non-dominated front (constrained domination, MOEA Framework's sorting); the child replaces the oldest member.
 * One {@link #iterate()} makes as many children as the population holds, so a checkpoint per iteration is one
 * per generation.
 */
final class RegularizedEvolution extends AbstractEvolutionaryAlgorithm {

    private final int sampleSize;
    private final FastNondominatedSorting sorting = new FastNondominatedSorting(new ParetoDominanceComparator());

    RegularizedEvolution(Problem problem, int populationSize, int sampleSize, Initialization initialization,
            Variation mutation) {
        super(problem, populationSize, new Population(), null, initialization, mutation);
        if (sampleSize < 2 || sampleSize > populationSize) {
            throw new IllegalArgumentException("regevo sample size must be in [2, population " + populationSize
                    + "], but was " + sampleSize);
        }
        this.sampleSize = sampleSize;
    }

    @Override
    public String getName() {
        return "regevo";
    }

    @Override
    protected void iterate() {
        Population population = getPopulation();
        int children = getInitialPopulationSize();
        for (int k = 0; k < children; k++) {
            Solution parent = tournament(population);
            Solution child = getVariation().evolve(new Solution[] {parent})[0];
            evaluate(child);
            population.add(child);
            population.remove(0); // the oldest
        }
    }

    private Solution tournament(Population population) {
        List<Integer> indices = new ArrayList<>(population.size());
        for (int i = 0; i < population.size(); i++) {
            indices.add(i);
        }
        MoeaRandom.shuffle(indices);
        Population sample = new Population();
        // A first generation cut short by the budget (or by failures) can be smaller than the sample.
        for (int i = 0; i < Math.min(sampleSize, population.size()); i++) {
            sample.add(population.get(indices.get(i)).copy());
        }
        sorting.evaluate(sample);
        List<Solution> best = new ArrayList<>();
        for (Solution s : sample) {
            if (Rank.getAttribute(s) == Rank.BEST_RANK) {
                best.add(s);
            }
        }
        return MoeaRandom.pick(best);
    }
}
