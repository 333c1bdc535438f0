package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.moeaframework.core.Solution;
import org.moeaframework.core.operator.Variation;

/**
 * NSGA-II's crossover and mutation, screened by surrogates: for each pair of parents, {@code screen} pairs of
 * children are bred, and the two the surrogates expect to add most to the front ({@link BatchChoice}) are kept. The
 * surrogates are fitted once per generation to everything evaluated so far ({@link SurrogateTargets}). Selection
 * and survival stay NSGA-II's, on real evaluations only, so a wrong surrogate costs speed, not the front.
 */
final class ScreenedVariation implements Variation {

    private final SearchSpace space;
    private final CandidatePool pool;
    private final SpaceOperators ops;
    private final SurrogateTargets targets;
    private final int screen;
    private final double mutationRate;
    private final double crossoverRate;
    /** The evaluations the search may spend: past them, parents are returned (evaluated, so free). */
    private final int evaluations;
    private int fittedAt = -1;
    private BatchChoice choice;
    private final Set<String> bredThisGeneration = new HashSet<>();

    ScreenedVariation(SearchProblem problem, SpaceOperators ops, CandidatePool pool, int screen, double mutationRate,
            double crossoverRate, int evaluations) {
        this.evaluations = evaluations;
        this.space = ops.space();
        this.pool = pool;
        this.ops = ops;
        this.targets = new SurrogateTargets(problem.objectives(), problem.constraints(), space);
        this.screen = screen;
        this.mutationRate = mutationRate;
        this.crossoverRate = crossoverRate;
    }

    @Override
    public String getName() {
        return "screened-crossover+mutation";
    }

    @Override
    public int getArity() {
        return 2;
    }

    @Override
    public Solution[] evolve(Solution[] parents) {
        SplittableRandom random = MoeaRandom.child();
        refit(random);
        Architecture a = space.decode(ArchitectureVariable.of(parents[0]));
        Architecture b = space.decode(ArchitectureVariable.of(parents[1]));
        List<Architecture> children = new ArrayList<>();
        Set<String> drawn = new HashSet<>();
        for (int t = 0; t < 5 * screen && children.size() < 2 * screen; t++) {
            Architecture first = t % 2 == 0 ? a : b;
            Architecture second = t % 2 == 0 ? b : a;
            Architecture base = random.nextDouble() < crossoverRate ? space.crossover(first, second, random) : first;
            Architecture c = space.mutate(base, random, mutationRate);
            if (drawn.add(c.canonical()) && !pool.contains(c.canonical())
                    && !bredThisGeneration.contains(c.canonical())) {
                children.add(c);
            }
        }
        List<Architecture> chosen = choice == null || children.isEmpty() ? children
                : choice.choose(children, targets.encoding(), 2);
        Solution[] out = new Solution[2];
        for (int i = 0; i < 2; i++) {
            if (pool.size() + bredThisGeneration.size() >= evaluations) {
                out[i] = parents[i].copy();
                continue;
            }
            Architecture c = i < chosen.size() ? chosen.get(i) : space.mutate(i == 0 ? a : b, random, mutationRate);
            bredThisGeneration.add(c.canonical());
            out[i] = ops.child(c);
        }
        return out;
    }

    /** Fits the surrogates when the pool has grown since the last fit: once per generation. */
    private void refit(SplittableRandom random) {
        if (pool.size() == fittedAt) {
            return;
        }
        fittedAt = pool.size();
        bredThisGeneration.clear();
        List<Candidate> all = pool.all();
        if (all.isEmpty()) {
            choice = null;
            return;
        }
        choice = new BatchChoice(targets, targets.fit(all), all, targets.front(all), random);
    }
}
