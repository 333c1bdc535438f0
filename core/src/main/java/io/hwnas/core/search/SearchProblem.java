package io.hwnas.core.search;

import io.hwnas.core.space.SearchSpace;
import java.util.List;
import org.moeaframework.core.Solution;
import org.moeaframework.core.constraint.LessThanOrEqual;
import org.moeaframework.core.objective.Maximize;
import org.moeaframework.core.objective.Minimize;
import org.moeaframework.problem.AbstractProblem;

/**
 * The search as MOEA Framework sees it: one architecture variable, the objectives (accuracy maximised, the rest
 * minimised) and one constraint per budget whose value is the relative violation, so that MOEA Framework's
 * constrained domination (feasible first, then the smaller total violation) applies budgets of any unit alike.
 */
final class SearchProblem extends AbstractProblem {

    /** Objective values given to an architecture an oracle lacks; the run stops after the generation anyway. */
    private static final double WORST = 1e12;

    private final SearchSpace space;
    private final String spaceName;
    private final CandidatePool pool;
    private final List<SearchObjective> objectives;
    private final List<Constraint> constraints;
    /** Hands a generation's new architectures to the executor before the first is evaluated; null: none. */
    private final Prefetch prefetch;

    SearchProblem(SearchSpace space, CandidatePool pool, List<SearchObjective> objectives,
            List<Constraint> constraints) {
        this(space, space.name(), pool, objectives, constraints, null);
    }

    SearchProblem(SearchSpace space, CandidatePool pool, List<SearchObjective> objectives,
            List<Constraint> constraints, Prefetch prefetch) {
        this(space, space.name(), pool, objectives, constraints, prefetch);
    }

    /** A problem that only compares candidates already evaluated ({@code space} and {@code pool} may be null). */
    SearchProblem(SearchSpace space, String spaceName, CandidatePool pool, List<SearchObjective> objectives,
            List<Constraint> constraints) {
        this(space, spaceName, pool, objectives, constraints, null);
    }

    private SearchProblem(SearchSpace space, String spaceName, CandidatePool pool, List<SearchObjective> objectives,
            List<Constraint> constraints, Prefetch prefetch) {
        super(1, objectives.size(), constraints.size());
        this.prefetch = prefetch;
        this.space = space;
        this.spaceName = spaceName;
        this.pool = pool;
        this.objectives = List.copyOf(objectives);
        this.constraints = List.copyOf(constraints);
    }

    @Override
    public String getName() {
        return "hwnas:" + spaceName;
    }

    @Override
    public Solution newSolution() {
        Solution s = new Solution(1, objectives.size(), constraints.size());
        s.setVariable(0, new ArchitectureVariable(spaceName, null));
        for (int i = 0; i < objectives.size(); i++) {
            SearchObjective o = objectives.get(i);
            s.setObjective(i, o.metric().maximised() ? Maximize.value(o.key()) : Minimize.value(o.key()));
        }
        for (int i = 0; i < constraints.size(); i++) {
            s.setConstraint(i, LessThanOrEqual.to(constraints.get(i).key(), 0.0));
        }
        return s;
    }

    Solution solutionOf(Candidate c) {
        Solution s = newSolution();
        ArchitectureVariable.set(s, c.arch());
        apply(s, c);
        return s;
    }

    @Override
    public void evaluate(Solution solution) {
        io.hwnas.core.space.Architecture a = space.decode(ArchitectureVariable.of(solution));
        if (prefetch != null && !pool.contains(a.canonical())) {
            prefetch.before(a);
        }
        Candidate c = pool.evaluate(a);
        if (c == null) {
            for (int i = 0; i < objectives.size(); i++) {
                solution.setObjectiveValue(i, objectives.get(i).metric().maximised() ? -WORST : WORST);
            }
            for (int i = 0; i < constraints.size(); i++) {
                solution.setConstraintValue(i, WORST);
            }
            return;
        }
        apply(solution, c);
    }

    /** Sets the objective and constraint values of {@code s} from what is known of {@code c} now. */
    void apply(Solution s, Candidate c) {
        for (int i = 0; i < objectives.size(); i++) {
            s.setObjectiveValue(i, objectives.get(i).valueOf(c));
        }
        for (int i = 0; i < constraints.size(); i++) {
            s.setConstraintValue(i, constraints.get(i).violation(c));
        }
    }

    /** Re-applies the pool's current values to a solution (after a measurement or a refit). */
    void refresh(Solution s) {
        Candidate c = pool.get(ArchitectureVariable.of(s));
        if (c != null) {
            apply(s, c);
        }
    }

    List<SearchObjective> objectives() {
        return objectives;
    }

    List<Constraint> constraints() {
        return constraints;
    }
}
