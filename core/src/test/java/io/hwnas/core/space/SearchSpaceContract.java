package io.hwnas.core.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hwnas.core.graph.Graph;
import io.hwnas.core.graph.Shape;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SearchSpace} must do. A space's test extends this and supplies the space; it is shipped in the
 * core test-jar for plugin spaces.
 */
public abstract class SearchSpaceContract {

    protected abstract SearchSpace space();

    /** The number of logits {@code buildGraph(a)} produces with default options. */
    protected abstract int defaultClasses();

    /** Asserts that {@code a} is a well-formed architecture of the space under test. */
    protected final void assertValid(Architecture a) {
        SearchSpace s = space();
        assertEquals(s.name(), a.space());
        assertEquals(s.dimensions().size(), a.genome().size(), "genome length");
        for (int i = 0; i < a.genome().size(); i++) {
            int g = a.gene(i);
            assertTrue(g == Architecture.INACTIVE || g >= 0 && g < s.dimensions().get(i).size(),
                    "gene " + i + " = " + g + " of " + a);
        }
        assertEquals(a, s.decode(a.canonical()), "decode(canonical) of " + a);
        assertEquals(a, s.fromGenome(a.genome()), "fromGenome(genome) of " + a);
    }

    @Test
    void nameIsAValidRegistryKey() {
        assertTrue(space().name().matches("[a-z0-9][a-z0-9._-]*"), space().name());
    }

    @Test
    void sizeIsPositive() {
        assertTrue(space().size().compareTo(BigInteger.ONE) >= 0);
    }

    @Test
    void sampledArchitecturesRoundTripThroughTheirCanonicalString() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 300; i++) {
            Architecture a = space().sample(random);
            assertValid(a);
            assertEquals(a.canonical(), space().canonical(a.canonical()));
            assertEquals(a.canonical(), space().canonical("  " + a.canonical() + "\n"));
        }
    }

    @Test
    void theSameSeedDrawsTheSameArchitectures() {
        List<Architecture> first = new ArrayList<>();
        List<Architecture> second = new ArrayList<>();
        SplittableRandom r1 = new SplittableRandom(7);
        SplittableRandom r2 = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            first.add(space().mutate(space().sample(r1), r1, 0.3));
            second.add(space().mutate(space().sample(r2), r2, 0.3));
        }
        assertEquals(first, second);
    }

    @Test
    void mutationAlwaysGivesAValidDifferentArchitecture() {
        for (double rate : new double[] {0.0, 0.05, 0.3, 1.0}) {
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < 300; i++) {
                Architecture parent = space().sample(random);
                Architecture child = space().mutate(parent, random, rate);
                assertValid(child);
                assertNotEquals(parent.canonical(), child.canonical(), "rate " + rate + ", parent " + parent);
            }
        }
    }

    @Test
    void crossoverGivesValidArchitecturesAndKeepsWhatBothParentsShare() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 300; i++) {
            Architecture a = space().sample(random);
            Architecture b = space().sample(random);
            assertValid(space().crossover(a, b, random));
            assertEquals(a, space().crossover(a, a, random));
        }
    }

    @Test
    void rejectsAMutationRateOutsideZeroToOne() {
        Architecture a = space().sample(new SplittableRandom(3));
        for (double rate : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> space().mutate(a, new SplittableRandom(3), rate));
            assertTrue(e.getMessage().contains("rate") && e.getMessage().contains(String.valueOf(rate)),
                    e.getMessage());
        }
    }

    @Test
    void rejectsAnArchitectureOfAnotherSpace() {
        Architecture a = space().sample(new SplittableRandom(3));
        Architecture foreign = new Architecture("other-space", a.canonical(), a.genome());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space().buildGraph(foreign));
        assertTrue(e.getMessage().contains("other-space"), e.getMessage());
    }

    @Test
    void rejectsARecordWhoseGenomeDisagreesWithItsString() {
        SplittableRandom random = new SplittableRandom(5);
        Architecture a = space().sample(random);
        Architecture b = space().mutate(a, random, 0.5);
        Architecture forged = new Architecture(space().name(), a.canonical(), b.genome());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> space().mutate(forged, random, 0.5));
        assertTrue(e.getMessage().contains(a.canonical()), e.getMessage());
    }

    @Test
    void rejectsAGenomeOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> space().fromGenome(List.of(0)));
        assertTrue(e.getMessage().contains("genome"), e.getMessage());
    }

    @Test
    void rejectsGarbageQuotingTheInput() {
        for (String bad : new String[] {"", "garbage!", "|{x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space().decode(bad));
            assertTrue(e.getMessage().contains(space().name()) && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    /** The classes of {@code a}'s default graph (a language model's are its vocabulary). */
    protected int classesOf(Architecture a) {
        return defaultClasses();
    }

    /**
     * The outputs of {@code a}'s default graph, every one logits of {@link #classesOf} classes: one, except for a
     * network with early exits, which has its exits' logits before its own.
     */
    protected int outputsOf(Architecture a) {
        return 1;
    }

    @Test
    void builtGraphsEndInBatchedLogits() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20; i++) {
            Architecture a = space().sample(random);
            Graph g = space().buildGraph(a);
            assertEquals(outputsOf(a), g.outputs().size(), a.toString());
            for (Graph.Port p : g.outputs()) {
                assertEquals(Shape.of(Shape.BATCH, classesOf(a)), p.type().shape(), a + " " + p.name());
            }
            Graph seven = space().buildGraph(a, GraphOptions.DEFAULTS.classes(7));
            for (Graph.Port p : seven.outputs()) {
                assertEquals(Shape.of(Shape.BATCH, 7), p.type().shape());
            }
        }
    }

    @Test
    void architecturesWithOneNetworkKeyBuildOneGraph() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 50; i++) {
            Architecture a = space().sample(random);
            Architecture b = space().mutate(a, random, 0.3);
            if (space().networkKey(a).equals(space().networkKey(b))) {
                Graph ga = space().buildGraph(a);
                Graph gb = space().buildGraph(b);
                assertEquals(ga.name(), gb.name(), a + " and " + b);
                assertEquals(ga.nodes(), gb.nodes(), a + " and " + b);
            }
            assertEquals(space().networkKey(a), space().networkKey(space().decode(a.canonical())));
        }
    }

    @Test
    void everyNamedGraphOfASampleBuildsOrSaysWhyNot() {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 5; i++) {
            Architecture a = space().sample(random);
            for (String name : space().graphs()) {
                try {
                    assertTrue(space().buildGraph(a, GraphOptions.DEFAULTS, name).outputs().size() >= 1);
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> space().buildGraph(a, GraphOptions.DEFAULTS, "no-such-graph"));
            assertTrue(e.getMessage().contains("no-such-graph"), e.getMessage());
        }
    }
}
