package io.hwnas.core.search;

import io.hwnas.core.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A search's state after a generation: the algorithm's population (MOEA Framework's own state), the random
 * generator, every candidate with its oracle values, the hypervolume history and its reference. Written to a
 * temporary file, forced to disk and moved over the old one, so a kill at any moment leaves the last whole
 * checkpoint.
 *
 * @param config the effective configuration, as JSON, that a resume must match
 */
record Checkpoint(int format, String config, int generation, boolean finished, Random random,
        List<Candidate> candidates, List<GenerationStats> history, double[] ideal, double[] nadir,
        byte[] algorithmState, long elapsedMs) implements Serializable {

    static final int FORMAT = 1;
    static final String FILE = "checkpoint.bin";

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
