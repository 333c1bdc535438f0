package io.hwnas.core.search;

import java.util.Objects;
import org.moeaframework.core.Solution;
import org.moeaframework.core.variable.AbstractVariable;
import org.moeaframework.core.variable.Variable;

/**
 * The decision variable of a search: one architecture, held as its canonical string. The space's own operators
 * vary it (see {@link SpaceOperators}); MOEA Framework only carries it, so it never needs a numeric encoding.
 */
final class ArchitectureVariable extends AbstractVariable {

    private static final long serialVersionUID = 1L;
    private final String space;
    private String canonical;

    ArchitectureVariable(String space, String canonical) {
        super("architecture");
        this.space = space;
        this.canonical = canonical;
    }

    static String of(Solution s) {
        return ((ArchitectureVariable) s.getVariable(0)).canonical;
    }

    static void set(Solution s, String canonical) {
        ((ArchitectureVariable) s.getVariable(0)).canonical = canonical;
    }

    @Override
    public void randomize() {
        throw new UnsupportedOperationException("architectures are drawn by the search space, not by the variable");
    }

    @Override
    public String encode() {
        return canonical;
    }

    @Override
    public void decode(String value) {
        canonical = value;
    }

    @Override
    public Variable copy() {
        return new ArchitectureVariable(space, canonical);
    }

    @Override
    public String getDefinition() {
        return "ArchitectureVariable(" + space + ")";
    }

    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchitectureVariable v && v.space.equals(space) && Objects.equals(v.canonical, canonical);
    }

    @Override
    public int hashCode() {
        return Objects.hash(space, canonical);
    }
}
