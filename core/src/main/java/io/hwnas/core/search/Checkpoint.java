package io.hwnas.core.search;

import io.hwnas.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search's state after a generation, in two files of plain data (no Java serialisation: reading one builds
 * numbers, text and the search's own values, never an object a file names). {@code candidates.bin} is
 * append-only ({@link CandidateLog}). {@code checkpoint.bin} is small and replaced whole (written beside, forced to
 * disk, moved): the algorithm's population ({@link AlgorithmState}), the random generator's state, the order of
 * the measurements, the hypervolume history and its reference, and how many bytes of {@code candidates.bin} it
 * covers. A kill at any moment leaves the last whole checkpoint; bytes appended after it are cut off on resume.
 * Both files begin with a header that is checked before anything is decoded ({@link CheckedFiles}).
 *
 * @param format         the run-directory format ({@link CheckedFiles#FORMAT})
 * @param config         the effective configuration, as JSON, that a resume must match
 * @param random         MOEA Framework's generator, where the generation left it
 * @param candidateBytes the length of {@code candidates.bin} this checkpoint covers
 * @param algorithmState the algorithm's own state, as {@link AlgorithmState} writes it
 * @param failed         architectures an oracle failed to evaluate, with the reason, in order
 */
record Checkpoint(int format, String config, int generation, boolean finished, SeededRandom.State random,
        long candidateBytes, List<CandidatePool.Measured> measurements, List<GenerationStats> history, double[] ideal,
        double[] nadir, byte[] algorithmState, long elapsedMs, LinkedHashMap<String, String> failed) {

    static final int FORMAT = CheckedFiles.FORMAT;
    static final String FILE = "checkpoint.bin";
    static final String CANDIDATES = "candidates.bin";

    /** The candidates of the log up to {@link #candidateBytes}, each in its latest state, in evaluation order. */
    List<Candidate> candidates(Path dir) throws IOException {
        return CandidateLog.read(dir, candidateBytes);
    }

    void write(Path dir) throws IOException {
        byte[] file = CheckedFiles.frame(CheckedFiles.CHECKPOINT, encode());
        AtomicFiles.writeDurably(dir.resolve(FILE), out -> out.write(file));
    }

    static Checkpoint read(Path dir) throws IOException {
        PlainInput in = CheckedFiles.read(dir.resolve(FILE), CheckedFiles.CHECKPOINT);
        Checkpoint cp = decode(in);
        in.end();
        return cp;
    }

    private byte[] encode() {
        PlainOutput out = new PlainOutput().writeString(config).writeInt(generation).writeBoolean(finished)
                .writeBoolean(random.lcg()).writeLong(random.seed()).writeBoolean(random.haveGaussian())
                .writeDouble(random.gaussian()).writeLong(candidateBytes).writeInt(measurements.size());
        for (CandidatePool.Measured m : measurements) {
            out.writeString(m.device()).writeString(m.arch());
        }
        out.writeInt(history.size());
        for (GenerationStats g : history) {
            out.writeInt(g.generation()).writeInt(g.evaluations()).writeDouble(g.hypervolume())
                    .writeInt(g.frontSize()).writeInt(g.measured()).writeLong(g.elapsedMs());
        }
        out.writeDoubles(ideal).writeDoubles(nadir).writeBytes(algorithmState).writeLong(elapsedMs)
                .writeInt(failed.size());
        for (Map.Entry<String, String> f : failed.entrySet()) {
            out.writeString(f.getKey()).writeString(f.getValue());
        }
        return out.toByteArray();
    }

    private static Checkpoint decode(PlainInput in) {
        String config = in.readString();
        int generation = in.readInt();
        boolean finished = in.readBoolean();
        boolean lcg = in.readBoolean();
        long seed = in.readLong();
        if (lcg && (seed >>> 48) != 0) {
            throw in.malformed("a 48-bit generator state was expected, but was " + seed);
        }
        SeededRandom.State random = new SeededRandom.State(lcg, seed, in.readBoolean(), in.readDouble());
        long candidateBytes = in.readLong();
        if (generation < 0 || candidateBytes < 0) {
            throw in.malformed("generation " + generation + ", " + candidateBytes + " bytes of " + CANDIDATES);
        }
        List<CandidatePool.Measured> measurements = new ArrayList<>();
        for (int i = in.readCount("measurements", 8); i > 0; i--) {
            measurements.add(new CandidatePool.Measured(in.readString(), in.readString()));
        }
        List<GenerationStats> history = new ArrayList<>();
        for (int i = in.readCount("generations", 32); i > 0; i--) {
            history.add(new GenerationStats(in.readInt(), in.readInt(), in.readDouble(), in.readInt(), in.readInt(),
                    in.readLong()));
        }
        double[] ideal = in.readDoubles();
        double[] nadir = in.readDoubles();
        if ((ideal == null) != (nadir == null) || ideal != null && ideal.length != nadir.length) {
            throw in.malformed("a hypervolume reference whose ideal and nadir points differ in length");
        }
        byte[] state = in.readBytes();
        long elapsedMs = in.readLong();
        LinkedHashMap<String, String> failed = new LinkedHashMap<>();
        for (int i = in.readCount("failed candidates", 8); i > 0; i--) {
            failed.put(in.readString(), in.readString());
        }
        return new Checkpoint(FORMAT, config, generation, finished, random, candidateBytes, List.copyOf(measurements),
                List.copyOf(history), ideal, nadir, state, elapsedMs, failed);
    }
}
