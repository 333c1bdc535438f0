package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeaframework.core.Solution;
import org.moeaframework.core.operator.Variation;
import org.moeaframework.core.population.Population;
import org.moeaframework.core.variable.RealVariable;
import org.moeaframework.problem.AbstractProblem;

/**
 * Regularised evolution on a one-objective toy problem (a member's value is its objective, smaller is better), so
 * that each tournament's winner and the population's order can be read off the values.
 */
class RegularizedEvolutionTest {

    /** Minimise the variable itself. */
    private static final class Values extends AbstractProblem {
        Values() {
            super(1, 1);
        }

        @Override
        public Solution newSolution() {
            Solution s = new Solution(1, 1);
            s.setVariable(0, new RealVariable(0, 1e9));
            return s;
        }

        @Override
        public void evaluate(Solution s) {
            s.setObjectiveValue(0, RealVariable.getReal(s.getVariable(0)));
        }
    }

    private static final Values PROBLEM = new Values();

    private static Solution member(double value) {
        Solution s = PROBLEM.newSolution();
        RealVariable.setReal(s.getVariable(0), value);
        return s;
    }

    private static double value(Solution s) {
        return RealVariable.getReal(s.getVariable(0));
    }

    private static List<Double> values(Population p) {
        List<Double> out = new ArrayList<>();
        p.forEach(s -> out.add(value(s)));
        return out;
    }

    /** Breeds children 100, 101, ... (each worse than every member before it) and notes each tournament. */
    private static final class Breeder implements Variation {
        RegularizedEvolution algorithm;
        int next = 100;
        /** Per child: the population as the tournament saw it, and the parent's value. */
        final List<List<Double>> populations = new ArrayList<>();
        final List<Double> parents = new ArrayList<>();

        @Override
        public String getName() {
            return "breeder";
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public Solution[] evolve(Solution[] p) {
            populations.add(values(algorithm.getPopulation()));
            parents.add(value(p[0]));
            return new Solution[] {member(next++)};
        }
    }

    /** An initial population of the values 0 .. n-1 (or fewer, as a budget may cut it short). */
    private static RegularizedEvolution algorithm(int population, int sample, int initial, Breeder breeder) {
        RegularizedEvolution a = new RegularizedEvolution(PROBLEM, population, sample, n -> {
            Solution[] out = new Solution[initial];
            for (int i = 0; i < initial; i++) {
                out[i] = member(i);
            }
            return out;
        }, breeder);
        breeder.algorithm = a;
        return a;
    }

    @Test
    void theSampleSizeMustBeFromTwoToThePopulation() {
        Breeder b = new Breeder();
        for (int bad : new int[] {1, 5}) {
            var e = assertThrows(IllegalArgumentException.class, () -> algorithm(4, bad, 4, b));
            assertEquals("regevo sample size must be in [2, population 4], but was " + bad, e.getMessage());
        }
        assertEquals("regevo", algorithm(4, 2, 4, b).getName());
        assertEquals("regevo", algorithm(4, 4, 4, b).getName());
    }

    @Test
    void eachChildReplacesTheOldestMemberSoAGenerationReplacesThemAll() {
        Breeder b = new Breeder();
        RegularizedEvolution a = algorithm(5, 3, 5, b);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(11)) {
            a.step();
            List<Solution> initial = new ArrayList<>();
            a.getPopulation().forEach(initial::add);
            assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0), values(a.getPopulation()));
            a.step();
            assertEquals(List.of(100.0, 101.0, 102.0, 103.0, 104.0), values(a.getPopulation()),
                    "the children, oldest first");
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 100.0), b.populations.get(1), "member 0 left for child 100");
            for (Solution s : a.getPopulation()) {
                assertFalse(initial.stream().anyMatch(i -> i == s));
            }
            assertEquals(10, a.getNumberOfEvaluations(), "every child is evaluated");
        }
    }

    @Test
    void aTournamentOverTheWholePopulationPicksItsBest() {
        Breeder b = new Breeder();
        RegularizedEvolution a = algorithm(4, 4, 4, b);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(5)) {
            for (int i = 0; i < 4; i++) {
                a.step();
            }
        }
        assertEquals(12, b.parents.size());
        for (int i = 0; i < b.parents.size(); i++) {
            assertEquals(Collections.min(b.populations.get(i)), b.parents.get(i), "tournament " + i);
        }
    }

    @Test
    void aFirstGenerationCutShortIsSampledWhole() {
        // The budget left two members of four; a sample of four takes both.
        Breeder b = new Breeder();
        RegularizedEvolution a = algorithm(4, 4, 2, b);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(5)) {
            a.step();
            a.step();
        }
        assertEquals(List.of(0.0, 1.0), b.populations.get(0));
        assertEquals(List.of(0.0, 1.0, 100.0, 101.0), b.parents);
        assertEquals(List.of(102.0, 103.0), values(a.getPopulation()));
    }

    @Test
    void aSampleOfTwoIsDrawnAtRandomFromThePopulation() {
        Breeder b = new Breeder();
        RegularizedEvolution a = algorithm(6, 2, 6, b);
        try (MoeaRandom.Lease l = MoeaRandom.seeded(3)) {
            for (int i = 0; i < 31; i++) {
                a.step();
            }
        }
        boolean secondWorst = false;
        boolean beyondTheOldestTwo = false;
        for (int i = 0; i < b.parents.size(); i++) {
            List<Double> pop = new ArrayList<>(b.populations.get(i));
            double parent = b.parents.get(i);
            Collections.sort(pop);
            assertTrue(parent < pop.get(5), "the worst never wins a tournament: " + parent + " of " + pop);
            // It wins only against the worst: never in a sample of three or more.
            secondWorst |= parent == pop.get(4);
            beyondTheOldestTwo |= b.populations.get(i).indexOf(parent) >= 2;
        }
        assertTrue(secondWorst, "the second worst won a tournament of two");
        assertTrue(beyondTheOldestTwo, "the sample is drawn from the whole population, not its oldest members");
    }
}
