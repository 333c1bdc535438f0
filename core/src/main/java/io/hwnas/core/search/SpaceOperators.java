package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.moeaframework.core.Solution;
import org.moeaframework.core.initialization.Initialization;
import org.moeaframework.core.operator.Variation;
import org.moeaframework.problem.Problem;

/**
 * The search space's own sampling, mutation and uniform crossover, as MOEA Framework operators. Randomness comes
 * from MOEA Framework's generator ({@link MoeaRandom}), which the search seeds and checkpoints, so a run repeats
 * and resumes exactly.
 *
 * <p>An offspring the search has already evaluated is drawn again (a few times at most): every evaluation should
 * buy a new architecture. One that stays a duplicate costs nothing, as the pool answers it from its cache.
 *
 * <p>The search spends exactly the evaluations it was given: once the pool and the children bred but not yet
 * evaluated reach them, sampling draws no more and a variation returns copies of its parents (evaluated already,
 * so free), so a last generation, or a first one larger than the budget, is cut short instead of overshooting.
 */
final class SpaceOperators {

    /** Draws before accepting an architecture already seen. */
    private static final int RETRIES = 20;

    private final SearchSpace space;
    private final Problem problem;
    private final Predicate<String> seen;
    /** How many architectures the search has evaluated, and how many it may. */
    private final IntSupplier evaluated;
    private final int evaluations;
    private final double mutationRate;
    private final double crossoverRate;
    /**
     * Children bred since {@link #newGeneration()}, in the order bred: not evaluated yet, but no less taken. The
     * search hands them to the executor as one batch before it evaluates the first ({@link Prefetch}).
     */
    private final Set<String> bred = new java.util.LinkedHashSet<>();

    SpaceOperators(SearchSpace space, Problem problem, Predicate<String> seen, IntSupplier evaluated,
            int evaluations, double mutationRate, double crossoverRate) {
        this.space = space;
        this.problem = problem;
        this.seen = seen;
        this.evaluated = evaluated;
        this.evaluations = evaluations;
        this.mutationRate = mutationRate;
        this.crossoverRate = crossoverRate;
    }

    private static SplittableRandom random() {
        return MoeaRandom.child();
    }

    private Solution solution(Architecture a) {
        Solution s = problem.newSolution();
        ArchitectureVariable.set(s, a.canonical());
        return s;
    }

    double mutationRate() {
        return mutationRate;
    }

    double crossoverRate() {
        return crossoverRate;
    }

    SearchSpace space() {
        return space;
    }

    /**
     * A child another algorithm chose ({@link SurrogateEvolution}), as a solution, counted among this generation's
     * children so that it is prefetched with them.
     */
    Solution child(Architecture a) {
        bred.add(a.canonical());
        return solution(a);
    }

    /** Forgets the children of the last generation (they are evaluated by now, and the pool knows them). */
    void newGeneration() {
        bred.clear();
    }

    /** The architectures bred since {@link #newGeneration()}, in the order bred. */
    List<String> bred() {
        return List.copyOf(bred);
    }

    /** Evaluations left: the budget less those made and the children bred but not yet evaluated. */
    int room() {
        int pending = 0;
        for (String a : bred) {
            if (!seen.test(a)) {
                pending++;
            }
        }
        return evaluations - evaluated.getAsInt() - pending;
    }

    private Architecture fresh(Supplier<Architecture> draw, Set<String> taken) {
        Architecture a = draw.get();
        for (int i = 0; i < RETRIES && (seen.test(a.canonical()) || taken.contains(a.canonical())
                || bred.contains(a.canonical())); i++) {
            a = draw.get();
        }
        taken.add(a.canonical());
        bred.add(a.canonical());
        return a;
    }

    /** Architectures drawn uniformly, distinct from each other and from those seen, as far as retries allow. */
    Initialization sampling() {
        return n -> {
            SplittableRandom r = random();
            Set<String> taken = new HashSet<>();
            Solution[] out = new Solution[Math.max(0, Math.min(n, room()))];
            for (int i = 0; i < out.length; i++) {
                out[i] = solution(fresh(() -> space.sample(r), taken));
            }
            return out;
        };
    }

    /** Two parents, two children: uniform crossover with probability {@code crossoverRate}, then mutation. */
    Variation crossoverAndMutation() {
        return new Variation() {
            @Override
            public String getName() {
                return "space-crossover+mutation";
            }

            @Override
            public int getArity() {
                return 2;
            }

            @Override
            public Solution[] evolve(Solution[] parents) {
                SplittableRandom r = random();
                Architecture a = space.decode(ArchitectureVariable.of(parents[0]));
                Architecture b = space.decode(ArchitectureVariable.of(parents[1]));
                Set<String> taken = new HashSet<>();
                Solution[] out = new Solution[2];
                for (int i = 0; i < 2; i++) {
                    if (room() <= 0) {
                        out[i] = parents[i].copy();
                        continue;
                    }
                    Architecture first = i == 0 ? a : b;
                    Architecture second = i == 0 ? b : a;
                    out[i] = solution(fresh(() -> {
                        Architecture base = r.nextDouble() < crossoverRate ? space.crossover(first, second, r) : first;
                        return space.mutate(base, r, mutationRate);
                    }, taken));
                }
                return out;
            }
        };
    }

    /** One parent, one mutated child (regularised evolution's only operator). */
    Variation mutation() {
        return new Variation() {
            @Override
            public String getName() {
                return "space-mutation";
            }

            @Override
            public int getArity() {
                return 1;
            }

            @Override
            public Solution[] evolve(Solution[] parents) {
                SplittableRandom r = random();
                if (room() <= 0) {
                    return new Solution[] {parents[0].copy()};
                }
                Architecture a = space.decode(ArchitectureVariable.of(parents[0]));
                return new Solution[] {solution(fresh(() -> space.mutate(a, r, mutationRate), new HashSet<>()))};
            }
        };
    }
}
