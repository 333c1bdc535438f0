package io.hwnas.core.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.moeaframework.algorithm.AbstractAlgorithm;
import org.moeaframework.core.Solution;
import org.moeaframework.core.Stateful;
import org.moeaframework.core.variable.RealVariable;

/**
 * An algorithm's state as tagged plain values: every kind of value reads back as written, a real algorithm's state
 * puts a fresh algorithm where the first one was, and anything else is refused when saved or when read.
 */
class AlgorithmStateTest {

    private static final Path FILE = Path.of("run", Checkpoint.FILE);
    private static final String A = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
            + "nor_conv_3x3~1|nor_conv_3x3~2|";
    private static final String UNKNOWN = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    /** Two objectives and one constraint, as the checks of a solution's values need. */
    private static final SearchProblem PROBLEM = new SearchProblem(SearchFixtures.NB201, "nb201", null,
            List.of(SearchObjective.of(Metric.ACCURACY), SearchObjective.latency("gpu")),
            List.of(new Constraint(Budget.parse("latency_ms<=15"), "gpu")));

    @TempDir
    Path dir;

    private interface Save {
        void run(ObjectOutputStream out) throws IOException;
    }

    private interface Load {
        void run(ObjectInputStream in) throws IOException, ClassNotFoundException;
    }

    /** An algorithm that saves and loads what a test tells it to. */
    private record Script(Save save, Load load) implements Stateful {
        @Override
        public void saveState(ObjectOutputStream out) throws IOException {
            save.run(out);
        }

        @Override
        public void loadState(ObjectInputStream in) throws IOException, ClassNotFoundException {
            load.run(in);
        }
    }

    private static byte[] save(Save s) throws IOException {
        return AlgorithmState.save(new Script(s, in -> {}));
    }

    private static void load(byte[] state, Load l) throws IOException {
        AlgorithmState.load(new Script(out -> {}, l), state, FILE, PROBLEM, A::equals);
    }

    private static RunFileException refusedLoad(byte[] state, Load l) {
        RunFileException e = assertThrows(RunFileException.class, () -> load(state, l));
        assertEquals(FILE, e.file());
        return e;
    }

    private static String refusedSave(Save s) {
        return assertThrows(NotSerializableException.class, () -> save(s)).getMessage();
    }

    private static Solution solution(String arch) {
        Solution s = PROBLEM.newSolution();
        ArchitectureVariable.set(s, arch);
        s.setObjectiveValues(new double[] {-91.5, 3.25});
        s.setConstraintValues(new double[] {0.5});
        return s;
    }

    /** The bytes of a solution of {@code A} up to its attributes. */
    private static PlainOutput solutionHead(PlainOutput out) {
        return out.writeByte(9).writeString(A).writeDoubles(new double[] {1, 2}).writeDoubles(new double[] {0});
    }

    @Test
    void everyKindOfValueReadsBackAsWritten() throws IOException {
        double[][] matrix = {{1, 2}, null, {}};
        List<Object> list = new ArrayList<>(List.of("a", 1, 2L, 3.5, true, new double[] {4}));
        list.add(null);
        list.add(matrix);
        byte[] state = save(out -> {
            out.writeObject("text");
            out.writeObject(-7);
            out.writeObject(Long.MAX_VALUE);
            out.writeObject(-0.25);
            out.writeObject(Boolean.FALSE);
            out.writeObject(new double[] {1.5, Double.NaN});
            out.writeObject(matrix);
            out.writeObject(null);
            out.writeObject(list);
            out.writeInt(42);
            out.writeLong(-9L);
            out.writeDouble(6.5);
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.flush();
            out.close();
        });
        List<Object> read = new ArrayList<>();
        load(state, in -> {
            for (int i = 0; i < 9; i++) {
                read.add(in.readObject());
            }
            assertEquals(42, in.readInt());
            assertEquals(-9L, in.readLong());
            assertEquals(6.5, in.readDouble());
            assertTrue(in.readBoolean());
            assertFalse(in.readBoolean());
            assertEquals(0, in.available(), "nothing is readable as raw bytes");
            in.close();
        });
        assertEquals(List.of("text", -7, Long.MAX_VALUE, -0.25, false), read.subList(0, 5));
        assertArrayEquals(new double[] {1.5, Double.NaN}, (double[]) read.get(5));
        assertArrayEquals(matrix, (double[][]) read.get(6));
        assertNull(read.get(7));
        List<?> back = (List<?>) read.get(8);
        assertEquals(List.of("a", 1, 2L, 3.5, true), back.subList(0, 5));
        assertArrayEquals(new double[] {4}, (double[]) back.get(5));
        assertNull(back.get(6));
        assertArrayEquals(matrix, (double[][]) back.get(7));
        assertEquals(8, back.size());
    }

    @Test
    void aSolutionReadsBackWithItsValuesAndAttributes() throws IOException {
        Solution s = solution(A);
        s.setAttribute("rank", 2);
        s.setAttribute("crowding", Double.POSITIVE_INFINITY);
        s.setAttribute("birth", 5L);
        s.setAttribute("origin", "mutation");
        s.setAttribute("elite", true);
        s.setAttribute("weights", new double[] {0.5, 0.5});
        byte[] state = save(out -> {
            out.writeObject(s);
            out.writeObject(List.of(s, s));
        });
        List<Solution> read = new ArrayList<>();
        load(state, in -> {
            read.add((Solution) in.readObject());
            for (Object o : (List<?>) in.readObject()) {
                read.add((Solution) o);
            }
        });
        assertEquals(3, read.size());
        for (Solution r : read) {
            assertEquals(A, ArchitectureVariable.of(r));
            assertArrayEquals(new double[] {-91.5, 3.25}, r.getObjectiveValues());
            assertArrayEquals(new double[] {0.5}, r.getConstraintValues());
            assertEquals(2, r.getAttribute("rank"));
            assertEquals(Double.POSITIVE_INFINITY, r.getAttribute("crowding"));
            assertEquals(5L, r.getAttribute("birth"));
            assertEquals("mutation", r.getAttribute("origin"));
            assertEquals(true, r.getAttribute("elite"));
            assertArrayEquals(new double[] {0.5, 0.5}, (double[]) r.getAttribute("weights"));
            assertEquals(6, r.getAttributes().size());
        }
        assertFalse(read.get(1) == read.get(2), "each member of the population is its own solution");
    }

    /** A real search's state, saved after two generations, puts a fresh algorithm where the first one was. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"NSGA2", "NSGA3", "RANDOM", "REGEVO"})
    void aRealAlgorithmsStateRoundTrips(Algorithm kind) throws IOException {
        SearchSetup setup = SearchFixtures.tableSearch(dir).algorithm(kind.key())
                .budget(Budget.parse("latency_ms<=15")).evaluations(40).population(8).regevoSample(3).build();
        CandidatePool pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(), setup.graphMetrics());
        SearchProblem problem = new SearchProblem(setup.space(), pool, setup.objectives(), setup.constraints());
        byte[] state;
        List<String> result;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(3)) {
            AbstractAlgorithm first = algorithm(setup, pool, problem);
            first.step();
            first.step();
            state = AlgorithmState.save(first);
            result = archs(first);
        }
        AbstractAlgorithm fresh = algorithm(setup, pool, problem);
        AlgorithmState.load(fresh, state, FILE, problem, pool::contains);
        // Before getResult, which NSGA-III's population answers by updating its own state.
        assertArrayEquals(state, AlgorithmState.save(fresh), "saved again, the same bytes");
        assertEquals(result, archs(fresh));
        assertEquals(16, fresh.getNumberOfEvaluations(), "its count of evaluations");

        RunFileException e = assertThrows(RunFileException.class,
                () -> AlgorithmState.load(algorithm(setup, pool, problem), state, FILE, problem, a -> false));
        assertTrue(e.getMessage().contains(", is not a candidate of this run"), e.getMessage());
    }

    private static AbstractAlgorithm algorithm(SearchSetup setup, CandidatePool pool, SearchProblem problem) {
        SpaceOperators ops = new SpaceOperators(setup.space(), problem, pool::contains, pool::size,
                setup.evaluations(), setup.mutationRate(), setup.crossoverRate());
        return Algorithms.create(setup.algorithm(), problem, ops, setup.population(), setup.regevoSample(), pool,
                setup.evaluations());
    }

    private static List<String> archs(AbstractAlgorithm a) {
        List<String> out = new ArrayList<>();
        a.getResult().forEach(s -> out.add(ArchitectureVariable.of(s)));
        assertFalse(out.isEmpty());
        return out;
    }

    @Test
    void anotherAlgorithmsStateIsRefusedAsNotFittingThisSearch() throws IOException {
        SearchSetup setup = SearchFixtures.tableSearch(dir).evaluations(20).population(4).build();
        CandidatePool pool = new CandidatePool(setup.space(), setup.accuracy(), setup.latency(), setup.graphMetrics());
        SearchProblem problem = new SearchProblem(setup.space(), pool, setup.objectives(), setup.constraints());
        byte[] state;
        try (MoeaRandom.Lease l = MoeaRandom.seeded(3)) {
            AbstractAlgorithm nsga2 = algorithm(setup, pool, problem);
            nsga2.step();
            state = AlgorithmState.save(nsga2);
        }
        SpaceOperators ops = new SpaceOperators(setup.space(), problem, pool::contains, pool::size, 20, 0.1, 0.5);
        AbstractAlgorithm random = Algorithms.create(Algorithm.RANDOM, problem, ops, 4, 2);
        RunFileException e = assertThrows(RunFileException.class,
                () -> AlgorithmState.load(random, state, FILE, problem, pool::contains));
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith(FILE + ": the algorithm's state does not fit this search ("),
                e.getMessage());
        assertInstanceOf(IOException.class, e.getCause(), "MOEA Framework's own check, in its own words");
    }

    @Test
    void valuesThatAreNotPlainDataAreRefusedWhenSaved() {
        assertEquals("java.math.BigInteger (a checkpoint holds plain data only)",
                refusedSave(out -> out.writeObject(BigInteger.ONE)));
        assertTrue(refusedSave(out -> out.writeObject(new TreeMap<>(Map.of("a", 1))))
                .startsWith("java.util.TreeMap "));
        assertTrue(refusedSave(out -> out.writeObject(List.of(List.of(1)))).endsWith(" (a checkpoint holds plain "
                + "data only)"), "a list holds no lists");
        assertTrue(refusedSave(out -> out.writeObject(Set.of(1))).contains("Set"));
    }

    @Test
    void aSolutionsAttributesAreNumbersAndTextOnly() {
        Solution withMatrix = solution(A);
        withMatrix.setAttribute("m", new double[][] {{1}});
        assertTrue(refusedSave(out -> out.writeObject(withMatrix)).startsWith("[[D "));
        Solution withList = solution(A);
        withList.setAttribute("l", new ArrayList<>(List.of(1)));
        assertTrue(refusedSave(out -> out.writeObject(withList)).startsWith("java.util.ArrayList "));
        Solution withSolution = solution(A);
        withSolution.setAttribute("s", solution(A));
        assertTrue(refusedSave(out -> out.writeObject(withSolution)).startsWith("org.moeaframework.core.Solution "));
    }

    @Test
    void aSolutionThatIsNotOneArchitectureIsRefusedWhenSaved() {
        Solution two = new Solution(2, 1);
        two.setVariable(0, new ArchitectureVariable("nb201", A));
        two.setVariable(1, new ArchitectureVariable("nb201", A));
        assertTrue(refusedSave(out -> out.writeObject(two)).startsWith("a solution that is not one architecture: "));
        Solution real = new Solution(1, 1);
        real.setVariable(0, new RealVariable(0, 1));
        assertTrue(refusedSave(out -> out.writeObject(real)).startsWith("a solution that is not one architecture: "));
        assertTrue(refusedSave(out -> out.writeObject(PROBLEM.newSolution()))
                .startsWith("a solution that is not one architecture: "), "one whose architecture is not set");
    }

    @Test
    void rawBytesAreRefusedBothWays() throws IOException {
        String raw = "raw bytes (a checkpoint holds tagged plain values only)";
        assertEquals(raw, refusedSave(out -> out.write(1)));
        assertEquals(raw, refusedSave(out -> out.write(new byte[2], 0, 2)));
        assertEquals("writeUTF (a checkpoint holds tagged plain values only)", refusedSave(out -> out.writeUTF("a")));
        assertEquals("writeUnshared (a checkpoint holds tagged plain values only)",
                refusedSave(out -> out.writeUnshared("a")));

        byte[] state = save(out -> out.writeObject("a"));
        List<Map.Entry<String, Load>> reads = List.of(
                Map.entry("raw bytes are not part of a checkpoint", ObjectInputStream::read),
                Map.entry("raw bytes are not part of a checkpoint", in -> in.read(new byte[2], 0, 2)),
                Map.entry("raw bytes are not part of a checkpoint", ObjectInputStream::readByte),
                Map.entry("readUTF is not part of a checkpoint", ObjectInputStream::readUTF),
                Map.entry("readUnshared is not part of a checkpoint", ObjectInputStream::readUnshared));
        for (Map.Entry<String, Load> r : reads) {
            RunFileException e = refusedLoad(state, r.getValue());
            assertEquals(FILE + ": the algorithm's state does not fit this search (" + r.getKey() + ")",
                    e.getMessage());
            assertInstanceOf(IOException.class, e.getCause());
        }
    }

    @Test
    void aPrimitiveOfAnotherKindIsRefused() throws IOException {
        byte[] state = save(out -> out.writeDouble(1));
        assertEquals(FILE + ": malformed at byte 1 of the algorithm's state: a value of kind 2 was expected, but "
                + "kind 4 stands here", refusedLoad(state, ObjectInputStream::readInt).getMessage());
        assertTrue(refusedLoad(state, ObjectInputStream::readLong).getMessage().endsWith("kind 3 was expected, but "
                + "kind 4 stands here"));
        assertTrue(refusedLoad(save(out -> out.writeInt(1)), ObjectInputStream::readDouble).getMessage()
                .endsWith("kind 4 was expected, but kind 2 stands here"));
        assertTrue(refusedLoad(state, ObjectInputStream::readBoolean).getMessage().endsWith("kind 5 was expected, "
                + "but kind 4 stands here"));
    }

    @Test
    void aValueOfAnUnknownKindIsRefused() {
        RunFileException e = refusedLoad(new byte[] {10}, ObjectInputStream::readObject);
        assertEquals(FILE + ": malformed at byte 1 of the algorithm's state: a value of kind 10 cannot stand here",
                e.getMessage());
        assertTrue(refusedLoad(new byte[] {-1}, ObjectInputStream::readObject).getMessage()
                .endsWith("a value of kind -1 cannot stand here"));
    }

    /** Crafted bytes cannot nest what the writer never nests. */
    @Test
    void aValueWhereItCannotStandIsRefused() {
        byte[] listInList = new PlainOutput().writeByte(8).writeInt(1).writeByte(8).writeInt(0).toByteArray();
        assertTrue(refusedLoad(listInList, ObjectInputStream::readObject).getMessage()
                .endsWith("malformed at byte 6 of the algorithm's state: a value of kind 8 cannot stand here"));
        for (int tag : new int[] {7, 8, 9}) {
            byte[] b = solutionHead(new PlainOutput()).writeInt(1).writeString("x").writeByte(tag).writeInt(0)
                    .toByteArray();
            assertTrue(refusedLoad(b, ObjectInputStream::readObject).getMessage()
                    .endsWith("a value of kind " + tag + " cannot stand here"), "attribute of kind " + tag);
        }
    }

    @Test
    void aSolutionThatDoesNotFitTheSearchIsRefused() {
        byte[] unknown = new PlainOutput().writeByte(9).writeString(UNKNOWN).toByteArray();
        assertEquals(FILE + ": malformed at byte " + unknown.length + " of the algorithm's state: a member of the "
                + "population, '" + UNKNOWN + "', is not a candidate of this run",
                refusedLoad(unknown, ObjectInputStream::readObject).getMessage());
        String wrong = "a solution whose objectives or constraints are not the search's 2 and 1";
        List<byte[]> misfits = List.of(
                new PlainOutput().writeByte(9).writeString(A).writeDoubles(new double[] {1}).writeDoubles(
                        new double[] {0}).writeInt(0).toByteArray(),
                new PlainOutput().writeByte(9).writeString(A).writeDoubles(null).writeDoubles(new double[] {0})
                        .writeInt(0).toByteArray(),
                new PlainOutput().writeByte(9).writeString(A).writeDoubles(new double[] {1, 2}).writeDoubles(null)
                        .writeInt(0).toByteArray(),
                new PlainOutput().writeByte(9).writeString(A).writeDoubles(new double[] {1, 2})
                        .writeDoubles(new double[] {0, 0}).writeInt(0).toByteArray());
        for (byte[] b : misfits) {
            assertTrue(refusedLoad(b, ObjectInputStream::readObject).getMessage().endsWith(wrong));
        }
    }

    @Test
    void anAttributeWithoutAValueIsRefusedNamingIt() {
        byte[] b = solutionHead(new PlainOutput()).writeInt(1).writeString("rank").writeByte(0).toByteArray();
        assertEquals(FILE + ": malformed at byte " + b.length + " of the algorithm's state: attribute 'rank' "
                + "without a value", refusedLoad(b, ObjectInputStream::readObject).getMessage());
    }

    /** Each attribute takes at least its name's length and a tag, so a crafted count cannot ask for more. */
    @Test
    void countsThatDoNotFitTheStateAreRefused() {
        byte[] attributes = solutionHead(new PlainOutput()).writeInt(2).writeInt(0).writeByte(0).toByteArray();
        assertTrue(refusedLoad(attributes, ObjectInputStream::readObject).getMessage()
                .endsWith("attributes: a count of 2 does not fit the 5 bytes left"));
        assertTrue(refusedLoad(new PlainOutput().writeByte(8).writeInt(3).writeByte(0).writeByte(0).toByteArray(),
                ObjectInputStream::readObject).getMessage().endsWith("a list: a count of 3 does not fit the 2 bytes "
                + "left"));
        assertTrue(refusedLoad(new PlainOutput().writeByte(7).writeInt(2).writeInt(-1).toByteArray(),
                ObjectInputStream::readObject).getMessage().endsWith("rows: a count of 2 does not fit the 4 bytes "
                + "left"));
        // Counts that fill exactly the bytes left are whole.
        assertEquals(2, ((List<?>) assertLoads(new PlainOutput().writeByte(8).writeInt(2).writeByte(0).writeByte(0)
                .toByteArray())).size());
        assertEquals(1, ((double[][]) assertLoads(new PlainOutput().writeByte(7).writeInt(1).writeInt(-1)
                .toByteArray())).length);
        byte[] oneAttribute = solutionHead(new PlainOutput()).writeInt(1).writeInt(0).writeByte(2).writeInt(7)
                .toByteArray();
        assertEquals(7, ((Solution) assertLoads(oneAttribute)).getAttribute(""));
    }

    private static Object assertLoads(byte[] state) {
        Object[] read = new Object[1];
        try {
            load(state, in -> read[0] = in.readObject());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return read[0];
    }

    @Test
    void aStateWithBytesLeftOverIsRefused() throws IOException {
        byte[] state = save(out -> {
            out.writeInt(1);
            out.writeInt(2);
        });
        assertEquals(FILE + ": malformed at byte 5 of the algorithm's state: 5 bytes are left over after the last "
                + "field", refusedLoad(state, ObjectInputStream::readInt).getMessage());
    }

    @Test
    void anAlgorithmsOwnFailureNamesTheFile() {
        IllegalStateException thrown = new IllegalStateException("population size 4, expected 8");
        RunFileException e = refusedLoad(new byte[0], in -> {
            throw thrown;
        });
        assertEquals(FILE + ": the algorithm's state does not fit this search (population size 4, expected 8)",
                e.getMessage());
        assertSame(thrown, e.getCause());
        assertTrue(refusedLoad(new byte[0], in -> {
            throw new ClassNotFoundException("Foo");
        }).getMessage().endsWith("does not fit this search (Foo)"));
        RunFileException own = new RunFileException(FILE, "its own words");
        assertSame(own, refusedLoad(new byte[0], in -> {
            throw own;
        }), "a malformed state is not wrapped again");
    }

    @Test
    void aTruncatedStateIsRefusedNamingThePart() throws IOException {
        byte[] state = save(out -> out.writeObject("abcdef"));
        byte[] cut = java.util.Arrays.copyOf(state, state.length - 2);
        assertEquals(FILE + ": malformed at byte 5 of the algorithm's state: text: a count of 6 does not fit the 4 "
                + "bytes left", refusedLoad(cut, ObjectInputStream::readObject).getMessage());
    }
}
