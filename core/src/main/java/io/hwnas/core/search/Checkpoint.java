package io.hwnas.core.search;

import io.hwnas.core.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * A search's state after a generation, in two files. {@code candidates.bin} is append-only: each checkpoint adds
 * the candidates new or changed since the last, so a long search does not rewrite everything it evaluated every
 * generation. {@code checkpoint.bin} is small and replaced whole (written beside, forced to disk, moved): the
 * algorithm's population (MOEA Framework's own state), the random generator, the order of the measurements, the
 * hypervolume history and its reference, and how many bytes of {@code candidates.bin} it covers. A kill at any
 * moment leaves the last whole checkpoint; bytes appended after it are cut off on resume.
 *
 * @param config         the effective configuration, as JSON, that a resume must match
 * @param candidateBytes the length of {@code candidates.bin} this checkpoint covers
 * @param failed         architectures an oracle failed to evaluate, with the reason, in order
 */
record Checkpoint(int format, String config, int generation, boolean finished, Random random, long candidateBytes,
        List<CandidatePool.Measured> measurements, List<GenerationStats> history, double[] ideal, double[] nadir,
        byte[] algorithmState, long elapsedMs, LinkedHashMap<String, String> failed) implements Serializable {

    static final int FORMAT = 3;
    static final String FILE = "checkpoint.bin";
    static final String CANDIDATES = "candidates.bin";

    /** Appends candidates to the log, forces it to disk and returns the log's new length. */
    static long append(Path dir, long coveredBytes, List<Candidate> changed) throws IOException {
        Path log = dir.resolve(CANDIDATES);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Whatever a killed process appended after the last checkpoint is not part of the run.
            ch.truncate(coveredBytes);
            ch.position(coveredBytes);
            for (Candidate c : changed) {
                ByteArrayOutputStream b = new ByteArrayOutputStream(512);
                try (ObjectOutputStream oos = new ObjectOutputStream(b)) {
                    oos.writeObject(c);
                }
                ByteBuffer buf = ByteBuffer.allocate(4 + b.size());
                buf.putInt(b.size()).put(b.toByteArray()).flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(false);
            return ch.position();
        }
    }

    /** The candidates of the log up to {@link #candidateBytes}, each in its latest state, in evaluation order. */
    List<Candidate> candidates(Path dir) throws IOException {
        LinkedHashMap<String, Candidate> byArch = new LinkedHashMap<>();
        Path log = dir.resolve(CANDIDATES);
        long read = 0;
        try (InputStream in = Files.newInputStream(log); DataInputStream data = new DataInputStream(in)) {
            while (read < candidateBytes) {
                int n = data.readInt();
                byte[] bytes = data.readNBytes(n);
                if (bytes.length != n) {
                    throw new EOFException();
                }
                read += 4 + n;
                try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                    Candidate c = (Candidate) ois.readObject();
                    byArch.put(c.arch(), c); // a later record of a candidate replaces the earlier, keeps its place
                }
            }
        } catch (EOFException e) {
            throw new IOException(log + " ends before the " + candidateBytes + " bytes its checkpoint covers", e);
        } catch (ClassNotFoundException | InvalidClassException e) {
            throw new IOException(log + ": written by another hwnas version, cannot resume (" + e.getMessage() + ")",
                    e);
        }
        List<Candidate> out = new ArrayList<>(byArch.values());
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    void write(Path dir) throws IOException {
        AtomicFiles.writeDurably(dir.resolve(FILE), out -> {
            ObjectOutputStream oos = new ObjectOutputStream(out);
            oos.writeObject(this);
            oos.flush();
        });
    }

    static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            Object o = ois.readObject();
            if (!(o instanceof Checkpoint c) || c.format != FORMAT) {
                throw new IOException(file + ": not a checkpoint of this hwnas version");
            }
            return c;
        } catch (InvalidClassException | ClassNotFoundException e) {
            throw new IOException(file + ": written by another hwnas version, cannot resume (" + e.getMessage()
                    + ")", e);
        }
    }

    static byte[] bytes(StateWriter w) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream oos = new ObjectOutputStream(b)) {
            w.write(oos);
        }
        return b.toByteArray();
    }

    ObjectInputStream algorithmStream() throws IOException {
        return new ObjectInputStream(new ByteArrayInputStream(algorithmState));
    }

    interface StateWriter {
        void write(ObjectOutputStream out) throws IOException;
    }
}
