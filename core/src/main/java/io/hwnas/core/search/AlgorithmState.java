package io.hwnas.core.search;

import io.hwnas.core.io.OneLine;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.moeaframework.core.Solution;
import org.moeaframework.core.Stateful;

/**
 * An algorithm's state as plain data. MOEA Framework's algorithms save and load their state on object streams
 * ({@link Stateful}); what those of hwnas write is numbers, text, number arrays, lists and solutions (the type's
 * name, the evaluation count, the population, NSGA-III's ideal point and reference weights, random search's
 * archive, saea's phase). So the streams handed to them here are not Java serialisation: {@link Output} writes
 * each value as a tagged plain value, and {@link Input} reads back only those kinds, building a solution from the
 * search's own problem and accepting only architectures the run evaluated. A value of any other kind fails at
 * save time, so a newer MOEA Framework that writes one is caught by the resume tests, not by a user.
 *
 * <pre>{@code
 * byte[] state = AlgorithmState.save(algorithm);
 * AlgorithmState.load(fresh, state, checkpointFile, problem, pool::contains);
 * }</pre>
 */
final class AlgorithmState {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;
    private static final byte DOUBLES = 6;
    private static final byte MATRIX = 7;
    private static final byte LIST = 8;
    private static final byte SOLUTION = 9;
    private static final String PART = "the algorithm's state";

    /** Where a value may stand: lists hold no lists, and a solution's attributes are numbers and text only. */
    private enum Level { TOP, ELEMENT, ATTRIBUTE }

    private AlgorithmState() {}

    static byte[] save(Stateful algorithm) throws IOException {
        Output out = new Output();
        algorithm.saveState(out);
        return out.plain.toByteArray();
    }

    /**
     * Puts {@code state} into {@code algorithm}, fresh from its constructor.
     *
     * @param known whether an architecture is one the run evaluated (a population holds nothing else)
     * @throws RunFileException naming {@code file} when the state is malformed or does not fit this search
     */
    static void load(Stateful algorithm, byte[] state, Path file, SearchProblem problem, Predicate<String> known)
            throws IOException {
        Input in = new Input(new PlainInput(state, file, PART), problem, known);
        try {
            algorithm.loadState(in);
        } catch (RunFileException e) {
            throw e;
        } catch (ClassNotFoundException | IOException | RuntimeException e) {
            // MOEA Framework's own checks (its type's name, a list of solutions) fail in its own words, which may
            // quote the file's bytes (a type name holding a newline): escaped and cut like every quoted value.
            throw new RunFileException(file, PART + " does not fit this search ("
                    + OneLine.of(String.valueOf(e.getMessage()), 200) + ")", e);
        }
        in.plain.end();
    }

    /** Writes tagged plain values; refuses anything else. */
    static final class Output extends ObjectOutputStream {
        private final PlainOutput plain = new PlainOutput();

        Output() throws IOException {
            super();
        }

        @Override
        protected void writeObjectOverride(Object o) throws IOException {
            value(o, Level.TOP);
        }

        private void value(Object o, Level level) throws IOException {
            if (o == null) {
                plain.writeByte(NULL);
            } else if (o instanceof String s) {
                plain.writeByte(STRING).writeString(s);
            } else if (o instanceof Integer i) {
                plain.writeByte(INT).writeInt(i);
            } else if (o instanceof Long l) {
                plain.writeByte(LONG).writeLong(l);
            } else if (o instanceof Double d) {
                plain.writeByte(DOUBLE).writeDouble(d);
            } else if (o instanceof Boolean b) {
                plain.writeByte(BOOLEAN).writeBoolean(b);
            } else if (o instanceof double[] a) {
                plain.writeByte(DOUBLES).writeDoubles(a);
            } else if (o instanceof double[][] m && level != Level.ATTRIBUTE) {
                plain.writeByte(MATRIX).writeInt(m.length);
                for (double[] row : m) {
                    plain.writeDoubles(row);
                }
            } else if (o instanceof List<?> list && level == Level.TOP) {
                plain.writeByte(LIST).writeInt(list.size());
                for (Object e : list) {
                    value(e, Level.ELEMENT);
                }
            } else if (o instanceof Solution s && level != Level.ATTRIBUTE) {
                solution(s);
            } else {
                throw new NotSerializableException(o.getClass().getName() + " (a checkpoint holds plain data only)");
            }
        }

        private void solution(Solution s) throws IOException {
            if (s.getNumberOfVariables() != 1 || !(s.getVariable(0) instanceof ArchitectureVariable)
                    || ArchitectureVariable.of(s) == null) {
                throw new NotSerializableException("a solution that is not one architecture: " + s);
            }
            plain.writeByte(SOLUTION).writeString(ArchitectureVariable.of(s)).writeDoubles(s.getObjectiveValues())
                    .writeDoubles(s.getConstraintValues()).writeInt(s.getAttributes().size());
            for (Map.Entry<String, Serializable> a : s.getAttributes().entrySet()) {
                plain.writeString(a.getKey());
                value(a.getValue(), Level.ATTRIBUTE);
            }
        }

        @Override
        public void writeInt(int v) {
            plain.writeByte(INT).writeInt(v);
        }

        @Override
        public void writeLong(long v) {
            plain.writeByte(LONG).writeLong(v);
        }

        @Override
        public void writeDouble(double v) {
            plain.writeByte(DOUBLE).writeDouble(v);
        }

        @Override
        public void writeBoolean(boolean v) {
            plain.writeByte(BOOLEAN).writeBoolean(v);
        }

        @Override
        public void write(int b) throws IOException {
            throw unsupported("raw bytes");
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw unsupported("raw bytes");
        }

        @Override
        public void writeUTF(String s) throws IOException {
            throw unsupported("writeUTF");
        }

        @Override
        public void writeUnshared(Object o) throws IOException {
            throw unsupported("writeUnshared");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        private static NotSerializableException unsupported(String what) {
            return new NotSerializableException(what + " (a checkpoint holds tagged plain values only)");
        }
    }

    /** Reads what {@link Output} wrote, and nothing else. */
    static final class Input extends ObjectInputStream {
        private final PlainInput plain;
        private final SearchProblem problem;
        private final Predicate<String> known;

        Input(PlainInput plain, SearchProblem problem, Predicate<String> known) throws IOException {
            super();
            this.plain = plain;
            this.problem = problem;
            this.known = known;
        }

        @Override
        protected Object readObjectOverride() {
            return value(Level.TOP);
        }

        private Object value(Level level) {
            byte tag = plain.readByte();
            return switch (tag) {
                case NULL -> null;
                case STRING -> plain.readString();
                case INT -> plain.readInt();
                case LONG -> plain.readLong();
                case DOUBLE -> plain.readDouble();
                case BOOLEAN -> plain.readBoolean();
                case DOUBLES -> plain.readDoubles();
                case MATRIX -> level == Level.ATTRIBUTE ? unexpected(tag) : matrix();
                case LIST -> level == Level.TOP ? list() : unexpected(tag);
                case SOLUTION -> level == Level.ATTRIBUTE ? unexpected(tag) : solution();
                default -> unexpected(tag);
            };
        }

        private Object unexpected(byte tag) {
            throw plain.malformed("a value of kind " + tag + " cannot stand here");
        }

        private double[][] matrix() {
            double[][] m = new double[plain.readCount("rows", 4)][];
            for (int i = 0; i < m.length; i++) {
                m[i] = plain.readDoubles();
            }
            return m;
        }

        private List<Object> list() {
            int n = plain.readCount("a list", 1);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(value(Level.ELEMENT));
            }
            return out;
        }

        private Solution solution() {
            Solution s = problem.newSolution();
            String arch = plain.readString();
            if (!known.test(arch)) {
                throw plain.malformed("a member of the population, " + RunFileException.quote(arch)
                        + ", is not a candidate of this run");
            }
            ArchitectureVariable.set(s, arch);
            double[] objectives = plain.readDoubles();
            double[] constraints = plain.readDoubles();
            if (objectives == null || objectives.length != s.getNumberOfObjectives() || constraints == null
                    || constraints.length != s.getNumberOfConstraints()) {
                throw plain.malformed("a solution whose objectives or constraints are not the search's "
                        + s.getNumberOfObjectives() + " and " + s.getNumberOfConstraints());
            }
            s.setObjectiveValues(objectives);
            s.setConstraintValues(constraints);
            for (int i = plain.readCount("attributes", 6); i > 0; i--) {
                String name = plain.readString();
                Object v = value(Level.ATTRIBUTE);
                if (v == null) {
                    throw plain.malformed("attribute " + RunFileException.quote(name) + " without a value");
                }
                s.setAttribute(name, (Serializable) v);
            }
            return s;
        }

        private <T> T expect(byte tag, java.util.function.Supplier<T> read) throws IOException {
            byte found = plain.readByte();
            if (found != tag) {
                throw plain.malformed("a value of kind " + tag + " was expected, but kind " + found + " stands here");
            }
            return read.get();
        }

        @Override
        public int readInt() throws IOException {
            return expect(INT, plain::readInt);
        }

        @Override
        public long readLong() throws IOException {
            return expect(LONG, plain::readLong);
        }

        @Override
        public double readDouble() throws IOException {
            return expect(DOUBLE, plain::readDouble);
        }

        @Override
        public boolean readBoolean() throws IOException {
            return expect(BOOLEAN, plain::readBoolean);
        }

        @Override
        public int read() throws IOException {
            throw new IOException("raw bytes are not part of a checkpoint");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw new IOException("raw bytes are not part of a checkpoint");
        }

        @Override
        public byte readByte() throws IOException {
            throw new IOException("raw bytes are not part of a checkpoint");
        }

        @Override
        public String readUTF() throws IOException {
            throw new IOException("readUTF is not part of a checkpoint");
        }

        @Override
        public Object readUnshared() throws IOException {
            throw new IOException("readUnshared is not part of a checkpoint");
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public void close() {}
    }
}
