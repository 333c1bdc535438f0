package io.hwnas.core.search;

import io.hwnas.core.space.Architecture;
import io.hwnas.core.space.SearchSpace;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.algorithm.NSGAII;
import org.moeaframework.core.Solution;
import org.moeaframework.core.population.NondominatedPopulation;
import org.moeaframework.core.population.NondominatedSortingPopulation;

/**
 * Surrogate-assisted evolution, the default search. The expensive part of a search is the oracle (a training, a
 * measurement), not the breeding, so each step breeds many children and evaluates only the few that the surrogates
 * expect to be worth it:
 *
 * <ol>
 *   <li>Ridge regressions ({@link SparseRidge}) on the genome ({@link GenomeEncoding}) are fitted to everything
 *       evaluated so far, one per objective and budget (on a log scale for positive costs such as latency).
 *   <li>Up to {@value #POOL} unseen children are bred by mutating one, two or three genes of a parent; parents are
 *       mostly members of the feasible front (the region worth refining), sometimes any candidate.
 *   <li>A batch is chosen greedily: with two objectives, the child whose predicted point adds the most hypervolume
 *       to the front (the evaluated one, plus the children chosen before it, taken at their predictions); with
 *       more, the child least behind that front. A budget's bound is the reference point of its objective, so the
 *       search values the accurate architectures just inside the budget, where users' answers lie. Children
 *       predicted over a budget are chosen only when none is predicted within it.
 *   <li>Each child's predictions are perturbed once per step by noise as large as the regression's error on the
 *       candidates it was fitted to (a Thompson-style draw), so that a wrong model does not send every step to the
 *       same few children.
 * </ol>
 *
 * <p>Once {@value #PATIENCE} steps in a row add no member to the feasible front, the greedy batches have found what
 * the surrogates can see, and the search turns to NSGA-II ({@link ScreenedVariation}: children still screened, but
 * parents selected on real values and spread by crowding), starting from the best {@code initial} of everything
 * evaluated. On NAS-Bench-201 the greedy phase alone stalled at 0.97–0.99 of the true front within a budget after
 * 3,000 evaluations; with the second phase it reached 0.999–1.000 (docs/BENCHMARKS.md).
 *
 * <p>The first step evaluates {@code initial} architectures drawn uniformly. The surrogates are refitted from the
 * {@link CandidatePool}, which the checkpoint holds; the checkpoint also holds the phase and NSGA-II's population
 * ({@link #saveState}), and the search restores MOEA Framework's generator, so a resumed search goes on as it would
 * have.
 */
final class SurrogateEvolution extends AbstractAlgorithm {

    /** Steps in a row without a new member of the feasible front after which the search turns to NSGA-II. */
    static final int PATIENCE = 3;
    /** Children bred per child kept by NSGA-II's screened variation. */
    static final int SCREEN = 10;
    /** Children screened per step. */
    static final int POOL = 600;
    /** The ridge penalty, in units of one row: weak, as there are few rows per feature early on. */
    static final double LAMBDA = 1.0;
    /** How many genes a child changes: one, two or three, with these odds. */
    private static final double[] GENES_CHANGED = {0.6, 0.3, 0.1};
    /** The share of parents drawn from the feasible front rather than from every candidate. */
    private static final double FROM_FRONT = 0.8;
    /** Where the reference point lies past the front in an objective without a budget, in its range. */
    private static final double MARGIN = 0.0125;
    /** The noise added to predictions, in units of the regression's error on its own data. */
    static final double NOISE = 1.0;

    private final SearchSpace space;
    private final SearchProblem searchProblem;
    private final CandidatePool pool;
    private final SpaceOperators ops;
    private final int initial;
    private final int batch;
    private final int evaluations;
    private final SurrogateTargets targets;
    /** Steps in a row that left the feasible front as it was, and that front. */
    private int stale;
    private Set<String> lastFront = Set.of();
    /** The second phase, once begun: NSGA-II with screened children, from the best of what was evaluated. */
    private NSGAII late;

    SurrogateEvolution(SearchProblem problem, SearchSpace space, CandidatePool pool, SpaceOperators ops, int initial,
            int evaluations) {
        super(problem);
        if (initial < 2) {
            throw new IllegalArgumentException("saea needs a population (initial sample) of at least 2, but was "
                    + initial);
        }
        this.space = space;
        this.searchProblem = problem;
        this.pool = pool;
        this.ops = ops;
        this.initial = initial;
        this.batch = Math.max(1, initial / 3);
        this.evaluations = evaluations;
        this.targets = new SurrogateTargets(problem.objectives(), problem.constraints(), space);
    }

    @Override
    public String getName() {
        return "saea";
    }

    /** Architectures evaluated per step after the first. */
    int batch() {
        return batch;
    }

    @Override
    public void initialize() {
        super.initialize();
        evaluate(ops.sampling().initialize(Math.min(initial, Math.max(1, evaluations - pool.size()))));
    }

    @Override
    protected void iterate() {
        int room = evaluations - pool.size();
        if (room <= 0) {
            return;
        }
        List<Candidate> all = pool.all();
        if (all.isEmpty()) {
            evaluate(ops.sampling().initialize(Math.min(batch, room)));
            return;
        }
        List<Integer> front = targets.front(all);
        if (late != null || stalled(all, front)) {
            lateStep(all);
            return;
        }
        SplittableRandom random = MoeaRandom.child();
        SurrogateTargets.Model model = targets.fit(all);
        Map<String, Architecture> children = breed(all, front, random);
        List<Architecture> chosen = children.isEmpty() ? List.of()
                : new BatchChoice(targets, model, all, front, random).choose(new ArrayList<>(children.values()),
                        targets.encoding(), Math.min(batch, room));
        if (chosen.isEmpty()) {
            evaluate(ops.sampling().initialize(Math.min(batch, room)));
            return;
        }
        Solution[] out = new Solution[chosen.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ops.child(chosen.get(i));
        }
        evaluate(out);
    }

    /** Whether the feasible front has stood still for {@link #PATIENCE} steps. */
    private boolean stalled(List<Candidate> all, List<Integer> front) {
        Set<String> now = new HashSet<>();
        front.forEach(i -> now.add(all.get(i).arch()));
        stale = now.equals(lastFront) ? stale + 1 : 0;
        lastFront = now;
        return stale >= PATIENCE;
    }

    /**
     * A generation of the second phase. The greedy batches refine what the surrogates believe; once they stop
     * finding front members, the surrogates' blind spots are what is left, and NSGA-II's population (selected on
     * real values, spread by crowding) reaches them, its children still screened. It begins from the
     * {@code initial} best of everything evaluated, by NSGA-II's own ranking.
     */
    private void lateStep(List<Candidate> all) {
        if (late == null) {
            late = nsga2(all);
            late.step(); // its initial population: evaluated already, so no evaluation is spent
        }
        // A measurement or a refit may have changed values since the last generation.
        late.getPopulation().forEach(searchProblem::refresh);
        late.getPopulation().update();
        late.step();
    }

    private NSGAII nsga2(List<Candidate> all) {
        NondominatedSortingPopulation best = new NondominatedSortingPopulation();
        for (Candidate c : all) {
            best.add(searchProblem.solutionOf(c));
        }
        best.truncate(Math.min(initial - initial % 2, best.size()));
        List<Solution> start = new ArrayList<>();
        best.forEach(start::add);
        return Algorithms.nsga2(searchProblem, start.size(), new ScreenedVariation(searchProblem, ops, pool, SCREEN,
                ops.mutationRate(), ops.crossoverRate(), evaluations),
                n -> start.stream().map(Solution::copy).toArray(Solution[]::new));
    }

    @Override
    public void saveState(ObjectOutputStream out) throws IOException {
        super.saveState(out);
        out.writeInt(stale);
        out.writeObject(new ArrayList<>(lastFront));
        out.writeBoolean(late != null);
        if (late != null) {
            late.saveState(out);
        }
    }

    @Override
    public void loadState(ObjectInputStream in) throws IOException, ClassNotFoundException {
        super.loadState(in);
        stale = in.readInt();
        lastFront = new HashSet<>();
        if (!(in.readObject() instanceof List<?> front)) {
            throw new IOException("saea's last front is not a list");
        }
        for (Object a : front) {
            if (!(a instanceof String s)) {
                throw new IOException("saea's last front holds " + a + ", not an architecture");
            }
            lastFront.add(s);
        }
        if (in.readBoolean()) {
            late = nsga2(pool.all());
            late.loadState(in);
        }
    }

    private void evaluate(Solution[] solutions) {
        for (Solution s : solutions) {
            evaluate(s);
        }
    }

    /** Unseen children of the front (mostly) by one to three gene changes, distinct, at most {@link #POOL}. */
    private Map<String, Architecture> breed(List<Candidate> all, List<Integer> front, SplittableRandom random) {
        Map<String, Architecture> out = new LinkedHashMap<>();
        Set<String> tried = new HashSet<>();
        for (int t = 0; t < 5 * POOL && out.size() < POOL; t++) {
            Candidate parent = !front.isEmpty() && random.nextDouble() < FROM_FRONT
                    ? all.get(front.get(random.nextInt(front.size()))) : all.get(random.nextInt(all.size()));
            Architecture a = space.decode(parent.arch());
            int changes = genesChanged(random);
            for (int k = 0; k < changes; k++) {
                a = space.mutate(a, random, 0.0);
            }
            if (tried.add(a.canonical()) && !pool.contains(a.canonical())) {
                out.put(a.canonical(), a);
            }
        }
        return out;
    }

    private static int genesChanged(SplittableRandom random) {
        double u = random.nextDouble();
        for (int k = 0; k < GENES_CHANGED.length; k++) {
            u -= GENES_CHANGED[k];
            if (u < 0) {
                return k + 1;
            }
        }
        return GENES_CHANGED.length;
    }

    /** The margin past the front of an objective without a budget, as a share of its range. */
    static double margin() {
        return MARGIN;
    }

    @Override
    public NondominatedPopulation getResult() {
        NondominatedPopulation result = new NondominatedPopulation();
        for (Candidate c : pool.all()) {
            result.add(searchProblem.solutionOf(c));
        }
        return result;
    }
}
